package dev.superadmin.monitor.scenario.tls;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.superadmin.monitor.probe.ProbeScheduler;
import dev.superadmin.monitor.testing.TlsChecks;
import dev.superadmin.monitor.testing.TlsProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Target {@code untrusted-ca}: {@code ?sslmode=verify-full} trusting a CA that did not sign the server's certificate
 * (everything else as target {@code second} of {@link TlsVerifyFullTest}): the handshake fails, every check fails
 * with reason {@code connect}, the database is down, and the service still answers.
 */
@QuarkusTest
@TestProfile(TlsProfile.class)
class TlsUntrustedCaTest {

    @Inject
    ProbeScheduler scheduler;

    @Test
    void theCertificateIsRefused() {
        // Vert.x reports any failed handshake as "SSL handshake failed" and drops the cause; the server's log
        // says it was the client that refused the certificate.
        String message = TlsChecks.assertEveryCheckFailsToConnect(TlsChecks.statusOnceReady(), "untrusted-ca",
                "SSL handshake failed");
        System.out.println("untrusted-ca: lastError.message = " + message);
        TlsChecks.assertClientRejectedTheCertificate("untrusted-ca");
        TlsChecks.assertStillFailingAfterAnotherRound(scheduler, "untrusted-ca");
    }
}
