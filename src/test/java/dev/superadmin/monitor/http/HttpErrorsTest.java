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
import org.junit.jupiter.params.provider.ValueSource;

import dev.superadmin.monitor.testing.ManualProbesProfile;
import dev.superadmin.monitor.testing.RawHttp;
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

    /** Quarkus' own routes (/q/metrics, /q/health) answered every method with 200, the static page too. */
    @ParameterizedTest(name = "{0} {1} is 405")
    @CsvSource({ "DELETE, /status", "POST, /status", "PUT, /status/failed_logins", "PATCH, /status/admin_users",
            "POST, /q/metrics", "PUT, /q/metrics", "DELETE, /q/metrics", "TRACE, /q/metrics", "OPTIONS, /q/metrics",
            "POST, /q/health", "POST, /q/health/ready", "DELETE, /q/health/live", "TRACE, /q/openapi", "POST, /",
            "PUT, /index.html", "OPTIONS, /status", "CONNECT, /status", "POST, /nope" })
    void everyMethodButGetAndHeadIsJson405(String method, String path) {
        RawHttp.Response response = RawHttp.exchange(method, path);
        assertThat(response.status()).isEqualTo(405);
        assertThat(response.header("Allow")).isEqualTo("GET, HEAD");
        assertThat(response.header("Content-Type")).isEqualTo("application/json");
        assertThat(response.body()).isEqualTo("{\"status\":405,\"error\":\"method_not_allowed\",\"message\":\"method " + method
                + " is not allowed; the service only reads: use GET or HEAD\"}");
        serviceStillServes();
    }

    @ParameterizedTest(name = "{0} is 501")
    @ValueSource(strings = { "FOO", "get", "Get", "PROPFIND", "M-SEARCH", "X" })
    void aMethodNoStandardNamesIsJson501(String method) {
        for (String path : List.of("/status", "/q/metrics", "/q/health/live", "/nope")) {
            RawHttp.Response response = RawHttp.exchange(method, path);
            assertThat(response.status()).as(path).isEqualTo(501);
            assertThat(response.header("Content-Type")).isEqualTo("application/json");
            assertThat(response.body()).isEqualTo("{\"status\":501,\"error\":\"not_implemented\",\"message\":"
                    + "\"this server implements no such method; the service only reads: use GET or HEAD\"}");
        }
        serviceStillServes();
    }

    /** Without a credential configured the data is open, but a path parameter still means nothing to the service. */
    @ParameterizedTest(name = "{0} is 400")
    @ValueSource(strings = { "/status;x", "/status;", "/status;jsessionid=1", "/status;a=b/failed_logins", "/status;/nope",
            "/q/metrics;x", "/q/health/live;x", "/;x" })
    void pathParametersAreJson400(String path) {
        RawHttp.Response get = RawHttp.exchange("GET", path);
        assertThat(get.status()).isEqualTo(400);
        assertThat(get.body()).isEqualTo("{\"status\":400,\"error\":\"bad_request\",\"message\":\"path parameters (;) are not accepted\"}");
        assertThat(RawHttp.exchange("HEAD", path).status()).isEqualTo(400);
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
            given().header("X-Oversized", "a".repeat(22_000)).get(path).then()
                    .statusCode(431)
                    .contentType("application/json")
                    .body("status", equalTo(431))
                    .body("error", equalTo("request_header_fields_too_large"))
                    .body("message", containsString("20480 bytes"));
        }
        // many headers, each small, add up the same way
        RequestSpecification many = given();
        for (int i = 0; i < 230; i++) {
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
        given().header("X-Oversized", "h".repeat(22_000)).get("/made-up-path").then().statusCode(431);
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            Scrape scrape = Scrape.now();
            assertThat(scrape.find("http_server_requests_seconds_count", "status", "414", "uri", "/URI_TOO_LONG")).hasSize(1);
            assertThat(scrape.find("http_server_requests_seconds_count", "status", "431", "uri", "/HEADERS_TOO_LARGE")).hasSize(1);
        });
        assertThat(Scrape.now().text()).doesNotContain("ggggg", "made-up-path");
    }

    /**
     * 414 and 431 end the connection: the JSON refusals say {@code Connection: close}, and Vert.x, which keeps an
     * HTTP/1.1 connection open whatever the response's headers say, must really close it.
     */
    @Test
    void jsonRefusalsOfOversizedRequestsCloseTheConnection() {
        try (RawHttp http = RawHttp.connect()) {
            RawHttp.Response response = http.send("GET /status?pad=" + "u".repeat(5_000) + " HTTP/1.1\r\nHost: x\r\n\r\n").read(false);
            assertThat(response.status()).isEqualTo(414);
            assertThat(response.header("Connection")).isEqualTo("close");
            assertThat(response.body()).contains("\"error\":\"uri_too_long\"");
            assertThat(http.closedWithin(Duration.ofSeconds(2))).as("closed after the 414").isTrue();
        }
        try (RawHttp http = RawHttp.connect()) {
            RawHttp.Response response = http.send("GET /status HTTP/1.1\r\nHost: x\r\nX-Big: " + "h".repeat(22_000) + "\r\n\r\n").read(false);
            assertThat(response.status()).isEqualTo(431);
            assertThat(response.header("Connection")).isEqualTo("close");
            assertThat(response.body()).contains("\"error\":\"request_header_fields_too_large\"");
            assertThat(http.closedWithin(Duration.ofSeconds(2))).as("closed after the 431").isTrue();
        }
        serviceStillServes();
    }

    /**
     * Past quarkus.http.limits (8 KiB request line, 24 KiB of headers), Vert.x refuses before any route runs: the status
     * is right, the body empty (no route of ours can answer), and the connection closed.
     */
    @Test
    void beyondTheBackstopsVertxRefusesWithAnEmptyBodyAndCloses() {
        for (String request : List.of("GET /status?pad=" + "v".repeat(9_000) + " HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /status HTTP/1.1\r\nHost: x\r\nX-Huge: " + "w".repeat(40_000) + "\r\n\r\n")) {
            try (RawHttp http = RawHttp.connect()) {
                RawHttp.Response response = http.send(request).read(false);
                assertThat(response.status()).isEqualTo(request.contains("pad=") ? 414 : 431);
                assertThat(response.body()).isEmpty();
                assertThat(http.closedWithin(Duration.ofSeconds(2))).as("closed").isTrue();
            }
        }
        serviceStillServes();
    }

    /** What reaches the router but cannot be routed: a request without Host, a target that is not a path. */
    @Test
    void requestsTheRouterCannotRouteAreJson() {
        RawHttp.Response noHost;
        try (RawHttp http = RawHttp.connect()) {
            noHost = http.send("GET /status HTTP/1.1\r\n\r\n").read(false);
        }
        assertThat(noHost.status()).isEqualTo(400);
        assertThat(noHost.header("Content-Type")).isEqualTo("application/json");
        assertThat(noHost.body()).isEqualTo(
                "{\"status\":400,\"error\":\"bad_request\",\"message\":\"For HTTP/1.x requests, the 'Host' header is required\"}");

        for (String target : List.of("*", "status")) {
            RawHttp.Response response = RawHttp.exchange("GET", target);
            assertThat(response.status()).as(target).isEqualTo(404);
            assertThat(response.header("Content-Type")).isEqualTo("application/json");
            assertThat(response.body()).isEqualTo("{\"status\":404,\"error\":\"not_found\",\"message\":\"Not Found\"}");
        }
        serviceStillServes();
    }

    /**
     * Refused before the router with Vert.x' empty 400, so no JSON: a URI that java.net.URI cannot parse (Quarkus checks
     * each one before handing it on), a header line without a colon, Content-Length with Transfer-Encoding (Netty's
     * decoder). The service goes on serving.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "GET /status/% HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET /status/a%2 HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET /st%1 HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET /status?target=% HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET /status HTTP/1.1\r\nHost: x\r\nNo colon here\r\n\r\n",
            "GET /status HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" })
    void malformedRequestsRefusedBeforeTheRouterAreEmpty400(String request) {
        try (RawHttp http = RawHttp.connect()) {
            RawHttp.Response response = http.send(request).read(false);
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.body()).isEmpty();
        }
        serviceStillServes();
    }

    private static void serviceStillServes() {
        given().get("/status").then().statusCode(200);
    }
}
