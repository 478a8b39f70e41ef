package dev.superadmin.monitor.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.superadmin.monitor.testing.ManualProbesProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

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
    void oversizedHeadersAreRefusedAndTheServiceGoesOn() {
        // Vert.x refuses these before any endpoint runs (and so without a JSON body).
        given().header("X-Oversized", "a".repeat(40_000)).get("/status").then().statusCode(431);
        serviceStillServes();
    }

    private static void serviceStillServes() {
        given().get("/status").then().statusCode(200);
    }
}
