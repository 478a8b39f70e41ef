package dev.superadmin.monitor.scenario;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.superadmin.monitor.testing.PostgresTestResource;
import dev.superadmin.monitor.testing.Scrape;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * The packaged jar, as an operator runs it, over a real database: every endpoint answers as documented. It is also
 * the workload that trains the JDK 25 AOT cache ({@code -Paot}), so it exercises what production traffic does:
 * scrapes in both formats, /status, health and the error paths, many times.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = true)
class PackagedAppIT {

    private static final String PROMETHEUS_ACCEPT = "application/openmetrics-text;version=1.0.0;q=0.75,"
            + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    @Test
    void theJarServesEveryEndpointOverARealDatabase() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
        given().get("/status").then().statusCode(200)
                .body("targets[0].database.up", equalTo(true))
                .body("targets[0].checks", hasSize(5))
                .body("targets[0].checks.find { it.name == 'admin_users' }.state", equalTo("CRITICAL")); // no admins in a fresh schema

        for (int i = 0; i < 300; i++) {
            given().header("Accept", PROMETHEUS_ACCEPT).get("/q/metrics").then().statusCode(200)
                    .contentType("text/plain; version=0.0.4; charset=utf-8");
            given().get("/q/metrics").then().statusCode(200).contentType("application/openmetrics-text; version=1.0.0; charset=utf-8");
            given().get("/status").then().statusCode(200);
            given().get("/status/failed_logins").then().statusCode(200).body("state", equalTo("OK"));
            given().get("/q/health/ready").then().statusCode(200);
            given().get("/q/health/live").then().statusCode(200);
            if (i % 10 == 0) {
                given().get("/status/no_such_check").then().statusCode(404).body("error", equalTo("not_found"));
                given().post("/status").then().statusCode(405).body("error", equalTo("method_not_allowed"));
                given().accept("text/xml").get("/status").then().statusCode(406);
            }
        }

        Scrape scrape = Scrape.now();
        assertThat(scrape.value("superadmin_database_up")).isEqualTo(1);
        assertThat(scrape.value("superadmin_admin_users", "check", "admin_users")).isZero();
        assertThat(scrape.value("superadmin_check_status", "check", "admin_users")).isEqualTo(2);
    }
}
