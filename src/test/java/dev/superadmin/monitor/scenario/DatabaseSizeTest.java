package dev.superadmin.monitor.scenario;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.superadmin.monitor.probe.ProbeScheduler;
import dev.superadmin.monitor.testing.ManualProbesProfile;
import dev.superadmin.monitor.testing.PostgresTestResource;
import dev.superadmin.monitor.testing.Scrape;
import dev.superadmin.monitor.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * The database size check with its real SQL, its thresholds moved next to a fresh database's size (1 GiB of data
 * is no test): the warning is the size measured just before start-up, the critical 24 MiB above it.
 */
@QuarkusTest
@TestProfile(DatabaseSizeTest.Profile.class)
class DatabaseSizeTest {

    static final long MIB = 1024 * 1024;

    public static class Profile extends ManualProbesProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(SizedDatabase.class));
        }
    }

    public static class SizedDatabase extends PostgresTestResource {
        @Override
        public Map<String, String> start() {
            Map<String, String> config = new HashMap<>(super.start());
            database().execute("VACUUM");
            long size = database().queryLong("SELECT pg_database_size(current_database())");
            config.put("superadmin.checks.database_size.warning", Long.toString(size));
            config.put("superadmin.checks.database_size.critical", Long.toString(size + 24 * MIB));
            return config;
        }
    }

    @Inject
    ProbeScheduler probes;

    @Test
    void sizeAtWarningIsOkThenGrowingDataWarnsThenPages() {
        TestDatabase database = TestDatabase.current();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
        long warning = given().get("/status/database_size").then().extract().jsonPath().getLong("warning");

        JsonPath atStart = given().get("/status/database_size").then().extract().jsonPath();
        assertThat(atStart.getLong("value")).as("first probe, before any data").isEqualTo(warning);
        assertThat(atStart.getString("state")).as("a value equal to the threshold does not cross it").isEqualTo("OK");

        database.execute("CREATE TABLE ballast_a AS SELECT repeat('x', 1000) AS filler FROM generate_series(1, 8000)");
        assertState(database, "WARNING");

        database.execute("CREATE TABLE ballast_b AS SELECT repeat('y', 1000) AS filler FROM generate_series(1, 24000)");
        assertState(database, "CRITICAL");
        assertThat(Scrape.now().value("superadmin_check_threshold", "check", "database_size", "level", "critical"))
                .isEqualTo(warning + 24 * MIB);
    }

    private void assertState(TestDatabase database, String state) {
        probes.runRound().await().atMost(Duration.ofSeconds(30));
        long size = database.queryLong("SELECT pg_database_size(current_database())");
        JsonPath check = given().get("/status/database_size").then().extract().jsonPath();
        assertThat(check.getString("state")).isEqualTo(state);
        assertThat(check.getLong("value")).isCloseTo(size, org.assertj.core.data.Offset.offset(MIB));
        assertThat(Scrape.now().value("superadmin_database_size_bytes", "check", "database_size")).isCloseTo(size, org.assertj.core.data.Offset.offset((double) MIB));
    }
}
