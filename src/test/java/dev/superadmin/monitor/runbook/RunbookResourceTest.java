package dev.superadmin.monitor.runbook;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.superadmin.monitor.probe.ProbeScheduler;
import dev.superadmin.monitor.testing.ManualProbesProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/** {@code GET /runbooks/{name}} from the running service: every runbook as HTML under its policy, nothing else. */
@QuarkusTest
@TestProfile(ManualProbesProfile.class)
class RunbookResourceTest {

    @Inject
    Runbooks runbooks;

    @Inject
    ProbeScheduler probes;

    @Test
    void everyRunbookIsServedAsHtmlUnderThePolicy() {
        assertThat(runbooks.names()).hasSizeGreaterThan(18).contains("README", "SuperadminCheck", "SuperadminNoActiveAdmin");
        for (String name : runbooks.names()) {
            Response page = given().get("/runbooks/" + name);
            page.then().statusCode(200)
                    .contentType(startsWith("text/html"))
                    .header("Content-Security-Policy", RunbookPage.POLICY)
                    .header("X-Content-Type-Options", "nosniff");
            assertThat(page.asString()).as(name).isEqualTo(runbooks.page(name).orElseThrow().html())
                    .contains("<title>" + runbooks.page(name).orElseThrow().title() + " · superadmin-monitor runbooks</title>");
        }
        given().head("/runbooks/SuperadminCheck").then().statusCode(200).contentType(startsWith("text/html"));
        // one series for every runbook, not one per name
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200)).until(() -> given()
                .get("/q/metrics").then().extract().asString()
                .contains("uri=\"/runbooks/{name}\""));
        assertThat(given().get("/q/metrics").then().extract().asString()).doesNotContain("uri=\"/runbooks/Superadmin");
    }

    @Test
    void anUnknownRunbookIsTheJson404OfAnyUnknownPath() {
        for (String path : List.of("/runbooks/Nope", "/runbooks/SuperadminCheck.md", "/runbooks/superadmincheck")) {
            given().get(path).then()
                    .statusCode(404)
                    .contentType("application/json")
                    .body("error", equalTo("not_found"));
        }
        given().get("/runbooks/Nope").then().body("message",
                equalTo("no runbook 'Nope'; every runbook is listed at /runbooks/README"));
        // the service's own list of what it serves names them
        given().get("/nope").then().statusCode(404).body("message", containsString("/runbooks/README (runbooks)"));
    }

    @Test
    void everyCheckInStatusNamesItsRunbookAndTheServiceServesIt() {
        probes.runRound().await().atMost(Duration.ofSeconds(30));
        List<String> links = given().get("/status").then().statusCode(200).extract().jsonPath()
                .getList("targets.checks.flatten().runbook", String.class);
        assertThat(links).hasSize(6).allSatisfy(link -> assertThat(link).startsWith("/runbooks/"));
        assertThat(given().get("/status/admin_users").then().extract().jsonPath().getString("runbook"))
                .isEqualTo("/runbooks/SuperadminNoActiveAdmin");
        // the check made of configuration alone has the generic alert's runbook
        assertThat(given().get("/status/expired_sessions").then().extract().jsonPath().getString("runbook"))
                .isEqualTo("/runbooks/SuperadminCheck");
        for (String link : links) {
            given().get(link).then().statusCode(200).contentType(startsWith("text/html"));
        }
    }
}
