package dev.superadmin.monitor.probe;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.superadmin.monitor.testing.AdminData;
import dev.superadmin.monitor.testing.ManyChecksProfile;
import dev.superadmin.monitor.testing.Scrape;
import dev.superadmin.monitor.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Queries that go wrong in each way a probe can (the checks of {@link ManyChecksProfile}): UNKNOWN with the
 * database's message and the right reason.
 */
@QuarkusTest
@TestProfile(ManyChecksProfile.class)
class ProbeFailuresTest {

    @Inject
    ProbeScheduler probes;

    @BeforeEach
    void waitForTheFirstRound() {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
        // Even granted the right to advance it, the monitor cannot: its probes run read-only.
        TestDatabase.current().execute("CREATE SEQUENCE IF NOT EXISTS public.probe_sequence",
                "GRANT USAGE, UPDATE ON SEQUENCE public.probe_sequence TO superadmin_monitor");
    }

    @ParameterizedTest(name = "{0} fails with reason {1}")
    @CsvSource(delimiter = '|', value = {
            "null_value    | result     | returned NULL, expected a number",
            "no_row        | result     | returned 0 rows, expected exactly one",
            "two_rows      | result     | returned 2 rows, expected exactly one",
            "two_columns   | result     | returned 2 columns, expected exactly one",
            "text_value    | result     | expected a number",
            "missing_table | sql        | relation \"public.no_such_table\" does not exist (SQLSTATE 42P01)",
            "not_granted   | permission | permission denied for table pg_authid (SQLSTATE 42501)",
            "too_slow      | timeout    | canceling statement due to statement timeout (SQLSTATE 57014)",
            "commit_escape | sql        | syntax error",
            "writes        | permission | cannot execute nextval() in a read-only transaction (SQLSTATE 25006)",
    })
    void aBadQueryIsUnknownWithTheReason(String check, String reason, String message) {
        probes.runRound().await().atMost(Duration.ofSeconds(60));
        given().get("/status/" + check).then()
                .body("state", equalTo("UNKNOWN"))
                .body("value", nullValue())
                .body("lastError.reason", equalTo(reason))
                .body("lastError.message", containsString(message));
        Scrape scrape = Scrape.now();
        assertThat(scrape.value("superadmin_probe_failures_total", "check", check, "reason", reason)).isGreaterThanOrEqualTo(1);
        assertThat(scrape.value(metric(check), "check", check)).isNaN();
        assertThat(scrape.value("superadmin_database_up")).as("the database answered every one").isEqualTo(1);
    }

    @Test
    void largeAndDecimalValuesAreRead() {
        probes.runRound().await().atMost(Duration.ofSeconds(60));
        given().get("/status/large_value").then().body("state", equalTo("OK")).body("value", equalTo(5000000000L));
        given().get("/status/numeric_value").then().body("state", equalTo("OK")).body("value", equalTo(2.5f));
        assertThat(Scrape.now().value("superadmin_large_value", "check", "large_value")).isEqualTo(5e9);
    }

    @Test
    void aCheckSettingAppliesToItsOwnProbeOnlyAndProbesRunWithoutParallelWorkers() {
        for (int round = 0; round < 3; round++) {
            probes.runRound().await().atMost(Duration.ofSeconds(60));
            given().get("/status/hashjoin_off").then().body("state", equalTo("OK")).body("value", equalTo(1));
            given().get("/status/default_settings").then().body("state", equalTo("OK")).body("value", equalTo(0));
        }
    }

    @Test
    void theOtherChecksAreLeftAlone() {
        // no active admin (other tests of the profile may have added one): CRITICAL from the data, not from an error
        new AdminData(TestDatabase.current()).reset().activeAdmins(0);
        probes.runRound().await().atMost(Duration.ofSeconds(60));
        given().get("/status/admin_users").then().body("lastError", nullValue()).body("state", equalTo("CRITICAL"));
    }

    private static String metric(String check) {
        return "superadmin_" + check;
    }
}
