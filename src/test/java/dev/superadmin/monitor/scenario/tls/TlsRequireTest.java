package dev.superadmin.monitor.scenario.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.superadmin.monitor.probe.ProbeScheduler;
import dev.superadmin.monitor.testing.TlsChecks;
import dev.superadmin.monitor.testing.TlsPostgresResource;
import dev.superadmin.monitor.testing.TlsProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * {@code ssl-mode=require} with {@code trust-all=true} against a server that accepts TCP only over TLS: encrypted,
 * the certificate not verified, every check OK, and the server says each of the monitor's sessions is TLS.
 */
@QuarkusTest
@TestProfile(TlsRequireTest.Profile.class)
class TlsRequireTest {

    public static class Profile extends TlsProfile {
        @Override
        protected String mode() {
            return "require";
        }
    }

    @Inject
    ProbeScheduler scheduler;

    @Test
    void everyCheckOkOverTls() {
        TlsChecks.statusOnceReady();
        scheduler.runRound().await().atMost(Duration.ofSeconds(30));
        TlsChecks.assertAllChecksOk(TlsChecks.statusOnceReady());

        List<Map<String, Object>> sessions = TlsChecks.monitorSessions();
        System.out.println("ssl-mode=require: the monitor's sessions in pg_stat_ssl: " + sessions);
        assertThat(sessions).isNotEmpty().allSatisfy(session -> {
            assertThat(session.get("ssl")).isEqualTo(true);
            assertThat(session.get("datname")).isEqualTo(TlsPostgresResource.DATABASE);
        });
        TlsChecks.assertServerLoggedOnlyTlsSessions();
    }
}
