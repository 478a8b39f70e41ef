package dev.superadmin.monitor.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.superadmin.monitor.testing.ManualProbesProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** While the first round is still running (one check takes 20 s), the service is live but not ready. */
@QuarkusTest
@TestProfile(FirstRoundPendingTest.Profile.class)
class FirstRoundPendingTest {

    public static class Profile extends ManualProbesProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(super.getConfigOverrides());
            config.put("superadmin.checks.aaa_slow_first.sql", "SELECT count(*) FROM pg_sleep(20)");
            config.put("superadmin.checks.aaa_slow_first.warning", "1");
            config.put("superadmin.checks.aaa_slow_first.interval", "1h");
            config.put("superadmin.checks.aaa_slow_first.timeout", "30s");
            return config;
        }
    }

    @Test
    void notReadyUntilEveryCheckHasBeenProbedOnce() {
        given().get("/q/health/ready").then()
                .statusCode(503)
                .body("checks.find { it.name == 'superadmin-probes' }.status", equalTo("DOWN"));
        given().get("/q/health/live").then().statusCode(200);
        given().get("/status/aaa_slow_first").then()
                .statusCode(200)
                .body("state", equalTo("UNKNOWN"))
                .body("value", nullValue())
                .body("measuredAt", nullValue())
                .body("lastError", nullValue());
    }
}
