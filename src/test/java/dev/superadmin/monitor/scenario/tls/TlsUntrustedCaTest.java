package dev.superadmin.monitor.scenario.tls;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.superadmin.monitor.probe.ProbeScheduler;
import dev.superadmin.monitor.testing.TlsChecks;
import dev.superadmin.monitor.testing.TlsProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * {@code ssl-mode=verify-full} trusting a CA that did not sign the server's certificate (everything else as
 * {@link TlsVerifyFullTest}): the handshake fails, every check fails with reason {@code connect}, the database is
 * down, and the service still answers.
 */
@QuarkusTest
@TestProfile(TlsUntrustedCaTest.Profile.class)
class TlsUntrustedCaTest {

    public static class Profile extends TlsProfile {
        @Override
        protected String mode() {
            return "untrusted-ca";
        }
    }

    @Inject
    ProbeScheduler scheduler;

    @Test
    void theCertificateIsRefused() {
        // Vert.x reports any failed handshake as "SSL handshake failed" and drops the cause; the server's log
        // says it was the client that refused the certificate.
        String message = TlsChecks.assertEveryCheckFailsToConnect(TlsChecks.statusOnceReady(), "SSL handshake failed");
        System.out.println("untrusted-ca: lastError.message = " + message);
        TlsChecks.assertClientRejectedTheCertificate();
        TlsChecks.assertStillFailingAfterAnotherRound(scheduler);
    }
}
