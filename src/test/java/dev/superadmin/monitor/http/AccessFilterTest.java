package dev.superadmin.monitor.http;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.superadmin.monitor.testing.ManualProbesProfile;
import dev.superadmin.monitor.testing.Scrape;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** With a credential configured, /status and /q/metrics want it (Basic or Bearer); health stays open. */
@QuarkusTest
@TestProfile(AccessFilterTest.Profile.class)
class AccessFilterTest {

    public static class Profile extends ManualProbesProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(super.getConfigOverrides());
            config.put("superadmin.auth.username", "prometheus");
            config.put("superadmin.auth.password", "scrape-secret");
            config.put("superadmin.auth.token", "bearer-secret");
            return config;
        }
    }

    @Test
    void withoutTheCredentialStatusAndMetricsAreJson401() {
        for (String path : new String[] { "/status", "/status/failed_logins", "/q/metrics" }) {
            given().get(path).then()
                    .statusCode(401)
                    .header("WWW-Authenticate", containsString("Basic realm=\"superadmin-monitor\""))
                    .contentType("application/json")
                    .body("error", equalTo("unauthorized"));
        }
        given().auth().preemptive().basic("prometheus", "wrong").get("/status").then().statusCode(401);
        given().header("Authorization", "Bearer wrong").get("/q/metrics").then().statusCode(401);
    }

    @Test
    void refusedPathsDoNotBecomeUriLabels() {
        for (int i = 0; i < 5; i++) {
            given().get("/status/probe-" + i).then().statusCode(401);
        }
        // the rendering may be up to superadmin.metrics-max-age old
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200))
                .until(() -> scrape().contains("status=\"401\",uri=\"/status/{check}\""));
        assertThat(scrape()).doesNotContain("probe-");
    }

    private static String scrape() {
        return given().auth().preemptive().basic("prometheus", "scrape-secret").accept(Scrape.TEXT_FORMAT)
                .get("/q/metrics").then().statusCode(200).extract().asString();
    }

    @Test
    void basicCredentialsAndTheBearerTokenBothWork() {
        given().auth().preemptive().basic("prometheus", "scrape-secret").get("/status").then().statusCode(200);
        given().auth().preemptive().basic("prometheus", "scrape-secret").get("/q/metrics").then().statusCode(200);
        given().header("Authorization", "Bearer bearer-secret").get("/status/admin_users").then().statusCode(200);
    }

    @Test
    void healthStaysOpenForKubernetes() {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(org.hamcrest.Matchers.anyOf(equalTo(200), equalTo(503)));
    }
}
