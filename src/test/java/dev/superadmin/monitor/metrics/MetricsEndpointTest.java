package dev.superadmin.monitor.metrics;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.superadmin.monitor.probe.ProbeScheduler;
import dev.superadmin.monitor.testing.AdminData;
import dev.superadmin.monitor.testing.ManyChecksProfile;
import dev.superadmin.monitor.testing.Scrape;
import dev.superadmin.monitor.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * /q/metrics reuses its rendering, but never at the cost of a check's truth: a new probe result or a value going
 * stale renders anew, however long the configured maximum age (1 h, and active_sessions stale after 3 s, in
 * {@link ManyChecksProfile}).
 */
@QuarkusTest
@TestProfile(ManyChecksProfile.class)
class MetricsEndpointTest {

    @Inject
    ProbeScheduler probes;

    @Test
    void withinItsMaximumAgeAScrapeIsServedAgainByteForByte() {
        probes.runRound().await().atMost(Duration.ofSeconds(30));
        // past active_sessions' 3 s window, nothing goes stale for hours
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> Scrape.now().value("superadmin_check_status", "check", "active_sessions") == 3);
        String first = Scrape.now().text();
        for (int i = 0; i < 20; i++) {
            given().get("/status").then().statusCode(200); // would move the HTTP and JVM series, were they rendered again
        }
        assertThat(Scrape.now().text()).as("a second scrape within the hour").isEqualTo(first);
        assertThat(first).contains("jvm_memory_used_bytes", "process_uptime_seconds");
    }

    @Test
    void aProbeResultRendersAnewAtOnce() {
        AdminData data = new AdminData(TestDatabase.current()).reset().activeAdmins(2);
        probes.runRound().await().atMost(Duration.ofSeconds(30));
        assertThat(Scrape.now().value("superadmin_admin_users", "check", "admin_users")).isEqualTo(2);

        data.activeAdmins(4);
        probes.runRound().await().atMost(Duration.ofSeconds(30));
        Scrape after = Scrape.now();
        assertThat(after.value("superadmin_admin_users", "check", "admin_users")).as("right after the round").isEqualTo(4);
        assertThat(after.value("superadmin_admin_users", "check", "admin_users")).isEqualTo(4);
    }

    @Test
    void aValueGoingStaleRendersAnewAtOnce() {
        probes.runRound().await().atMost(Duration.ofSeconds(30));
        Scrape fresh = Scrape.now();
        assertThat(fresh.value("superadmin_check_status", "check", "active_sessions")).as("fresh").isZero();
        double measuredAt = fresh.value("superadmin_probe_last_success_timestamp_seconds", "check", "active_sessions");

        // staleness 3 s, maximum age 1 h: UNKNOWN as soon as the value is 3 s old
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> Scrape.now().value("superadmin_check_status", "check", "active_sessions") == 3);
        double seenAt = System.currentTimeMillis() / 1000.0;
        assertThat(seenAt - measuredAt).as("seconds from the probe to the UNKNOWN scrape").isBetween(3.0, 3.5);
        Scrape stale = Scrape.now();
        assertThat(stale.value("superadmin_active_sessions", "check", "active_sessions")).isNaN();
        // UNKNOWN since the window closed, though no probe has run since to say so
        assertThat(stale.value("superadmin_check_status_since_timestamp_seconds", "check", "active_sessions"))
                .isCloseTo(measuredAt + 3, within(0.002));
    }

    @Test
    void prometheusGetsTextAndOpenMetricsClientsGetOpenMetrics() {
        // Prometheus 2.x's own Accept header
        String prometheus = "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
                + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1";
        String text = given().header("Accept", prometheus).get("/q/metrics").then().statusCode(200)
                .contentType("text/plain; version=0.0.4; charset=utf-8").extract().asString();
        assertThat(text).contains("superadmin_database_up{target=").doesNotContain("# EOF");

        for (String accept : List.of("application/openmetrics-text; version=1.0.0", "*/*")) {
            String openMetrics = given().header("Accept", accept).get("/q/metrics").then().statusCode(200)
                    .contentType("application/openmetrics-text; version=1.0.0; charset=utf-8").extract().asString();
            assertThat(openMetrics).as(accept).contains("superadmin_database_up{target=").endsWith("# EOF\n");
        }
    }
}
