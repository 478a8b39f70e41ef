package dev.superadmin.monitor.scenario;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.superadmin.monitor.probe.ProbeScheduler;
import dev.superadmin.monitor.testing.AdminData;
import dev.superadmin.monitor.testing.HeadlessChromium;
import dev.superadmin.monitor.testing.ManyChecksProfile;
import dev.superadmin.monitor.testing.TestDatabase;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * A rows check (the app's database_health_check()) on the status page: every row with its value, its state and how
 * long it has had it.
 */
@QuarkusTest
@TestProfile(ManyChecksProfile.class)
class StatusPageRowsTest {

    static final String READ_ROWS = """
            [...document.querySelectorAll('li.check[data-check="app_database_health"] .rows li')].map(row => ({
              name: row.querySelector('.row-name').textContent,
              value: row.querySelector('.row-value').textContent,
              state: row.querySelector('.badge').textContent,
              dataState: row.dataset.state,
              since: row.querySelector('.row-since').textContent,
              sinceTitle: row.querySelector('.row-since').title
            }))""";

    @Inject
    ProbeScheduler probes;

    @TestHTTPResource("/")
    URL root;

    @Test
    void everyRowWithItsValueAndState() throws Exception {
        new AdminData(TestDatabase.current()).reset().failedLogins(12);
        probes.runRound().await().atMost(Duration.ofSeconds(30));
        JsonNode check = new ObjectMapper().readTree(given().get("/status/app_database_health").then().statusCode(200)
                .extract().asString());
        assertThat(check.path("rows")).hasSize(5);

        try (HeadlessChromium chromium = HeadlessChromium.start(StatusPageTest.ARTIFACTS)) {
            chromium.phoneViewport(StatusPageTest.PHONE_WIDTH, StatusPageTest.PHONE_HEIGHT);
            chromium.navigate("http://127.0.0.1:" + root.getPort() + "/");
            chromium.await("document.body && document.body.dataset.fetch === 'ok'", StatusPageTest.RENDERED);
            JsonNode rows = chromium.evaluate(READ_ROWS);
            assertThat(rows).hasSize(check.path("rows").size());
            for (int i = 0; i < rows.size(); i++) {
                JsonNode expected = check.path("rows").get(i);
                assertThat(rows.get(i).path("name").asText()).isEqualTo(expected.path("name").asText());
                assertThat(rows.get(i).path("state").asText()).isEqualTo(expected.path("state").asText());
                assertThat(rows.get(i).path("dataState").asText()).isEqualTo(expected.path("state").asText());
                assertThat(rows.get(i).path("value").asText().replace(",", ""))
                        .startsWith(expected.path("value").asText().replaceAll("\\.0$", ""));
                // how long the row has been in its state, since when on hover
                assertThat(rows.get(i).path("since").asText()).matches("\\d+ (s|min|h \\d+ min)");
                assertThat(rows.get(i).path("sinceTitle").asText())
                        .matches(expected.path("state").asText() + " since \\d\\d:\\d\\d.*");
            }
            assertThat(rows.findValuesAsText("state")).contains("WARNING", "OK");
        }
    }
}
