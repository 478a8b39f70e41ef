package dev.superadmin.monitor.scenario.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.superadmin.monitor.probe.ProbeScheduler;
import dev.superadmin.monitor.testing.Scrape;
import dev.superadmin.monitor.testing.TlsChecks;
import dev.superadmin.monitor.testing.TlsProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * Targets {@code verify-full} and {@code second}, verify-full configured both ways: {@code verify-full} is the Quarkus
 * datasource ({@code ssl-mode=verify-full}, the test CA in {@code trust-certificate-pem.certs}, hostname verification
 * HTTPS: the settings docs/supabase.md recommends), {@code second} a {@code superadmin.targets} target
 * ({@code ?sslmode=verify-full} in the URL, the test CA in {@code tls-ca}). For both the server's certificate is checked
 * against the test CA (PEM trust) and its name against the URL's host {@code localhost}. Every check OK, over TLS, for
 * both ({@code second} runs {@code admin_users} only). {@link TlsUntrustedCaTest} and {@link TlsWrongHostnameTest}
 * change one of the two and fail.
 */
@QuarkusTest
@TestProfile(TlsProfile.class)
class TlsVerifyFullTest {

    @Inject
    ProbeScheduler scheduler;

    @Test
    void everyCheckOkWithTheServerVerified() {
        assertThat(TlsChecks.config("superadmin.target")).isEqualTo("verify-full");
        assertThat(TlsChecks.config("quarkus.datasource.reactive.url")).startsWith("postgresql://localhost:");
        assertThat(TlsChecks.config("quarkus.datasource.reactive.postgresql.ssl-mode")).isEqualTo("verify-full");
        assertThat(TlsChecks.config("quarkus.datasource.reactive.trust-certificate-pem")).isEqualTo("true");
        assertThat(TlsChecks.config("quarkus.datasource.reactive.trust-certificate-pem.certs"))
                .isEqualTo(TlsChecks.config("test.tls.ca"));
        assertThat(TlsChecks.config("quarkus.datasource.reactive.hostname-verification-algorithm")).isEqualTo("HTTPS");
        assertThat(TlsChecks.config("superadmin.targets.second.url")).startsWith("postgresql://localhost:")
                .endsWith("?sslmode=verify-full");
        assertThat(TlsChecks.config("superadmin.targets.second.tls-ca")).isEqualTo(TlsChecks.config("test.tls.ca"));
        TlsChecks.statusOnceReady();
        scheduler.runRound().await().atMost(Duration.ofSeconds(30));
        JsonPath status = TlsChecks.statusOnceReady();
        TlsChecks.assertAllChecksOk(status, "verify-full");
        TlsChecks.assertOkTargetsOkAndTheWholeCritical(status);
        String second = TlsChecks.inStatus("second");
        assertThat(status.getBoolean(second + ".database.up")).isTrue();
        assertThat(status.getList(second + ".checks.name")).containsExactly("admin_users");
        assertThat(status.getString(second + ".checks[0].state")).isEqualTo("OK");
        assertThat(Scrape.now().value("superadmin_admin_users", "target", "second")).isEqualTo(1);

        for (String target : List.of("verify-full", "second")) {
            List<Map<String, Object>> sessions = TlsChecks.monitorSessions(target);
            System.out.println("ssl-mode=verify-full: the monitor's sessions in pg_stat_ssl for " + target + ": " + sessions);
            assertThat(sessions).isNotEmpty().allSatisfy(session -> assertThat(session.get("ssl")).isEqualTo(true));
            TlsChecks.assertServerLoggedOnlyTlsSessions(target);
        }
    }
}
