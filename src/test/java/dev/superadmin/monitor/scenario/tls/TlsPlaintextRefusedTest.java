package dev.superadmin.monitor.scenario.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.superadmin.monitor.probe.ProbeScheduler;
import dev.superadmin.monitor.testing.TlsChecks;
import dev.superadmin.monitor.testing.TlsProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * {@code ssl-mode=disable} against the TLS-only server of the other TLS tests: pg_hba.conf refuses the plain
 * connection, so the checks that pass there really went over TLS.
 */
@QuarkusTest
@TestProfile(TlsPlaintextRefusedTest.Profile.class)
class TlsPlaintextRefusedTest {

    public static class Profile extends TlsProfile {
        @Override
        protected String mode() {
            return "plaintext";
        }
    }

    @Inject
    ProbeScheduler scheduler;

    @Test
    void aPlainConnectionIsRefused() {
        String message = TlsChecks.assertEveryCheckFailsToConnect(TlsChecks.statusOnceReady(),
                "pg_hba.conf rejects connection");
        System.out.println("plaintext: lastError.message = " + message);
        assertThat(message).contains("no encryption").contains("(SQLSTATE 28000)");
        List<String> refused = TlsChecks.serverLog("FATAL:  pg_hba.conf rejects connection");
        assertThat(refused).isNotEmpty().allSatisfy(line -> assertThat(line).contains("no encryption"));
        assertThat(TlsChecks.serverLog("connection authorized: user=superadmin_monitor")).isEmpty();
        TlsChecks.assertStillFailingAfterAnotherRound(scheduler);
    }
}
