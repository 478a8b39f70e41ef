package dev.superadmin.monitor.scenario.faults;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.superadmin.monitor.testing.FaultTimings;
import dev.superadmin.monitor.testing.ManualProbesProfile;
import dev.superadmin.monitor.testing.PrivatePostgres;
import dev.superadmin.monitor.testing.PrivatePostgresProfile;
import dev.superadmin.monitor.testing.PrivatePostgresResource;
import dev.superadmin.monitor.testing.Scrape;
import dev.superadmin.monitor.testing.StatusSnapshot;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The service starts while its database is not running yet (a deploy that races the database, a restore): it comes
 * up, is ready, says CRITICAL with the database down, and connects by itself once the database is there.
 */
@QuarkusTest
@TestProfile(DatabaseDownAtStartTest.Profile.class)
class DatabaseDownAtStartTest {

    public static class Profile extends PrivatePostgresProfile {
        public Profile() {
            super(PrivatePostgresResource.Cluster.NOT_STARTED, Map.of(
                    "superadmin.checks.admin_users.interval", "1s",
                    "superadmin.checks.failed_logins.interval", "2s"));
        }
    }

    private static final List<String> SHORT_CHECKS = List.of("admin_users", "failed_logins");

    /** Injected by {@link PrivatePostgresResource}, not started yet. */
    PrivatePostgres postgres;

