package dev.superadmin.monitor.http;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.superadmin.monitor.testing.ManualProbesProfile;
import dev.superadmin.monitor.testing.Scrape;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;

/** Bad requests get the right 4xx with a JSON body, and the service goes on serving. */
@QuarkusTest
@TestProfile(ManualProbesProfile.class)
class HttpErrorsTest {

    @ParameterizedTest(name = "GET {0} is 404")
    @CsvSource({ "/nope", "/q/nope", "/status/no_such_check", "/status/failed_logins/extra" })
    void unknownPathsAndChecksAreJson404(String path) {
        given().get(path).then()
                .statusCode(404)
                .contentType("application/json")
                .body("status", equalTo(404))
                .body("error", equalTo("not_found"));
        serviceStillServes();
    }

    @ParameterizedTest(name = "{0} {1} is 405")
    @CsvSource({ "DELETE, /status", "POST, /status", "PUT, /status/failed_logins", "PATCH, /status/admin_users" })
    void writingMethodsAreJson405(String method, String path) {
        given().request(method, path).then()
                .statusCode(405)
                .contentType("application/json")
                .body("error", equalTo("method_not_allowed"))
                .body("message", containsString("use GET"));
        serviceStillServes();
    }

    @Test
    void anUnservedAcceptIsJson406() {
        given().accept("text/xml").get("/status").then()
                .statusCode(406)
                .contentType("application/json")
                .body("error", equalTo("not_acceptable"));
        serviceStillServes();
    }

    @Test
    void oversizedHeadersAreJson431AndTheServiceGoesOn() {
        for (String path : List.of("/status", "/q/metrics", "/q/health/ready", "/nowhere")) {
            given().header("X-Oversized", "a".repeat(40_000)).get(path).then()
                    .statusCode(431)
                    .contentType("application/json")
                    .body("status", equalTo(431))
                    .body("error", equalTo("request_header_fields_too_large"))
                    .body("message", containsString("20480 bytes"));
        }
        // many headers, each small, add up the same way
        RequestSpecification many = given();
        for (int i = 0; i < 300; i++) {
            many = many.header("X-Many-" + i, "b".repeat(80));
        }
        many.get("/status").then().statusCode(431).body("error", equalTo("request_header_fields_too_large"));
        // just under the limit is served
        given().header("X-Large", "c".repeat(15_000)).get("/status").then().statusCode(200);
        serviceStillServes();
    }

    @Test
    void anOverlongUriIsJson414AndTheServiceGoesOn() {
        given().get("/status?pad=" + "d".repeat(5_000)).then()
                .statusCode(414)
                .contentType("application/json")
                .body("error", equalTo("uri_too_long"))
                .body("message", containsString("4096"));
        given().get("/" + "e".repeat(5_000)).then().statusCode(414).contentType("application/json");
        serviceStillServes();
    }

    @Test
    void refusedPathsDoNotBecomeUriLabels() {
        given().get("/" + "g".repeat(5_000)).then().statusCode(414);
        given().header("X-Oversized", "h".repeat(30_000)).get("/made-up-path").then().statusCode(431);
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            Scrape scrape = Scrape.now();
            assertThat(scrape.find("http_server_requests_seconds_count", "status", "414", "uri", "/URI_TOO_LONG")).hasSize(1);
            assertThat(scrape.find("http_server_requests_seconds_count", "status", "431", "uri", "/HEADERS_TOO_LARGE")).hasSize(1);
        });
        assertThat(Scrape.now().text()).doesNotContain("ggggg", "made-up-path");
    }

    @Test
    void beyondTheBackstopVertxStillRefusesAndTheServiceGoesOn() {
        // past quarkus.http.limits (1 MiB of headers), Vert.x refuses before any route: the status is right, the body empty
        given().header("X-Huge", "f".repeat(1_100_000)).get("/status").then().statusCode(431);
        serviceStillServes();
    }

    private static void serviceStillServes() {
        given().get("/status").then().statusCode(200);
    }
}
