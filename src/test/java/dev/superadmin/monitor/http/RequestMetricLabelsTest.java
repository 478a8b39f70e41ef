package dev.superadmin.monitor.http;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import dev.superadmin.monitor.testing.ManualProbesProfile;
import dev.superadmin.monitor.testing.RawHttp;
import dev.superadmin.monitor.testing.Scrape;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * No request adds a series: made-up methods and junk paths end up under a fixed set of {@code method} and {@code uri}
 * labels. Each made-up method used to be a series of its own, a request line long (100 of 60 KB filled a 24 MB heap),
 * and 150 junk paths used up Quarkus' 100 {@code uri} values, after which real series were no longer recorded.
 */
@QuarkusTest
@TestProfile(ManualProbesProfile.class)
class RequestMetricLabelsTest {

    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE",
            "CONNECT", "OTHER");

    /** The service's templates, Quarkus' markers, the labels of early refusals, and OTHER for anything else. */
    private static final Set<String> URIS = Set.of("/status", "/status/{check}", "/runbooks/{name}", "/q/metrics", "/q/health", "/q/health/live",
            "/q/health/ready", "/q/health/started", "/q/openapi", "/index.html", "root", "NOT_FOUND", "REDIRECTION",
            "/BAD_REQUEST", "/UNAUTHORIZED", "/METHOD_NOT_ALLOWED", "/URI_TOO_LONG", "/HEADERS_TOO_LARGE",
            "/NOT_IMPLEMENTED", "OTHER");

    @Test
    void madeUpMethodsAndJunkPathsStayWithinFixedLabels() {
        for (int i = 0; i < 300; i++) {
            boolean long60k = i % 30 == 0;
            String method = long60k ? "M" + i + "X".repeat(60 * 1024) : "MADEUP" + i;
            String path = switch (i % 3) {
                case 0 -> "/status";
                case 1 -> "/q/metrics";
                default -> "/nope-" + i;
            };
            int status = statusOrReset(method + " " + path + " HTTP/1.1\r\nHost: x\r\n\r\n");
            if (long60k) {
                // longer than quarkus.http.limits.max-initial-line-length: Vert.x refuses it, or resets a connection
                // that is still sending
                assertThat(status).as("a 60 KB method").isIn(414, -1);
            } else {
                assertThat(status).as(method).isEqualTo(501);
            }
        }
        for (int i = 0; i < 300; i++) {
            String path = switch (i % 7) {
                case 0 -> "/junk-" + i;
                case 1 -> "/status/no_check_" + i;
                case 6 -> "/runbooks/no_runbook_" + i;
                case 2 -> "/st%zz" + i; // java.net.URI cannot parse it: Quarkus' 400
                case 3 -> "/a;b" + i;
                case 4 -> "/" + "p".repeat(5_000) + i;
                default -> "/nope/" + i + "/%41%42";
            };
            assertThat(statusOrReset("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n")).as(path).isBetween(400, 499);
        }

        // real endpoints after the flood still get series of their own
        given().get("/index.html").then().statusCode(200);
        given().head("/status/admin_users").then().statusCode(200);
        given().get("/status").then().statusCode(200);
        given().get("/runbooks/README").then().statusCode(200);

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            Scrape scrape = Scrape.now();
            assertThat(scrape.find("http_server_requests_seconds_count", "method", "GET", "uri", "/index.html", "status", "200")).hasSize(1);
            assertThat(scrape.find("http_server_requests_seconds_count", "method", "HEAD", "uri", "/status/{check}", "status", "200")).hasSize(1);
            assertThat(scrape.find("http_server_requests_seconds_count", "method", "OTHER", "uri", "/NOT_IMPLEMENTED", "status", "501")).hasSize(1);
            assertThat(scrape.find("http_server_requests_seconds_count", "method", "GET", "uri", "/runbooks/{name}", "status", "200")).hasSize(1);
        });
        Scrape scrape = Scrape.now();
        Set<String> methods = new TreeSet<>();
        Set<String> uris = new TreeSet<>();
        scrape.find("http_server_requests_seconds_count").forEach(sample -> {
            methods.add(sample.labels().get("method"));
            uris.add(sample.labels().get("uri"));
        });
        assertThat(methods).as("method labels").isSubsetOf(METHODS);
        assertThat(uris).as("uri labels").isSubsetOf(URIS).contains("OTHER", "/BAD_REQUEST", "/URI_TOO_LONG");
        assertThat(scrape.text()).doesNotContain("MADEUP", "junk-", "nope", "%zz", "ppppp", "no_runbook_", "README");
        given().get("/status").then().statusCode(200);
    }

    /** The status of the response to {@code request} on a connection of its own; -1 when the server reset it. */
    private static int statusOrReset(String request) {
        try (RawHttp http = RawHttp.connect()) {
            return http.send(request).read(false).status();
        } catch (UncheckedIOException | IllegalStateException e) {
            return -1;
        }
    }
}
