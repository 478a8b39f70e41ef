package dev.superadmin.monitor.scenario.tls;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.superadmin.monitor.probe.ProbeScheduler;
import dev.superadmin.monitor.testing.TlsChecks;
import dev.superadmin.monitor.testing.TlsProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * {@code ssl-mode=verify-full} with the CA that signed the server's certificate, but a certificate for
 * {@code db.example.test} while the service connects to {@code localhost} (everything else as
 * {@link TlsVerifyFullTest}): hostname verification refuses it, every check fails with reason {@code connect}.
 */
@QuarkusTest
@TestProfile(TlsWrongHostnameTest.Profile.class)
class TlsWrongHostnameTest {

    public static class Profile extends TlsProfile {
        @Override
        protected String mode() {
            return "wrong-host";
        }
    }

    @Inject
    ProbeScheduler scheduler;

    @Test
    void theHostNameIsChecked() {
        // Vert.x reports any failed handshake as "SSL handshake failed" and drops the cause; the server's log
        // says it was the client that refused the certificate.
        String message = TlsChecks.assertEveryCheckFailsToConnect(TlsChecks.statusOnceReady(), "SSL handshake failed");
        System.out.println("wrong-host: lastError.message = " + message);
        TlsChecks.assertClientRejectedTheCertificate();
        TlsChecks.assertStillFailingAfterAnotherRound(scheduler);
    }
}
