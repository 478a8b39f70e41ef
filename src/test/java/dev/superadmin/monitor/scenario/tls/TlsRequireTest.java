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
import io.restassured.path.json.JsonPath;

/**
 * Target {@code require}, the Quarkus datasource: {@code ssl-mode=require} with {@code trust-all=true} against a
 * server that accepts TCP only over TLS: encrypted, the certificate not verified, every check OK, and the server says
 * each of the monitor's sessions is TLS. The other TLS tests watch the same server at the same time, as other targets
 * ({@link TlsPostgresResource}).
 */
@QuarkusTest
@TestProfile(TlsProfile.class)
class TlsRequireTest {

    @Inject
    ProbeScheduler scheduler;

    @Test
    void everyCheckOkOverTls() {
        assertThat(TlsChecks.config("superadmin.target")).isEqualTo("require");
        assertThat(TlsChecks.config("quarkus.datasource.reactive.postgresql.ssl-mode")).isEqualTo("require");
        assertThat(TlsChecks.config("quarkus.datasource.reactive.trust-all")).isEqualTo("true");
        TlsChecks.statusOnceReady();
        scheduler.runRound().await().atMost(Duration.ofSeconds(30));
        JsonPath status = TlsChecks.statusOnceReady();
        TlsChecks.assertAllChecksOk(status, "require");
        TlsChecks.assertOkTargetsOkAndTheWholeCritical(status);

        List<Map<String, Object>> sessions = TlsChecks.monitorSessions("require");
        System.out.println("ssl-mode=require: the monitor's sessions in pg_stat_ssl: " + sessions);
        assertThat(sessions).isNotEmpty().allSatisfy(session -> assertThat(session.get("ssl")).isEqualTo(true));
        // on the whole server, the monitor is only in the databases of the targets that get through, always over TLS
        List<String> okDatabases = TlsPostgresResource.OK_TARGETS.stream().map(TlsPostgresResource::database).toList();
        assertThat(TlsChecks.monitorSessions()).allSatisfy(session -> {
            assertThat(session.get("ssl")).isEqualTo(true);
            assertThat(session.get("datname")).isIn(okDatabases);
        });
        TlsChecks.assertServerLoggedOnlyTlsSessions("require");
    }
}
