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
 * {@code ssl-mode=verify-full}: the server's certificate is checked against the test CA (PEM trust) and its name
 * against the URL's host {@code localhost} (hostname verification HTTPS). Every check OK, over TLS, for the
 * Quarkus datasource and for a second target configured with {@code superadmin.targets.second.tls-ca}.
 * {@link TlsUntrustedCaTest} and {@link TlsWrongHostnameTest} change one of the two and fail.
 */
@QuarkusTest
@TestProfile(TlsVerifyFullTest.Profile.class)
class TlsVerifyFullTest {

    public static class Profile extends TlsProfile {
        @Override
        protected String mode() {
            return "verify-full";
        }
    }

    @Inject
    ProbeScheduler scheduler;

    @Test
    void everyCheckOkWithTheServerVerified() {
        assertThat(TlsChecks.config("quarkus.datasource.reactive.url")).startsWith("postgresql://localhost:");
        assertThat(TlsChecks.config("quarkus.datasource.reactive.trust-certificate-pem.certs"))
                .isEqualTo(TlsChecks.config("test.tls.ca"));
        TlsChecks.statusOnceReady();
        scheduler.runRound().await().atMost(Duration.ofSeconds(30));
        JsonPath status = TlsChecks.statusOnceReady();
        TlsChecks.assertAllChecksOk(status);
        assertThat(status.getString("targets[1].target")).isEqualTo("second");
        assertThat(status.getBoolean("targets[1].database.up")).isTrue();
        assertThat(status.getString("targets[1].checks[0].state")).isEqualTo("OK");
        assertThat(Scrape.now().value("superadmin_admin_users", "target", "second")).isEqualTo(1);

        List<Map<String, Object>> sessions = TlsChecks.monitorSessions();
        System.out.println("ssl-mode=verify-full: the monitor's sessions in pg_stat_ssl: " + sessions);
        assertThat(sessions).isNotEmpty().allSatisfy(session -> assertThat(session.get("ssl")).isEqualTo(true));
        TlsChecks.assertServerLoggedOnlyTlsSessions();
    }
}
