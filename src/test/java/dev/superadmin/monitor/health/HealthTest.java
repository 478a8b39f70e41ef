package dev.superadmin.monitor.health;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.superadmin.monitor.testing.ManualProbesProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(ManualProbesProfile.class)
class HealthTest {

    @Test
    void readyAfterTheFirstRoundWithTheDatabaseAsData() {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
        given().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'superadmin-probes' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'superadmin-probes' }.data.'database.default'", equalTo("up"));
    }

    @Test
    void liveWhileServing() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }
}
