package dev.superadmin.monitor.http;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.superadmin.monitor.testing.ManualProbesProfile;
import dev.superadmin.monitor.testing.RawHttp;
import dev.superadmin.monitor.testing.Scrape;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * With a credential configured, every path wants it (Basic or Bearer) but the few exact ones that hold no data: the
 * status page, the runbooks, health and the OpenAPI document. No spelling of a data path reaches data without it.
 */
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
        for (String path : new String[] { "/status", "/status/failed_logins", "/status/failed_logins/history",
                "/status/failed_logins/history?target=default", "/q/metrics" }) {
            given().get(path).then()
                    .statusCode(401)
                    .header("WWW-Authenticate", containsString("Basic realm=\"superadmin-monitor\""))
                    .contentType("application/json")
                    .body("error", equalTo("unauthorized"));
        }
        given().auth().preemptive().basic("prometheus", "wrong").get("/status").then().statusCode(401);
        given().header("Authorization", "Bearer wrong").get("/q/metrics").then().statusCode(401);
    }

    /**
     * Access is decided before routing, so a 401 has no route: its label is fixed. It used to be the template the path
     * looked like, which /status;x showed to be a guess.
     */
    @Test
    void refusedPathsDoNotBecomeUriLabels() {
        for (int i = 0; i < 5; i++) {
            given().get("/status/probe-" + i).then().statusCode(401);
        }
        // the rendering may be up to superadmin.metrics-max-age old
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200))
                .until(() -> scrape().contains("status=\"401\",uri=\"/UNAUTHORIZED\""));
        assertThat(scrape()).doesNotContain("probe-");
    }

    /**
     * Ways to spell a data path that a router may resolve to one, or that once reached one past the check. ORIGIN
     * stands for the service's own origin: an absolute-form request target ({@code GET http://host:port/status}).
     */
    static List<String> tricks() {
        return List.of("/status;x", "/status;", "/status;jsessionid=1", "/status;a=b/failed_logins", "/status;/nope",
                "//status", "/./status", "/status/", "/%73tatus", "/status%2ffailed_logins", "/status%2Ffailed_logins",
                "/status%3bx", "/status%3Bx", "/STATUS", "/Status/failed_logins", "/x/../status", "/q/health/../../status",
                "/status/failed_logins/..", "/status/./failed_logins", "/status//failed_logins", "/q/health/..%2f..%2fstatus",
                "//q/metrics", "/q/metrics;x", "/q/metrics/", "/q/./metrics", "/q/%6detrics", "/q/health;/../metrics",
                "/q/health/", "/q/health/live;x", "/index.html;/../status",
                "/status/failed_logins/history/", "/status/failed_logins%2fhistory", "/status/failed_logins/./history",
                "/status/failed_logins/history;x", "/index.html/../status/failed_logins/history", "/STATUS/failed_logins/history",
                "/runbooks/README/../../status", "/runbooks/..%2fstatus", "/runbooks/README;/../../status",
                "/runbooks/%2e%2e/status", "/runbooks/README/..%2f..%2fq%2fmetrics", "ORIGIN/runbooks/../status",
                "ORIGIN/status", "ORIGIN/status;x", "ORIGIN/q/metrics", "ORIGIN//status", "ORIGIN/q/health/../../status");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tricks")
    void noSpellingOfADataPathReachesDataWithoutTheCredential(String trick) {
        String target = trick.replace("ORIGIN", "http://127.0.0.1:" + RawHttp.port());
        for (String[] authorization : List.of(new String[0], new String[] { "Authorization: Bearer wrong" },
                new String[] { "Authorization: Basic cHJvbWV0aGV1czp3cm9uZw==" })) {
            RawHttp.Response get = RawHttp.exchange("GET", target, authorization);
            assertThat(get.status()).as("GET %s %s", target, List.of(authorization)).isEqualTo(401);
            assertThat(get.header("Content-Type")).isEqualTo("application/json");
            assertThat(get.body()).contains("\"error\":\"unauthorized\"");
            assertHoldsNoData(get.body());

            RawHttp.Response head = RawHttp.exchange("HEAD", target, authorization);
            assertThat(head.status()).as("HEAD %s", target).isEqualTo(401);
            assertThat(head.header("Content-Type")).isEqualTo("application/json");

            // methods are refused before access is decided: same answer for every path, so it says nothing either
            RawHttp.Response options = RawHttp.exchange("OPTIONS", target, authorization);
            assertThat(options.status()).as("OPTIONS %s", target).isEqualTo(405);
            assertThat(options.header("Allow")).isEqualTo("GET, HEAD");
            assertHoldsNoData(options.body());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "/status;x", "/status;", "/status;jsessionid=1", "/status;a=b/failed_logins", "/status;/nope",
            "/q/metrics;x", "/q/health;x", "/;x" })
    void pathParametersAreJson400EvenWithTheCredential(String path) {
        for (String method : List.of("GET", "HEAD")) {
            RawHttp.Response response = RawHttp.exchange(method, path, "Authorization: Bearer bearer-secret");
            assertThat(response.status()).as("%s %s", method, path).isEqualTo(400);
            assertThat(response.header("Content-Type")).isEqualTo("application/json");
            assertHoldsNoData(response.body());
        }
        assertThat(RawHttp.exchange("GET", path, "Authorization: Bearer bearer-secret").body())
                .isEqualTo("{\"status\":400,\"error\":\"bad_request\",\"message\":\"path parameters (;) are not accepted\"}");
    }

    private static void assertHoldsNoData(String body) {
        assertThat(body).doesNotContain("targets", "\"default\"", "expired_sessions").doesNotContain(ManualProbesProfile.SEED_CHECKS);
    }

    @Test
    void onlyTheExactOpenPathsNeedNoCredential() {
        for (String path : List.of("/", "/index.html", "/q/health", "/q/health/live", "/q/health/ready", "/q/health/started",
                "/q/openapi", "/q/openapi?format=json", "/q/health/live?probe=1")) {
            assertThat(RawHttp.exchange("GET", path).status()).as(path).isIn(200, 503);
        }
        for (String path : List.of("/nope", "/q/health/well", "/q/openapi.json", "/q/dev-ui", "/index.htm", "/favicon.ico")) {
            assertThat(RawHttp.exchange("GET", path).status()).as(path).isEqualTo(401);
        }
    }

    /** Exactly /runbooks/ and a runbook's name: no other spelling, not even of a runbook, and no unknown name. */
    @Test
    void theRunbooksAreOpenByTheirExactPathsOnly() {
        for (String path : List.of("/runbooks/README", "/runbooks/SuperadminCheck", "/runbooks/SuperadminNoActiveAdmin?x=1")) {
            RawHttp.Response page = RawHttp.exchange("GET", path);
            assertThat(page.status()).as(path).isEqualTo(200);
            assertThat(page.header("Content-Type")).startsWith("text/html");
        }
        for (String path : List.of("/runbooks", "/runbooks/", "/runbooks/Nope", "/runbooks/SuperadminCheck/",
                "/runbooks/SuperadminCheck.md", "/runbooks/%53uperadminCheck", "/runbooks/superadmincheck",
                "//runbooks/README", "/runbooks//README", "/runbooks/./README", "/x/../runbooks/README")) {
            RawHttp.Response refused = RawHttp.exchange("GET", path);
            assertThat(refused.status()).as(path).isEqualTo(401);
            assertHoldsNoData(refused.body());
        }
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
        given().header("Authorization", "Bearer bearer-secret").get("/status/admin_users/history").then().statusCode(200)
                .body("check", equalTo("admin_users"));
        given().auth().preemptive().basic("prometheus", "scrape-secret").get("/status/admin_users/history?target=default")
                .then().statusCode(200).body("target", equalTo("default"));
    }

    @Test
    void healthStaysOpenForKubernetes() {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(anyOf(equalTo(200), equalTo(503)));
    }
}
