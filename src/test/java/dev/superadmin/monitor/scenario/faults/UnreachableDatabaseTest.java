package dev.superadmin.monitor.scenario.faults;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.superadmin.monitor.testing.ChildProcess;
import dev.superadmin.monitor.testing.Scrape;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** Nothing listens where the database should be: the service is up, ready, and says the database is down. */
@QuarkusTest
@TestProfile(UnreachableDatabaseTest.Profile.class)
class UnreachableDatabaseTest {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.datasource.reactive.url", "postgresql://127.0.0.1:" + ChildProcess.freePort() + "/nowhere",
                    "quarkus.datasource.username", "superadmin_monitor");
        }
    }

    @Test
    void readyAndCriticalWithEveryCheckUnknown() {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
        given().get("/q/health/ready").then()
                .body("checks.find { it.name == 'superadmin-probes' }.data.'database.default'", equalTo("down"))
                .body("checks.find { it.name == 'superadmin-probes' }.data.state", equalTo("CRITICAL"));
        given().get("/status").then()
                .statusCode(200)
                .body("state", equalTo("CRITICAL"))
                .body("targets[0].database.up", equalTo(false))
                .body("targets[0].checks.state", everyItem(equalTo("UNKNOWN")))
                .body("targets[0].checks.value", everyItem(nullValue()))
                .body("targets[0].checks.lastError.reason", everyItem(equalTo("connect")));
        given().get("/status/admin_users").then()
                .body("lastError.message", org.hamcrest.Matchers.containsString("Connection refused"));
    }

    @Test
    void metricsSayTheDatabaseIsDown() {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
        Scrape scrape = Scrape.now();
        assertThat(scrape.value("superadmin_database_up")).isZero();
        assertThat(scrape.value("superadmin_admin_users", "check", "admin_users")).isNaN();
        assertThat(scrape.value("superadmin_check_status", "check", "admin_users")).isEqualTo(3);
        assertThat(scrape.value("superadmin_probe_failures_total", "check", "admin_users", "reason", "connect")).isGreaterThanOrEqualTo(1);
        assertThat(scrape.value("superadmin_probe_failures_total", "check", "admin_users", "reason", "sql")).isZero();
        assertThat(scrape.value("superadmin_probe_last_success_timestamp_seconds", "check", "admin_users")).isZero();
    }
}
