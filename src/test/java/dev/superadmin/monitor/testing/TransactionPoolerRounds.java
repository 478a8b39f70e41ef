package dev.superadmin.monitor.testing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import dev.superadmin.monitor.probe.ProbeScheduler;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.restassured.path.json.JsonPath;
import io.smallrye.mutiny.Multi;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The service through pgbouncer in transaction mode ({@link TransactionPoolerResource}): the three paging checks
 * every second on the scheduler, and meanwhile {@value #ROUNDS} data changes each followed by two explicit rounds
 * of all five checks, so every check is probed at least {@code 2 × ROUNDS} times while the service's two
 * connections share one server connection. Every probe must succeed with the value of the data just written.
 * Subclasses run it with {@code superadmin.pooler} on and off.
 */
public abstract class TransactionPoolerRounds {

    public static final int ROUNDS = 40;

    public abstract static class Profile implements QuarkusTestProfile {

        protected abstract boolean pooler();

        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = ManualProbesProfile.hourlySeedChecks();
            config.put("quarkus.http.test-port", "0");
            config.put("superadmin.pooler", Boolean.toString(pooler()));
            config.put("superadmin.checks.admin_users.interval", "1s");
            config.put("superadmin.checks.failed_logins.interval", "1s");
            config.put("superadmin.checks.active_sessions.interval", "1s");
            return config;
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(TransactionPoolerResource.class));
        }
    }

    @Inject
    protected ProbeScheduler scheduler;

    @Inject
    protected Pool pool;

    /** {@code superadmin.pooler} of the subclass's profile. */
    protected abstract boolean pooler();

    @Test
    void everyProbeThroughTheTransactionPoolerSucceedsWithTheRightValue() {
        assertThat(config("superadmin.pooler")).isEqualTo(Boolean.toString(pooler()));
        assertThat(config("quarkus.datasource.reactive.url"))
                .isEqualTo("postgresql://127.0.0.1:" + bouncerPort() + "/" + TransactionPoolerResource.ALIAS);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
        PrivateSql database = new PrivateSql(postgresPort(), TransactionPoolerResource.DATABASE);
        long transactionsBefore = bouncerTransactions();
        long started = System.nanoTime();

        for (int round = 0; round < ROUNDS; round++) {
            int admins = 1 + round % 4;
            int failedLogins = (round * 7) % 31;
            int sessions = (round * 5) % 13;
            arrange(database, admins, failedLogins, sessions);
            // the first round may join a scheduled probe that started before the change; the second cannot
            scheduler.runRound().await().atMost(Duration.ofSeconds(30));
            scheduler.runRound().await().atMost(Duration.ofSeconds(30));

            JsonPath status = given().get("/status").then().statusCode(200).extract().jsonPath();
            String where = "round " + round + ": " + status.prettify();
            assertThat(status.getList("targets[0].checks.lastError")).as(where).containsOnlyNulls();
            assertThat(status.getBoolean("targets[0].database.up")).as(where).isTrue();
            assertThat(value(status, "admin_users")).as(where).isEqualTo(admins);
            assertThat(value(status, "failed_logins")).as(where).isEqualTo(failedLogins);
            assertThat(value(status, "active_sessions")).as(where).isEqualTo(sessions);
            assertThat(value(status, "orphaned_images")).as(where).isZero();
            assertThat(value(status, "database_size")).as(where).isPositive();
            assertThat(state(status, "failed_logins")).as(where)
                    .isEqualTo(failedLogins > 25 ? "CRITICAL" : failedLogins > 10 ? "WARNING" : "OK");
            assertThat(state(status, "active_sessions")).as(where)
                    .isEqualTo(sessions > 10 ? "CRITICAL" : sessions > 5 ? "WARNING" : "OK");
        }
        Duration loop = Duration.ofNanos(System.nanoTime() - started);

        // the scheduler alone, for a few more of its one-second probes
        String measured = check("admin_users").getString("measuredAt");
        await().atMost(Duration.ofSeconds(10)).until(() -> !measured.equals(check("admin_users").getString("measuredAt")));

        Scrape scrape = Scrape.now();
        List<Scrape.Sample> failures = scrape.find("superadmin_probe_failures_total");
        assertThat(failures).allSatisfy(sample -> assertThat(sample.value()).as("%s", sample).isZero())
                .extracting(sample -> sample.labels().get("check")).containsOnly(ManualProbesProfile.SEED_CHECKS.toArray(String[]::new))
                .containsAll(ManualProbesProfile.SEED_CHECKS);
        assertThat(scrape.value("superadmin_database_up")).isEqualTo(1);

        long transactions = bouncerTransactions() - transactionsBefore;
        List<Map<String, String>> servers = rowsOf(PgBouncer.show(bouncerPort(), "SERVERS"));
        List<Map<String, String>> clients = rowsOf(PgBouncer.show(bouncerPort(), "CLIENTS"));
        List<Map<String, String>> pools = rowsOf(PgBouncer.show(bouncerPort(), "POOLS"));
        long serverSessions = serverLog("connection authorized: user=superadmin_monitor").size();
        System.out.printf("pooler=%s: %d rounds (each 2 explicit rounds of 5 checks, plus 3 checks every second) in %d ms; "
                + "pgbouncer counted %d transactions of the service; server sessions pgbouncer ever opened for it: %d%n"
                + "  SHOW POOLS: %s%n  SHOW SERVERS: %s%n  SHOW CLIENTS: %s%n",
                pooler(), ROUNDS, loop.toMillis(), transactions, serverSessions, pools, servers, clients);

        assertThat(transactions).as("one transaction per probe, at least 2 × %d × 5 probes", ROUNDS)
                .isGreaterThanOrEqualTo(2L * ROUNDS * 5);
        assertThat(pools).singleElement().satisfies(row -> assertThat(row.get("pool_mode")).isEqualTo("transaction"));
        assertThat(servers.size()).as("server connections").isLessThanOrEqualTo(TransactionPoolerResource.DEFAULT_POOL_SIZE);
        assertThat(clients).as("the service's connections to pgbouncer").isNotEmpty()
                .allSatisfy(row -> assertThat(row.get("user")).isEqualTo("superadmin_monitor"));
        assertThat(serverSessions).as("sessions on the server for %d transactions", transactions)
                .isBetween(1L, (long) TransactionPoolerResource.DEFAULT_POOL_SIZE + 2);
    }

    /**
     * Not about the probes (they use the simple protocol): what the service's pool does with prepared
     * (extended-protocol) queries through pgbouncer. With {@code superadmin.pooler} every one must work; without it
     * the outcome is only printed (named statements can collide on the shared server connection, now and then).
     */
    @Test
    void preparedQueriesThroughThePooler() {
        Map<String, Long> outcomes = Multi.createFrom().range(0, 200)
                .onItem().transformToUni(i -> pool.preparedQuery("SELECT $1::int + 0 AS n").execute(Tuple.of(i))
                        .map(rows -> rows.iterator().next().getInteger("n").equals(i) ? "ok" : "wrong value")
                        .onFailure().recoverWithItem(error -> error.getClass().getSimpleName() + ": " + error.getMessage()))
                .merge(4)
                .collect().asList()
                .await().atMost(Duration.ofSeconds(60))
                .stream().collect(Collectors.groupingBy(outcome -> outcome, TreeMap::new, Collectors.counting()));
        System.out.printf("pooler=%s: 200 prepared queries, 4 at a time, through pgbouncer (transaction mode): %s%n",
                pooler(), outcomes);
        if (pooler()) {
            assertThat(outcomes).containsOnlyKeys("ok");
        }
    }

    private static void arrange(PrivateSql database, int admins, int failedLogins, int sessions) {
        database.execute("BEGIN",
                "DELETE FROM admin_sessions", "DELETE FROM admin_security_events", "DELETE FROM admin_users",
                "INSERT INTO admin_users (email, is_active) SELECT 'admin' || i || '@example.test', true FROM generate_series(1, " + admins + ") i",
                "INSERT INTO admin_users (email, is_active) VALUES ('former@example.test', false)",
                "INSERT INTO admin_sessions (user_id, session_token, is_active, expires_at) "
                        + "SELECT (SELECT id FROM admin_users ORDER BY email LIMIT 1), md5(random()::text || i), true, now() + interval '1 hour' "
                        + "FROM generate_series(1, " + sessions + ") i",
                // not counted: active but expired, and inactive
                "INSERT INTO admin_sessions (user_id, session_token, is_active, expires_at) "
                        + "SELECT id, md5(random()::text), true, now() - interval '1 minute' FROM admin_users WHERE NOT is_active",
                "INSERT INTO admin_sessions (user_id, session_token, is_active, expires_at) "
                        + "SELECT id, md5(random()::text), false, now() + interval '1 hour' FROM admin_users WHERE NOT is_active",
                "INSERT INTO admin_security_events (event_type, created_at) "
                        + "SELECT 'login_failed', now() - interval '50 minutes' + i * interval '1 second' FROM generate_series(1, " + failedLogins + ") i",
                // not counted: too old, and not a failure
                "INSERT INTO admin_security_events (event_type, created_at) VALUES "
                        + "('login_failed', now() - interval '61 minutes'), ('login_success', now() - interval '5 minutes')",
                "COMMIT");
    }

    private long bouncerTransactions() {
        return PgBouncer.show(bouncerPort(), "STATS").stream()
                .filter(row -> TransactionPoolerResource.ALIAS.equals(row.get("database")))
                .mapToLong(row -> Long.parseLong(row.get("total_xact_count")))
                .sum();
    }

    /** Rows of a SHOW output that belong to the monitored alias (not to the admin console). */
    private static List<Map<String, String>> rowsOf(List<Map<String, String>> rows) {
        return rows.stream().filter(row -> TransactionPoolerResource.ALIAS.equals(row.get("database"))).toList();
    }

    private static List<String> serverLog(String fragment) {
        try {
            return Files.readAllLines(Path.of(config("test.pooler.server-log"))).stream()
                    .filter(line -> line.contains(fragment)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonPath check(String name) {
        return given().get("/status/" + name).then().statusCode(200).extract().jsonPath();
    }

    private static double value(JsonPath status, String check) {
        return status.getDouble("targets[0].checks.find { it.name == '" + check + "' }.value");
    }

    private static String state(JsonPath status, String check) {
        return status.getString("targets[0].checks.find { it.name == '" + check + "' }.state");
    }

    private static int bouncerPort() {
        return Integer.parseInt(config("test.pooler.bouncer-port"));
    }

    private static int postgresPort() {
        return Integer.parseInt(config("test.pooler.postgres-port"));
    }

    private static String config(String key) {
        return ConfigProvider.getConfig().getValue(key, String.class);
    }
}
