package dev.superadmin.monitor.probe;

import static dev.superadmin.monitor.testing.ManualProbesProfile.hourlyCheck;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.nullValue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.superadmin.monitor.testing.ManualProbesProfile;
import dev.superadmin.monitor.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The service connects as a superuser, the role that may do anything, and its checks try every way out of the
 * probe's read-only transaction: each is refused by the database, nothing is written, no program runs, no connection
 * is held, and a setting a check makes does not outlive its probe. What stops them is the probe itself, not the role.
 */
@QuarkusTest
@TestProfile(ReadOnlyTransactionTest.Profile.class)
class ReadOnlyTransactionTest {

    /** A file that {@code COPY ... TO PROGRAM} would create, were it run. */
    static final Path PROGRAM_WITNESS = Path.of("/tmp", "superadmin-escape-" + UUID.randomUUID());

    public static class Profile extends ManualProbesProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(super.getConfigOverrides());
            config.put("quarkus.datasource.username", "postgres");
            // one connection: every probe runs on the one the previous probe used
            config.put("quarkus.datasource.reactive.max-size", "1");
            hourlyCheck(config, "commit_then_delete", "SELECT 1) AS probe; COMMIT; DELETE FROM public.admin_users; SELECT (1");
            hourlyCheck(config, "rollback_then_update",
                    "SELECT 1) AS probe; ROLLBACK; UPDATE public.admin_users SET is_active = false; SELECT (1");
            hourlyCheck(config, "commit_then_nextval",
                    "SELECT 1) AS probe; COMMIT; SELECT nextval('public.escape_sequence'); SELECT (1");
            hourlyCheck(config, "copy_to_program",
                    "SELECT 1) AS probe; COPY (SELECT 1) TO PROGRAM 'touch " + PROGRAM_WITNESS + "'; SELECT (1");
            hourlyCheck(config, "commit_then_sleep", "SELECT 1) AS probe; COMMIT; SELECT pg_sleep(600); SELECT (1");
            hourlyCheck(config, "writable_with", "WITH gone AS (DELETE FROM public.admin_users RETURNING 1) SELECT count(*) FROM gone");
            hourlyCheck(config, "nextval", "SELECT nextval('public.escape_sequence')");
            hourlyCheck(config, "read_write_switch", "SELECT length(set_config('transaction_read_only', 'off', true))");
            hourlyCheck(config, "update_returning", "UPDATE public.admin_users SET is_active = false RETURNING 1");
            // a session setting made by one check, read by the next probe on the same connection
            hourlyCheck(config, "leak_lock_timeout", "SELECT length(set_config('lock_timeout', '1234', false))");
            hourlyCheck(config, "leak_read_write", "SELECT length(set_config('default_transaction_read_only', 'off', false))");
            hourlyCheck(config, "reads_lock_timeout", "SELECT EXTRACT(epoch FROM current_setting('lock_timeout')::interval)");
            hourlyCheck(config, "reads_read_only", "SELECT (current_setting('transaction_read_only') = 'on')::int");
            return config;
        }

    }

    @Inject
    ProbeScheduler probes;

    private final TestDatabase database = TestDatabase.current();

    @BeforeEach
    void arrange() {
        database.execute("CREATE SEQUENCE IF NOT EXISTS public.escape_sequence",
                "DELETE FROM public.admin_users",
                "INSERT INTO public.admin_users (email, is_active) VALUES ('a@example.test', true), "
                        + "('b@example.test', true), ('c@example.test', true)");
    }

    @ParameterizedTest(name = "{0} is refused: {2}")
    @CsvSource(delimiter = '|', value = {
            "commit_then_delete   | sql        | cannot insert multiple commands into a prepared statement",
            "rollback_then_update | sql        | cannot insert multiple commands into a prepared statement",
            "commit_then_nextval  | sql        | cannot insert multiple commands into a prepared statement",
            "copy_to_program      | sql        | cannot insert multiple commands into a prepared statement",
            "commit_then_sleep    | sql        | cannot insert multiple commands into a prepared statement",
            "writable_with        | sql        | WITH clause containing a data-modifying statement must be at the top level",
            "nextval              | permission | cannot execute nextval() in a read-only transaction (SQLSTATE 25006)",
            "read_write_switch    | sql        | transaction read-write mode must be set before any query",
            "update_returning     | sql        | syntax error",
    })
    void anEscapeIsRefusedAndChangesNothing(String check, String reason, String message) {
        long sequenceBefore = sequenceValue();
        probes.runRound().await().atMost(Duration.ofSeconds(60));

        given().get("/status/" + check).then()
                .body("state", equalTo("UNKNOWN"))
                .body("value", nullValue())
                .body("lastError.reason", equalTo(reason))
                .body("lastError.message", containsString(message))
                // refused before it ran: pg_sleep(600) never started, the one connection is free again
                .body("durationSeconds", lessThan(5f));
        assertThat(database.queryLong("SELECT count(*) FROM public.admin_users WHERE is_active")).as("admin users").isEqualTo(3);
        assertThat(sequenceValue()).as("the sequence").isEqualTo(sequenceBefore);
        assertThat(PROGRAM_WITNESS).as("what COPY ... TO PROGRAM would have made").doesNotExist();
        given().get("/status/admin_users").then().body("state", equalTo("OK")).body("value", equalTo(3));
    }

    @Test
    void aSettingACheckMakesEndsWithItsProbe() {
        for (int round = 0; round < 3; round++) {
            probes.runRound().await().atMost(Duration.ofSeconds(60));
            // the setting was made (set_config answered), and is gone for the probes after it
            given().get("/status/leak_lock_timeout").then().body("state", equalTo("OK")).body("value", equalTo(6));
            given().get("/status/leak_read_write").then().body("state", equalTo("OK")).body("value", equalTo(3));
            given().get("/status/reads_lock_timeout").then().body("state", equalTo("OK")).body("value", equalTo(0));
            given().get("/status/reads_read_only").then().body("state", equalTo("OK")).body("value", equalTo(1));
        }
        assertThat(database.queryLong("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                + " AND usename = 'postgres' AND state LIKE 'idle in transaction%'"))
                .as("connections left inside a transaction").isZero();
    }

    private long sequenceValue() {
        return database.queryLong("SELECT last_value + is_called::int FROM public.escape_sequence");
    }
}
