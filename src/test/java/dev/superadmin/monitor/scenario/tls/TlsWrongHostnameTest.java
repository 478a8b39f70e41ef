package dev.superadmin.monitor.scenario.tls;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.superadmin.monitor.probe.ProbeScheduler;
import dev.superadmin.monitor.testing.TlsChecks;
import dev.superadmin.monitor.testing.TlsProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Target {@code wrong-host}: {@code ?sslmode=verify-full} with the CA that signed the server's certificate, but
 * connecting to {@code 127.0.0.2}, an address of the same server that the certificate (for {@code localhost} and
 * {@code 127.0.0.1}) does not name (everything else as target {@code second} of {@link TlsVerifyFullTest}):
 * hostname verification refuses it, every check fails with reason {@code connect}.
 */
@QuarkusTest
@TestProfile(TlsProfile.class)
class TlsWrongHostnameTest {

    @Inject
    ProbeScheduler scheduler;

    @Test
    void theHostNameIsChecked() {
        assertThat(TlsChecks.config("superadmin.targets.wrong-host.url")).startsWith("postgresql://127.0.0.2:");
        assertThat(TlsChecks.config("superadmin.targets.wrong-host.tls-ca")).isEqualTo(TlsChecks.config("test.tls.ca"));
        // Vert.x reports any failed handshake as "SSL handshake failed" and drops the cause; the server's log
        // says it was the client that refused the certificate.
        String message = TlsChecks.assertEveryCheckFailsToConnect(TlsChecks.statusOnceReady(), "wrong-host",
                "SSL handshake failed");
        System.out.println("wrong-host: lastError.message = " + message);
        TlsChecks.assertClientRejectedTheCertificate("wrong-host");
        TlsChecks.assertStillFailingAfterAnotherRound(scheduler, "wrong-host");
    }
}
