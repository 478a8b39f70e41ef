package dev.superadmin.monitor.scenario;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import dev.superadmin.monitor.probe.ProbeScheduler;
import dev.superadmin.monitor.testing.ManualProbesProfile;
import dev.superadmin.monitor.testing.PrivatePostgres;
import dev.superadmin.monitor.testing.PrivateSql;
import dev.superadmin.monitor.testing.Scrape;
import dev.superadmin.monitor.testing.TestDatabase;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;

/**
 * The PostgreSQL health pack with its shipped SQL, on a private server and a streaming standby of it, the
 * monitoring role given pg_read_all_stats with {@code deploy/sql/monitor-role-stats.sql} as docs/checks.md tells
 * operators. A server of the test's own, because the grant is for the whole server and connections are counted
 * server-wide: on the shared one other builds would change both. Each condition is made for real (connections
 * taken, transactions left open, rows deleted, a table too large for the cache read, transaction IDs used, replay
 * paused) and the value and state are read from /status and /q/metrics, against what the superuser computes.
 * Thresholds are the defaults except where waiting for them would take minutes: the longest transaction warns
 * above 20 s, replication lag above 2 s, and transaction ID age 1,000 above its age at start-up.
 */
@QuarkusTest
@TestProfile(HealthPackTest.Profile.class)
class HealthPackTest {

    static final String DATABASE = "watched";

    /** The pack alone on "primary"; the standby, target "replica", runs the replication lag check. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>();
            config.put("superadmin.target", "primary");
            ManualProbesProfile.SEED_CHECKS.forEach(check -> config.put("superadmin.checks." + check + ".enabled", "false"));
            ManualProbesProfile.enableHourly(config, ManualProbesProfile.HEALTH_PACK);
            config.put("superadmin.checks.pg_longest_transaction.warning", "20");
            config.put("superadmin.checks.pg_replication_lag.warning", "2");
            config.put("superadmin.targets.replica.username", TestDatabase.MONITOR_ROLE);
            config.put("superadmin.targets.replica.checks", "pg_replication_lag");
            return config;
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(Replication.class));
        }
    }

    public record Servers(PrivatePostgres primary, PrivatePostgres standby) {
    }

    /** A primary with the watched database and the optional grant, and a standby streaming from it. */
    public static class Replication implements QuarkusTestResourceLifecycleManager {
        private PrivatePostgres primary;
        private PrivatePostgres standby;

        @Override
        public Map<String, String> start() {
            primary = PrivatePostgres.create().start();
            primary.createMonitoredDatabase(DATABASE);
            primary.psql(DATABASE, "-f", Path.of("deploy/sql/monitor-role-stats.sql").toAbsolutePath().toString());
            // replies every second, so that the primary's view of the lag is at most a second old
            standby = primary.standby("wal_receiver_status_interval = 1s").start();
            PrivateSql server = new PrivateSql(primary.port(), "postgres");
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    server.queryLong("SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'") == 1);
            long xidAge = server.queryLong("SELECT max(age(datfrozenxid)) FROM pg_database");
            return Map.of(
                    "quarkus.datasource.reactive.url", primary.reactiveUrl(DATABASE),
                    "quarkus.datasource.username", TestDatabase.MONITOR_ROLE,
                    "superadmin.targets.replica.url", standby.reactiveUrl(DATABASE),
                    "superadmin.checks.pg_xid_age.warning", Long.toString(xidAge + 1000));
        }

        @Override
        public void inject(TestInjector testInjector) {
            testInjector.injectIntoFields(new Servers(primary, standby), new TestInjector.MatchesType(Servers.class));
        }

