package dev.superadmin.monitor.metrics;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.superadmin.monitor.probe.ProbeScheduler;
import dev.superadmin.monitor.testing.AdminData;
import dev.superadmin.monitor.testing.ManualProbesProfile;
import dev.superadmin.monitor.testing.Scrape;
import dev.superadmin.monitor.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(ManualProbesProfile.class)
class CheckMetricsTest {

    @Inject
    ProbeScheduler probes;

    @BeforeEach
    void probeDemoLikeData() {
        new AdminData(TestDatabase.current()).reset().failedLogins(14).orphanedImages(3).activeSessions(3);
        probes.runRound().await().atMost(Duration.ofSeconds(30));
    }

    @Test
    void everyProductFamilyIsExposedWithTheTargetLabel() {
        Scrape scrape = Scrape.now();
        for (String family : List.of("superadmin_active_sessions", "superadmin_failed_logins_last_hour",
                "superadmin_database_size_bytes", "superadmin_orphaned_images", "superadmin_admin_users",
                "superadmin_check_status", "superadmin_check_threshold", "superadmin_database_up",
                "superadmin_probe_duration_seconds", "superadmin_probe_last_success_timestamp_seconds",
                "superadmin_probe_failures_total", "superadmin_check_held")) {
            assertThat(scrape.find(family)).as(family).isNotEmpty()
                    .allSatisfy(sample -> assertThat(sample.labels()).containsEntry("target", "default"));
        }
        assertThat(scrape.find("jvm_memory_used_bytes")).as("the service's own series are about no target").isNotEmpty()
                .allSatisfy(sample -> assertThat(sample.labels()).doesNotContainKey("target"));
    }

    @Test
    void gaugesCarryTheLastProbedValues() {
        Scrape scrape = Scrape.now();
        assertThat(scrape.value("superadmin_failed_logins_last_hour", "check", "failed_logins")).isEqualTo(14);
        assertThat(scrape.value("superadmin_orphaned_images", "check", "orphaned_images")).isEqualTo(3);
        assertThat(scrape.value("superadmin_active_sessions", "check", "active_sessions")).isEqualTo(3);
        assertThat(scrape.value("superadmin_admin_users", "check", "admin_users")).isEqualTo(1);
        assertThat(scrape.value("superadmin_database_size_bytes", "check", "database_size"))
                .isEqualTo(TestDatabase.current().queryLong("SELECT pg_database_size(current_database())"), within(1024 * 1024));
        assertThat(scrape.value("superadmin_database_up")).isEqualTo(1);
        assertThat(scrape.value("superadmin_check_status", "check", "failed_logins")).isEqualTo(1);
        assertThat(scrape.value("superadmin_check_status", "check", "admin_users")).isEqualTo(0);
        double now = System.currentTimeMillis() / 1000.0;
        assertThat(scrape.value("superadmin_probe_last_success_timestamp_seconds", "check", "admin_users"))
                .isBetween(now - 60, now + 1);
        assertThat(scrape.value("superadmin_probe_duration_seconds", "check", "admin_users")).isBetween(0.0, 5.0);
        assertThat(scrape.find("superadmin_probe_failures_total", "check", "admin_users"))
                .extracting(sample -> sample.labels().get("reason"))
                .containsExactlyInAnyOrder("connect", "timeout", "permission", "sql", "result", "rls");
        assertThat(scrape.find("superadmin_probe_failures_total")).allSatisfy(sample -> assertThat(sample.value()).isZero());
    }

    @Test
    void thresholdGaugesMatchTheConfiguration() {
        Scrape scrape = Scrape.now();
        assertThat(scrape.find("superadmin_check_threshold"))
                .extracting(sample -> sample.labels().get("check") + "/" + sample.labels().get("level") + "=" + (long) sample.value())
                .containsExactlyInAnyOrder(
                        "active_sessions/warning=5", "active_sessions/critical=10",
                        "failed_logins/warning=10", "failed_logins/critical=25",
                        "database_size/warning=1073741824", "database_size/critical=5368709120",
                        "orphaned_images/warning=0",
                        "admin_users/critical=1",
                        "expired_sessions/warning=100");
    }

    @Test
    void helpTextsSayValuesComeFromTheLastProbe() {
        String text = Scrape.now().text();
        assertThat(text).contains("# HELP superadmin_failed_logins_last_hour Failed admin logins in the trailing hour, in events;")
                .contains("# HELP superadmin_check_status State of the check: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN");
        assertThat(text.lines().filter(line -> line.startsWith("# HELP superadmin_")
                && !line.startsWith("# HELP superadmin_probe_")
                && !line.startsWith("# HELP superadmin_check_threshold")
                && !line.startsWith("# HELP superadmin_shards")
                && !line.startsWith("# HELP superadmin_config_")))
                .isNotEmpty()
                .allSatisfy(line -> assertThat(line).contains("from the last probe, not measured at scrape time"));
    }

    @Test
    void anUnshardedInstanceIsShardZeroOfOne() {
        Scrape scrape = Scrape.now();
        assertThat(scrape.value("superadmin_shards", "index", "0")).isEqualTo(1);
        assertThat(scrape.find("superadmin_shards")).singleElement()
                .satisfies(sample -> assertThat(sample.labels()).doesNotContainKey("target"));
    }

    @Test
    void promtoolFindsNothingToReport() {
        assertThat(Scrape.now().promtoolReport()).isEmpty();
    }

    @Test
    void prometheusAcceptHeaderGetsAnExposition() {
        String prometheus = "application/openmetrics-text;version=1.0.0;escaping=allow-utf-8,"
                + "application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=1.0.0;escaping=allow-utf-8;q=0.5,"
                + "text/plain;version=0.0.4;q=0.4,*/*;q=0.1";
        String body = given().header("Accept", prometheus).get("/q/metrics").then()
                .statusCode(200)
                .extract().asString();
        assertThat(body).containsPattern("superadmin_check_status\\{check=\"failed_logins\",target=\"default\",?} 1.0");
    }

    @Test
    void openMetricsIsServedOnRequest() {
        String body = given().header("Accept", "application/openmetrics-text; version=1.0.0; charset=utf-8")
                .get("/q/metrics").then()
                .statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("application/openmetrics-text"))
                .extract().asString();
        assertThat(body).contains("superadmin_probe_failures_total{check=\"admin_users\",reason=\"sql\",target=\"default\"} 0.0")
                .endsWith("# EOF\n");
    }

    private static org.assertj.core.data.Offset<Double> within(double delta) {
        return org.assertj.core.data.Offset.offset(delta);
    }
}
