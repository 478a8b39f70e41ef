package dev.superadmin.monitor.scenario;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.superadmin.monitor.probe.ProbeScheduler;
import dev.superadmin.monitor.testing.AdminData;
import dev.superadmin.monitor.testing.ManualProbesProfile;
import dev.superadmin.monitor.testing.Scrape;
import dev.superadmin.monitor.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * failed_logins driven through its states on a real database: each change is in /status ({@code since},
 * {@code previousState}), in /status/failed_logins/history and in the since gauge, dated within the probe that saw
 * it. After more flips than the history keeps (active_sessions), it keeps the newest, in order.
 */
@QuarkusTest
@TestProfile(ManualProbesProfile.class)
class StateHistoryTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    ProbeScheduler probes;

    AdminData data;

    @BeforeEach
    void resetData() {
        data = new AdminData(TestDatabase.current()).reset();
    }

    /** A probe round, and the moments just before and after it: a change it records is dated between them. */
    record Round(Instant start, Instant end) {
    }

    @Test
    void okWarningCriticalOkEachChangeIsDatedByTheProbeThatSawIt() {
        runRound(); // OK, whatever the tests before left
        assertThat(check().path("state").asText()).isEqualTo("OK");
        Instant serviceStart = Instant.parse(status().path("startedAt").asText());

        data.failedLogins(12);
        Round warning = runRound();
        assertChange(warning, "WARNING", "OK");

        data.failedLogins(30);
        Round critical = runRound();
        assertChange(critical, "CRITICAL", "WARNING");

        // the same state again is no change
        data.failedLogins(40);
        runRound();
        assertThat(Instant.parse(check().path("since").asText())).isBetween(critical.start(), critical.end());

        data.failedLogins(0);
        Round ok = runRound();
        assertChange(ok, "OK", "CRITICAL");

        JsonNode history = history("failed_logins");
        assertThat(history.path("state").asText()).isEqualTo("OK");
        assertThat(Instant.parse(history.path("historyStart").asText())).isEqualTo(serviceStart);
        assertThat(history.path("truncated").asBoolean()).isFalse();
        List<JsonNode> changes = list(history.path("changes"));
        assertThat(changes.get(0).path("state").asText()).as("the state at the service's start").isEqualTo("UNKNOWN");
        assertThat(at(changes.get(0))).isEqualTo(serviceStart);
        List<JsonNode> last = changes.subList(changes.size() - 3, changes.size());
        assertThat(last).extracting(change -> change.path("state").asText()).containsExactly("WARNING", "CRITICAL", "OK");
        assertThat(last).extracting(change -> change.path("value").asInt()).containsExactly(12, 30, 0);
        assertThat(at(last.get(0))).isBetween(warning.start(), warning.end());
        assertThat(at(last.get(1))).isBetween(critical.start(), critical.end());
        assertThat(at(last.get(2))).isBetween(ok.start(), ok.end());
        assertThat(changes).extracting(StateHistoryTest::at).isSortedAccordingTo(Instant::compareTo);
        assertThat(history.path("since").asText()).isEqualTo(last.get(2).path("at").asText());

        // the target's state follows its worst check, the database has been up since the first probe
        JsonNode target = status().path("targets").get(0);
        assertThat(Instant.parse(target.path("database").path("since").asText())).isBefore(warning.start());
        assertThat(Instant.parse(target.path("since").asText())).isBefore(ok.end());
    }

    @Test
    void afterManyFlipsTheHistoryKeepsTheNewestChangesAndSaysItIsCut() {
        int capacity = ConfigProvider.getConfig().getValue("superadmin.history.changes", Integer.class);
        List<Round> rounds = new ArrayList<>();
        // active_sessions, so that failed_logins' history stays whole for the other test
        for (int i = 0; i < capacity + 20; i++) {
            data.activeSessions(i % 2 == 0 ? 6 : 0);
            rounds.add(runRound());
        }
        JsonNode history = history("active_sessions");
        List<JsonNode> changes = list(history.path("changes"));
        assertThat(changes).hasSize(capacity);
        assertThat(history.path("truncated").asBoolean()).isTrue();
        assertThat(history.path("historyStart").asText()).isEqualTo(changes.get(0).path("at").asText());
        assertThat(changes).extracting(StateHistoryTest::at).isSortedAccordingTo(Instant::compareTo);
        // the newest: one change per round, alternating, the last one WARNING or OK as the last round left it
        for (int back = 1; back <= capacity; back++) {
            JsonNode change = changes.get(changes.size() - back);
            Round round = rounds.get(rounds.size() - back);
            assertThat(at(change)).as("change %d from the end", back).isBetween(round.start(), round.end());
            assertThat(change.path("state").asText()).isEqualTo((rounds.size() - back) % 2 == 0 ? "WARNING" : "OK");
        }
    }

    @Test
    void anUnknownCheckOrTargetHasNoHistory() {
        given().get("/status/nope/history").then().statusCode(404).contentType("application/json");
        given().get("/status/failed_logins/history?target=nope").then().statusCode(404).contentType("application/json");
    }

    /** The check's since, the state before it, the history's last change and the gauge all say the same. */
    private void assertChange(Round round, String state, String previous) {
        JsonNode check = check();
        assertThat(check.path("state").asText()).isEqualTo(state);
        assertThat(check.path("previousState").asText()).isEqualTo(previous);
        Instant since = Instant.parse(check.path("since").asText());
        assertThat(since).isBetween(round.start(), round.end());
        JsonNode last = history("failed_logins").path("changes");
        assertThat(last.get(last.size() - 1).path("at").asText()).isEqualTo(check.path("since").asText());
        assertThat(last.get(last.size() - 2).path("state").asText()).isEqualTo(previous);
        Scrape scrape = Scrape.now();
        assertThat(scrape.value("superadmin_check_status_since_timestamp_seconds", "check", "failed_logins"))
                .isEqualTo(since.toEpochMilli() / 1000.0);
        assertThat(scrape.promtoolReport()).isEmpty();
    }

    private Round runRound() {
        Instant start = Instant.now();
        probes.runRound().await().atMost(Duration.ofSeconds(30));
        return new Round(start, Instant.now());
    }

    private static JsonNode check() {
        return json(given().get("/status/failed_logins").then().statusCode(200).extract().asString());
    }

    private static JsonNode status() {
        return json(given().get("/status").then().statusCode(200).extract().asString());
    }

    private static JsonNode history(String check) {
        return json(given().get("/status/" + check + "/history").then().statusCode(200).contentType("application/json")
                .extract().asString());
    }

    private static Instant at(JsonNode change) {
        return Instant.parse(change.path("at").asText());
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> list = new ArrayList<>();
        array.forEach(list::add);
        return list;
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
