package dev.superadmin.monitor.metrics;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.superadmin.monitor.probe.ProbeScheduler;
import dev.superadmin.monitor.testing.ManualProbesProfile;
import dev.superadmin.monitor.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Scrapes, /status and health read memory: however many, they send nothing to the database. */
@QuarkusTest
@TestProfile(ManualProbesProfile.class)
class ScrapeCostTest {

    @Inject
    ProbeScheduler probes;

    @Test
    void aScrapeStormSendsNoStatementToTheDatabase() {
        TestDatabase database = TestDatabase.current();
        probes.runRound().await().atMost(Duration.ofSeconds(30));
        // Ending the monitor's sessions flushes their statistics, so that the counters below are complete.
        database.terminateMonitorSessions();
        long[] before = database.activityCounters();

        for (int i = 0; i < 500; i++) {
            given().get("/q/metrics").then().statusCode(200);
            given().get("/status").then().statusCode(200);
            given().get("/status/failed_logins").then().statusCode(200);
            given().get("/q/health/ready").then().statusCode(200);
        }

        assertThat(database.monitorSessions()).as("connections opened by the monitor").isZero();
        database.terminateMonitorSessions();
        assertThat(database.activityCounters()).as("transactions and sessions of the watched database").isEqualTo(before);

        probes.runRound().await().atMost(Duration.ofSeconds(30));
        assertThat(database.activityCounters()[0]).as("a probe round does reach the database").isGreaterThan(before[0]);
    }
}
