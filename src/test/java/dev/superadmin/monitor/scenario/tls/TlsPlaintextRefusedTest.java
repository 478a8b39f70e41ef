package dev.superadmin.monitor.scenario.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.superadmin.monitor.probe.ProbeScheduler;
import dev.superadmin.monitor.testing.TlsChecks;
import dev.superadmin.monitor.testing.TlsPostgresResource;
import dev.superadmin.monitor.testing.TlsProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Target {@code plaintext}: {@code ?sslmode=disable} against the TLS-only server the other TLS tests watch too:
 * pg_hba.conf refuses the plain connection, so the checks that pass there really went over TLS.
 */
@QuarkusTest
@TestProfile(TlsProfile.class)
class TlsPlaintextRefusedTest {

    @Inject
    ProbeScheduler scheduler;

    @Test
    void aPlainConnectionIsRefused() {
        String message = TlsChecks.assertEveryCheckFailsToConnect(TlsChecks.statusOnceReady(), "plaintext",
                "pg_hba.conf rejects connection");
        System.out.println("plaintext: lastError.message = " + message);
        assertThat(message).contains("no encryption").contains("(SQLSTATE 28000)");
        List<String> refused = TlsChecks.serverLog("FATAL:  pg_hba.conf rejects connection");
        // only this target's connections are plain: every refusal names its database
        assertThat(refused).isNotEmpty().allSatisfy(line -> assertThat(line)
                .contains("database \"" + TlsPostgresResource.database("plaintext") + "\"").contains("no encryption"));
        assertThat(TlsChecks.authorizedSessions("plaintext")).isEmpty();
        TlsChecks.assertStillFailingAfterAnotherRound(scheduler, "plaintext");
    }
}