    @Test
    void startsReadyAndCriticalWithoutItsDatabaseThenConnectsByItselfOnceTheDatabaseIsThere() {
        assertThat(postgres).as("the test resource's private PostgreSQL").isNotNull();

        // The service runs: alive, and ready once the first round has ended, whatever its outcome.
        given().get("/q/health/live").then().statusCode(200);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));

        StatusSnapshot down = StatusSnapshot.take();
        assertThat(down.state()).as("overall state, database down\n%s", down.body()).isEqualTo("CRITICAL");
        assertThat(down.databaseUp()).isFalse();
        for (StatusSnapshot.Check check : down.checks().values()) {
            assertThat(check.state()).as("%s before any successful probe", check.name()).isEqualTo("UNKNOWN");
            assertThat(check.value()).as("%s value", check.name()).isNull();
            assertThat(check.measuredAt()).as("%s measuredAt", check.name()).isNull();
            assertThat(check.errorReason()).as("%s lastError.reason", check.name()).isEqualTo("connect");
            // refused at once, or (on a loaded machine) still without a connection when the probe's time is up
            assertThat(check.errorMessage()).as("%s lastError.message", check.name())
                    .containsAnyOf("Connection refused", "could not connect to the database within");
        }

        Scrape scrape = Scrape.now();
        assertThat(scrape.value("superadmin_database_up")).isZero();
        for (String check : ManualProbesProfile.SEED_CHECKS) {
            assertThat(scrape.value("superadmin_check_status", "check", check)).as(check).isEqualTo(3);
            assertThat(scrape.value("superadmin_probe_failures_total", "check", check, "reason", "connect"))
                    .as("connect failures of %s", check).isGreaterThanOrEqualTo(1);
            assertThat(scrape.value("superadmin_probe_failures_total", "check", check, "reason", "timeout"))
                    .as("a refused connection is not a timeout (%s)", check).isZero();
            assertThat(scrape.value("superadmin_probe_last_success_timestamp_seconds", "check", check)).as(check).isZero();
        }
        assertThat(scrape.value("superadmin_admin_users", "check", "admin_users")).isNaN();
        assertThat(scrape.value("superadmin_failed_logins_last_hour", "check", "failed_logins")).isNaN();
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'superadmin-probes' }.data.'database.default'", org.hamcrest.Matchers.equalTo("down"));

        // The failing checks keep trying on their interval, and every attempt is counted.
        double before = connectFailures("admin_users");
        await().atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofMillis(200))
                .until(() -> connectFailures("admin_users") >= before + 2);

        // The database appears: started, created, loaded, one active admin. Nobody restarts the service.
        Instant started = Instant.now();
        long startCalled = System.nanoTime();
        postgres.start();
        Duration startTook = Duration.ofNanos(System.nanoTime() - startCalled);
        PrivatePostgresResource.createWatchedDatabase(postgres);
        Instant dataReady = Instant.now();
        long dataReadyNanos = System.nanoTime();
        Duration setupTook = Duration.ofNanos(dataReadyNanos - startCalled);

        Map<String, Duration> freshAfter = new HashMap<>();
        Duration[] upAfter = new Duration[1];
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
            StatusSnapshot now = StatusSnapshot.take();
            Duration elapsed = Duration.ofNanos(System.nanoTime() - dataReadyNanos);
            if (now.databaseUp() && upAfter[0] == null) {
                upAfter[0] = elapsed;
            }
            for (String name : ManualProbesProfile.SEED_CHECKS) {
                StatusSnapshot.Check check = now.check(name);
                // The hourly checks may run while the admin row is being inserted (the first probe the new database
                // answers sends them again at once): their values do not depend on it, so any probe of the new
                // database counts; the admin count and failed logins must have seen the data.
                Instant since = SHORT_CHECKS.contains(name) ? dataReady : started;
                if (!freshAfter.containsKey(name) && "OK".equals(check.state()) && check.measuredAt() != null
                        && check.measuredAt().isAfter(since)) {
                    freshAfter.put(name, elapsed);
                }
            }
            return upAfter[0] != null && freshAfter.keySet().containsAll(ManualProbesProfile.SEED_CHECKS);
        });

        StatusSnapshot recovered = StatusSnapshot.take();
        FaultTimings.report("DatabaseDownAtStartTest", String.format(java.util.Locale.ROOT,
                "pg start %s, start+create+load %s; after the data was ready: database.up after %s, "
                        + "admin_users (1s) OK after %s, failed_logins (2s) OK after %s, the hourly checks OK after "
                        + "active_sessions %s, database_size %s, orphaned_images %s; overall then %s",
                FaultTimings.ms(startTook), FaultTimings.ms(setupTook), FaultTimings.ms(upAfter[0]),
                FaultTimings.ms(freshAfter.get("admin_users")), FaultTimings.ms(freshAfter.get("failed_logins")),
                FaultTimings.ms(freshAfter.get("active_sessions")), FaultTimings.ms(freshAfter.get("database_size")),
                FaultTimings.ms(freshAfter.get("orphaned_images")), recovered.state()));

        // Within one interval plus the scheduler's tick and slack for a busy machine.
        assertThat(freshAfter.get("admin_users")).as("admin_users (interval 1s) fresh and OK after the data was ready")
                .isLessThan(Duration.ofSeconds(3));
        assertThat(freshAfter.get("failed_logins")).as("failed_logins (interval 2s) fresh and OK after the data was ready")
                .isLessThan(Duration.ofSeconds(4));

        // The hourly checks failed in the first round; they run again as soon as the database answers, not in an hour.
        for (String name : ManualProbesProfile.SEED_CHECKS) {
            if (!SHORT_CHECKS.contains(name)) {
                assertThat(freshAfter.get(name)).as("%s (interval 1h) fresh and OK from the new database, seen within 4 s of the data", name)
                        .isLessThan(Duration.ofSeconds(4));
            }
        }
        assertThat(recovered.state()).as("every check OK again\n%s", recovered.body()).isEqualTo("OK");

        StatusSnapshot up = StatusSnapshot.take();
        assertThat(up.databaseUp()).isTrue();
        StatusSnapshot.Check admins = up.check("admin_users");
        assertThat(admins.state()).isEqualTo("OK");
        assertThat(admins.value()).isEqualTo(1.0);
        assertThat(admins.errorReason()).as("the last probe succeeded").isNull();
        StatusSnapshot.Check logins = up.check("failed_logins");
        assertThat(logins.state()).isEqualTo("OK");
        assertThat(logins.value()).isEqualTo(0.0);
        assertThat(logins.errorReason()).isNull();

        Scrape after = Scrape.now();
        assertThat(after.value("superadmin_database_up")).isEqualTo(1);
        assertThat(after.value("superadmin_admin_users", "check", "admin_users")).isEqualTo(1);
        assertThat(after.value("superadmin_check_status", "check", "admin_users")).isZero();
        assertThat(after.value("superadmin_probe_failures_total", "check", "admin_users", "reason", "connect"))
                .as("the failures stay counted").isGreaterThanOrEqualTo(before + 2);
    }

    private static double connectFailures(String check) {
        return Scrape.now().value("superadmin_probe_failures_total", "check", check, "reason", "connect");
    }
}
