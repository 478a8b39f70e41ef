package dev.superadmin.monitor.http;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.startsWith;

import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.superadmin.monitor.testing.HeadlessChromium;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * With a credential configured, the page at / stays open (it holds no data) while /status wants the credential: the
 * page says so, and shows the report once the browser sends the credential.
 */
@QuarkusTest
@TestProfile(AccessFilterTest.Profile.class)
class StatusPageAccessTest {

    @TestHTTPResource("/")
    URL root;

    @Test
    void thePageStaysOpenAndSaysThatStatusWantsTheCredential() {
        given().get("/").then().statusCode(200).contentType(startsWith("text/html"));
        given().get("/status").then().statusCode(401);

        try (HeadlessChromium chromium = HeadlessChromium.start(Path.of("target", "status-page"))) {
            chromium.phoneViewport(412, 1600);
            String page = "http://127.0.0.1:" + root.getPort() + "/";
            chromium.answerCredentialPrompts(null, null);
            chromium.navigate(page);
            chromium.await("document.body && document.body.dataset.fetch === 'failed'", Duration.ofSeconds(15));
            assertThat(chromium.evaluate("document.getElementById('problem').textContent").asText())
                    .isEqualTo("/status needs the credential configured in superadmin.auth (HTTP 401). Reload the page to enter it.");
            assertThat(chromium.evaluate("document.title").asText()).isEqualTo("NO DATA · superadmin-monitor");

            chromium.answerCredentialPrompts("prometheus", "scrape-secret");
            chromium.navigate(page);
            chromium.await("document.body && document.body.dataset.fetch === 'ok'", Duration.ofSeconds(15));
            String state = given().auth().preemptive().basic("prometheus", "scrape-secret").get("/status").then()
                    .statusCode(200).extract().path("state");
            assertThat(chromium.evaluate("document.getElementById('overall-state').textContent").asText()).isEqualTo(state);
        }
    }
}
