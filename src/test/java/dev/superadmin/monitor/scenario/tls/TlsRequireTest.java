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
import dev.superadmin.monitor.testing.TlsTrustAllProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * Target {@code require}, the Quarkus datasource: {@code ssl-mode=require} with {@code trust-all=true} against a
 * server that accepts TCP only over TLS: encrypted, the certificate not verified, every check OK, and the server says
 * each of the monitor's sessions is TLS. The only target of its profile ({@link TlsTrustAllProfile}): trust-all can
 * only be set on the datasource, which the other TLS tests need as {@code verify-full}.
 */
@QuarkusTest
@TestProfile(TlsTrustAllProfile.class)
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
        // the only target, so the whole is OK too
        assertThat(status.getList("targets.target")).containsExactlyElementsOf(TlsPostgresResource.TRUST_ALL_TARGETS);
        assertThat(status.getString("state")).isEqualTo("OK");

        List<Map<String, Object>> sessions = TlsChecks.monitorSessions("require");
        System.out.println("ssl-mode=require: the monitor's sessions in pg_stat_ssl: " + sessions);
        assertThat(sessions).isNotEmpty().allSatisfy(session -> assertThat(session.get("ssl")).isEqualTo(true));
        // on the whole server, the monitor is only in the target's database, always over TLS
        List<String> okDatabases = TlsPostgresResource.TRUST_ALL_TARGETS.stream().map(TlsPostgresResource::database).toList();
        assertThat(TlsChecks.monitorSessions()).allSatisfy(session -> {
            assertThat(session.get("ssl")).isEqualTo(true);
            assertThat(session.get("datname")).isIn(okDatabases);
        });
        TlsChecks.assertServerLoggedOnlyTlsSessions("require");
    }
}