        @Override
        public void stop() {
            if (standby != null) {
                standby.close();
            }
            if (primary != null) {
                primary.close();
            }
        }
    }

    @Inject
    ProbeScheduler probes;

    Servers servers;

    @Test
    void connectionsAreTheServersClientBackendsOverMaxConnections() throws SQLException {
        List<Connection> taken = new ArrayList<>();
        try {
            for (int i = 0; i < 16; i++) {
                taken.add(watched().connection());
            }
            round();
            // counted on one of the taken connections: a new one would count itself
            long clients = queryLong(taken.get(0), "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'");
            long max = queryLong(taken.get(0), "SELECT current_setting('max_connections')::int");

            Reading connections = read("primary", "pg_connections");
            assertThat(clients).as("16 taken and the monitor's").isBetween(17L, 18L);
            assertThat(connections.value()).isCloseTo((double) clients / max, within(1e-9));
            assertThat(connections.state()).as("0.85 or 0.9: above the warning (0.8), not above the critical (0.9)")
                    .isEqualTo("WARNING");
        } finally {
            for (Connection connection : taken) {
                connection.close();
            }
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            round();
            assertThat(read("primary", "pg_connections").value()).isLessThanOrEqualTo(3.0 / 20);
        });
        assertThat(read("primary", "pg_connections").state()).isEqualTo("OK");
    }

    /**
     * Two sessions left in a transaction, one of them aborted, for over 30 s: both count as idle in transaction and
     * the older sets the longest transaction; a third, idle for a moment only, counts in neither.
     */
    @Test
    void transactionsLeftOpenAreTheLongestAndCountAsIdleAfterThirtySeconds() throws Exception {
        PrivateSql watched = watched();
        try (Connection idle = watched.connection(); Connection aborted = watched.connection();
                Connection brief = watched.connection()) {
            Instant begun = Instant.now();
            idle.setAutoCommit(false);
            idle.createStatement().execute("SELECT 1");
            aborted.setAutoCommit(false);
            try (Statement statement = aborted.createStatement()) {
                statement.execute("SELECT 1 / 0");
            } catch (SQLException expected) {
                // the transaction stays open, aborted, until the client ends it
            }
            await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(500)).until(() -> watched.queryLong(
                    "SELECT count(*) FROM pg_stat_activity WHERE state LIKE 'idle in transaction%' "
                            + "AND state_change < clock_timestamp() - interval '31 seconds'") == 2);
            brief.setAutoCommit(false);
            brief.createStatement().execute("SELECT 1");

            round();
            double open = Duration.between(begun, Instant.now()).toMillis() / 1000.0;
            Reading longest = read("primary", "pg_longest_transaction");
            assertThat(longest.value()).isGreaterThan(31).isLessThanOrEqualTo(open);
            assertThat(longest.state()).as("above the test's warning of 20 s, below the critical 1800 s").isEqualTo("WARNING");
            Reading idleSessions = read("primary", "pg_idle_in_transaction");
            assertThat(idleSessions.value()).as("the idle and the aborted one, not the brief one").isEqualTo(2);
            assertThat(idleSessions.state()).as("above 0, not above 5").isEqualTo("WARNING");
        }
        // the server ends the sessions just after the client closes them
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            round();
            assertThat(read("primary", "pg_longest_transaction")).isEqualTo(new Reading(0, "OK"));
            assertThat(read("primary", "pg_idle_in_transaction")).isEqualTo(new Reading(0, "OK"));
        });
    }

    /** Dead rows made by DELETE with autovacuum off for the table: the ratio is exactly the statistics'. */
    @Test
    void deadTuplesAreTheHighestRatioAmongTheAppsTablesOfAThousandRowsOrMore() {
        PrivateSql watched = watched();
        // flushed on its own: PostgreSQL 15 forgets a TRUNCATE flushed to the statistics together with later changes
        watched.execute("TRUNCATE admin_security_events, products RESTART IDENTITY", "SELECT pg_stat_force_next_flush()");
        watched.execute(
                "ALTER TABLE admin_security_events SET (autovacuum_enabled = false)",
                "ALTER TABLE products SET (autovacuum_enabled = false)",
                "INSERT INTO admin_security_events (event_type) SELECT 'login_success' FROM generate_series(1, 4000)",
                "DELETE FROM admin_security_events WHERE id <= 1000",
                // 99 % dead, but 100 rows: left out
                "INSERT INTO products (name) SELECT 'product ' || i FROM generate_series(1, 100) i",
                "DELETE FROM products WHERE name <> 'product 1'",
                // flushed when this session next goes idle, before it answers
                "SELECT pg_stat_force_next_flush()");
        assertThat(watched.query("SELECT relname, n_live_tup, n_dead_tup FROM pg_stat_user_tables "
                + "WHERE relname IN ('admin_security_events', 'products') ORDER BY relname")).containsExactly(
                Map.of("relname", "admin_security_events", "n_live_tup", 3000L, "n_dead_tup", 1000L),
                Map.of("relname", "products", "n_live_tup", 1L, "n_dead_tup", 99L));
        round();
        assertThat(read("primary", "pg_dead_tuples")).isEqualTo(new Reading(0.25, "WARNING"));

        watched.execute("DELETE FROM admin_security_events WHERE id <= 2500", "SELECT pg_stat_force_next_flush()");
        round();
        assertThat(read("primary", "pg_dead_tuples")).as("2,500 dead of 4,000").isEqualTo(new Reading(0.625, "CRITICAL"));

        watched.execute("VACUUM admin_security_events");
        round();
        assertThat(read("primary", "pg_dead_tuples")).isEqualTo(new Reading(0, "OK"));
    }

    /**
     * The ratio is what the superuser reads from pg_stat_database around the probe; then a table too large for the
     * cache is read: a sequential scan of a table over a quarter of shared_buffers goes through a small ring of
     * buffers, so nearly every page of it is a read, and the ratio falls under the critical 0.90.
     */
    @Test
    void cacheHitIsThisDatabasesShareOfBlocksFoundInSharedBuffers() {
        Reading warm = probedBetweenSuperuserReadings();
        assertThat(warm.value()).isBetween(0.9, 1.0);
        assertThat(warm.state()).isEqualTo("OK");

        try {
            watched().execute(
                    "CREATE TABLE cold AS SELECT i, repeat('x', 500) AS filler FROM generate_series(1, 120000) i",
                    "SELECT count(*) FROM cold", "SELECT count(*) FROM cold", "SELECT count(*) FROM cold",
                    "SELECT pg_stat_force_next_flush()");
            Reading cold = probedBetweenSuperuserReadings();
            System.out.printf("health pack: cache hit %.4f before, %.4f after reading 60 MB three times%n", warm.value(), cold.value());
            assertThat(cold.value()).isLessThan(0.9);
            assertThat(cold.state()).isEqualTo("CRITICAL");
        } finally {
            watched().execute("DROP TABLE IF EXISTS cold");
        }
    }

    /**
     * The cache hit ratio probed between two readings of the superuser: sessions flush their counts a little later
     * (the monitor's own probes too), so the probe sees a value between the two.
     */
    private Reading probedBetweenSuperuserReadings() {
        String ratio = "SELECT (blks_hit::float8 / (blks_hit + blks_read) * 1e9)::bigint FROM pg_stat_database "
                + "WHERE datname = '" + DATABASE + "'";
        double before = server().queryLong(ratio) / 1e9;
        round();
        Reading reading = read("primary", "pg_cache_hit");
        double after = server().queryLong(ratio) / 1e9;
        assertThat(reading.value()).isBetween(Math.min(before, after) - 1e-6, Math.max(before, after) + 1e-6);
        return reading;
    }

    /** The oldest database's age, as the superuser reads it; the test spends transaction IDs until it warns. */
    @Test
    void xidAgeIsTheServersOldestDatabaseAndGrowsWithEachTransaction() {
        String age = "SELECT max(age(datfrozenxid)) FROM pg_database";
        PrivateSql server = server();
        long before = server.queryLong(age);
        round();
        Reading first = read("primary", "pg_xid_age");
        assertThat(first.value()).isPositive().isBetween((double) before, (double) server.queryLong(age));
        assertThat(first.state()).as("the other tests spend far fewer than 1,000").isEqualTo("OK");

        long warning = given().get("/status/pg_xid_age").then().extract().jsonPath().getLong("warning");
        int spend = (int) (warning - first.value()) + 10;
        watched().execute(Collections.nCopies(spend, "SELECT pg_current_xact_id()").toArray(String[]::new));
        long spentBefore = server.queryLong(age);
        round();
        Reading spent = read("primary", "pg_xid_age");
        // autovacuum may take one in between (an ANALYZE writes its statistics)
        assertThat(spent.value()).isBetween((double) spentBefore, (double) server.queryLong(age))
                .isGreaterThanOrEqualTo(first.value() + spend);
        assertThat(spent.state()).isEqualTo("WARNING");
    }

    /**
     * Caught up, both sides read 0. With replay paused on the standby while the primary writes, the primary's
     * replay_lag and the standby's time since its last replayed transaction grow past the warning; resumed, both
     * are back under a second.
     */
    @Test
    void replicationLagOnThePrimaryAndOnTheStandby() {
        // the standby first replays what the other tests wrote (60 MB and more): on a loaded machine that took 15 s
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            round();
            assertThat(read("primary", "pg_replication_lag").value()).isLessThan(1);
            assertThat(read("replica", "pg_replication_lag")).isEqualTo(new Reading(0, "OK"));
        });

        PrivateSql standby = new PrivateSql(servers.standby().port(), "postgres");
        standby.execute("SELECT pg_wal_replay_pause()");
        try {
            Instant paused = Instant.now();
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).until(() -> {
                watched().execute("INSERT INTO products (name) VALUES ('written while replay is paused')");
                return server().queryLong("SELECT coalesce(extract(epoch FROM max(replay_lag)) * 1000, 0)::bigint "
                        + "FROM pg_stat_replication") > 3000;
            });
            round();
            Reading primary = read("primary", "pg_replication_lag");
            Reading replica = read("replica", "pg_replication_lag");
            double sincePause = Duration.between(paused, Instant.now()).toMillis() / 1000.0;
            System.out.printf("health pack: replay paused %.1f s: lag %.3f s on the primary, %.3f s on the standby%n",
                    sincePause, primary.value(), replica.value());
            assertThat(primary.value()).isGreaterThan(3).isLessThanOrEqualTo(sincePause);
            assertThat(primary.state()).isEqualTo("WARNING");
            assertThat(replica.value()).as("at least since the pause: its last replayed transaction came before")
                    .isGreaterThan(3).isGreaterThanOrEqualTo(primary.value());
            assertThat(replica.state()).isEqualTo("WARNING");
        } finally {
            standby.execute("SELECT pg_wal_replay_resume()");
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            round();
            assertThat(read("primary", "pg_replication_lag").value()).isLessThan(1);
            assertThat(read("replica", "pg_replication_lag").value()).isLessThan(1);
        });
    }

    @Test
    void thePacksSeriesPassPromtool() {
        round();
        Scrape scrape = Scrape.now();
        for (String check : ManualProbesProfile.HEALTH_PACK) {
            String metric = ConfigProvider.getConfig().getValue("superadmin.checks." + check + ".metric", String.class);
            assertThat(scrape.find(metric, "target", "primary")).as(metric).hasSize(1);
            assertThat(scrape.text()).contains("# HELP " + metric + " ");
        }
        assertThat(scrape.promtoolReport()).isEmpty();
    }

    /** A check's value and state; /status and /q/metrics must say the same. */
    record Reading(double value, String state) {
    }

    private Reading read(String target, String check) {
        JsonPath status = given().queryParam("target", target).get("/status/" + check).then().statusCode(200).extract()
                .jsonPath().using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE));
        String metric = ConfigProvider.getConfig().getValue("superadmin.checks." + check + ".metric", String.class);
        Scrape scrape = Scrape.now();
        double value = status.getDouble("value");
        String state = status.getString("state");
        assertThat(scrape.value(metric, "target", target, "check", check)).as("%s of %s in /q/metrics", metric, target)
                .isEqualTo(value);
        assertThat(scrape.value("superadmin_check_status", "target", target, "check", check))
                .as("status of %s on %s in /q/metrics", check, target)
                .isEqualTo(List.of("OK", "WARNING", "CRITICAL", "UNKNOWN").indexOf(state));
        return new Reading(value, state);
    }

    private void round() {
        probes.runRound().await().atMost(Duration.ofSeconds(30));
    }

    private PrivateSql watched() {
        return new PrivateSql(servers.primary().port(), DATABASE);
    }

    /** The primary's postgres database: reading statistics from there adds nothing to the watched one's. */
    private PrivateSql server() {
        return new PrivateSql(servers.primary().port(), "postgres");
    }

    private static long queryLong(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
