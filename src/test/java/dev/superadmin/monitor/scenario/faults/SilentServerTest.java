package dev.superadmin.monitor.scenario.faults;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import dev.superadmin.monitor.testing.SilentServer;

/**
 * A "database" that accepts connections and never says a word: the probes give up at their timeouts, the
 * database is reported down, and the service stays live and ready.
 */
@QuarkusTest
@TestProfile(SilentServerTest.Profile.class)
class SilentServerTest {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.datasource.username", "superadmin_monitor",
                    "superadmin.checks.admin_users.interval", "2s",
                    "superadmin.checks.admin_users.timeout", "1s");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(SilentServer.class));
        }
    }

    @Test
    void probesGiveUpTheDatabaseIsDownAndTheServiceStaysUp() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/status").then()
                .body("state", equalTo("CRITICAL"))
                .body("targets[0].database.up", equalTo(false)));
        given().get("/status/admin_users").then()
                .body("state", equalTo("UNKNOWN"))
                .body("lastError.reason", equalTo("connect"))
                .body("lastError.message", containsString("could not connect to the database within 2.0 s"));
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
    }
}
