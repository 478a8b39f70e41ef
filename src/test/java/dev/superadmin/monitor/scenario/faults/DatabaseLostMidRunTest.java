package dev.superadmin.monitor.scenario.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.superadmin.monitor.testing.FaultTimings;
import dev.superadmin.monitor.testing.HeadlessChromium;
import dev.superadmin.monitor.testing.PrivatePostgres;
import dev.superadmin.monitor.testing.PrivatePostgresProfile;
import dev.superadmin.monitor.testing.PrivatePostgresResource;
import dev.superadmin.monitor.testing.Scrape;
import dev.superadmin.monitor.testing.StatusSnapshot;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The database dies under a running, healthy service (an immediate shutdown: a crash or a failover as a client sees
 * it) and comes back: values turn UNKNOWN exactly when they go stale and not before, every value that still stands
 * says at once that it is held (the five-minute checks too, whose own probes do not run during the outage), the
 * failures are counted, the endpoints stay fast, and fresh values return within an interval of the database's return.
 */
@QuarkusTest
@TestProfile(DatabaseLostMidRunTest.Profile.class)
class DatabaseLostMidRunTest {

    public static class Profile extends PrivatePostgresProfile {
        public Profile() {
            super(PrivatePostgresResource.Cluster.RUNNING, Map.of(
                    "superadmin.checks.admin_users.interval", "1s",
                    "superadmin.checks.admin_users.staleness", "3s",
                    "superadmin.checks.failed_logins.interval", "2s",
                    "superadmin.checks.failed_logins.staleness", "6s"));
        }
    }

    /** The short-interval checks, their gauges and their values with the resource's data. */
    private record Watched(String check, String gauge, double value, double stalenessSeconds, Duration recoveryBound) {
    }

    private static final List<Watched> WATCHED = List.of(
            new Watched("admin_users", "superadmin_admin_users", 1, 3, Duration.ofSeconds(3)),
            new Watched("failed_logins", "superadmin_failed_logins_last_hour", 0, 6, Duration.ofSeconds(4)));

    /** The checks that are not probed again during the outage: their values stand, held, for the whole test. */
    private static final List<String> SLOW = List.of("active_sessions", "database_size", "orphaned_images");

    private static final int REQUESTS = 200;

    /** Injected by {@link PrivatePostgresResource}, running with the watched database. */
    PrivatePostgres postgres;

    @TestHTTPResource("/")
    URL base;

    @Test
    void aLostDatabaseGoesStaleOnlyAfterEachWindowScrapesStayFastAndValuesReturnWithinAnInterval() throws Exception {
        assertThat(postgres).as("the test resource's private PostgreSQL").isNotNull();

        // Healthy, and every short check repeating on its own schedule (not only the first round).
        Map<String, Instant> firstSeen = new HashMap<>();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            StatusSnapshot now = StatusSnapshot.take();
            boolean all = now.databaseUp() && "OK".equals(now.state());
            for (Watched watched : WATCHED) {
                StatusSnapshot.Check check = now.check(watched.check());
                if (!"OK".equals(check.state()) || check.measuredAt() == null || check.value() != watched.value()) {
                    all = false;
                    continue;
                }
                Instant first = firstSeen.putIfAbsent(watched.check(), check.measuredAt());
                all &= first != null && check.measuredAt().isAfter(first);
            }
            return all;
        });
        Scrape healthy = Scrape.now();
        assertThat(healthy.value("superadmin_database_up")).isEqualTo(1);
        Map<String, Double> connectBefore = new HashMap<>();
        for (Watched watched : WATCHED) {
            connectBefore.put(watched.check(), connectFailures(healthy, watched.check()));
        }

        // The same requests while the database is up, for comparison.
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI metrics = base.toURI().resolve("/q/metrics");
        URI status = base.toURI().resolve("/status");
        for (int i = 0; i < 5; i++) { // the same requests as measured, so that the first ones measure no class loading
            get(http, metrics);
            get(http, status);
        }
        List<Long> metricsUpNanos = new ArrayList<>();
        List<Long> statusUpNanos = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            metricsUpNanos.add(get(http, metrics));
            statusUpNanos.add(get(http, status));
        }
        FaultTimings.Latencies metricsUp = new FaultTimings.Latencies(metricsUpNanos);
        FaultTimings.Latencies statusUp = new FaultTimings.Latencies(statusUpNanos);
        assertThat(StatusSnapshot.take().databaseUp()).isTrue();

        // ---- The database dies. ----
        Instant stopCalled = Instant.now();
        postgres.stop();
        Instant stopReturned = Instant.now();

        Map<String, Instant> unknownSeen = new LinkedHashMap<>();
        Map<String, Instant> lastValueAt = new HashMap<>();
        Map<String, Boolean> failureShownBesideValue = new HashMap<>();
        boolean sawDatabaseDown = false;
        int snapshots = 0;
        int scrapes = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        Instant allUnknownAt = null;
        while (System.nanoTime() < deadline && (allUnknownAt == null
                || Duration.between(allUnknownAt, Instant.now()).compareTo(Duration.ofMillis(500)) < 0)) {
            StatusSnapshot now = StatusSnapshot.take();
            snapshots++;
            if (!now.databaseUp()) {
                sawDatabaseDown = true;
                assertThat(now.state()).as("overall state while the database is down\n%s", now.body()).isEqualTo("CRITICAL");
            }
            for (String slow : SLOW) {
                StatusSnapshot.Check check = now.check(slow);
                assertThat(check.held()).as("%s held exactly while the database is down\n%s", slow, now.body())
                        .isEqualTo(!now.databaseUp());
                assertThat(check.state()).as("%s keeps its last state", slow).isEqualTo("OK");
                assertThat(check.value()).as("%s keeps its last value", slow).isNotNull();
            }
            for (Watched watched : WATCHED) {
                StatusSnapshot.Check check = now.check(watched.check());
                assertThat(check.measuredAt()).as("%s keeps its last measurement\n%s", watched.check(), now.body()).isNotNull();
                assertThat(check.measuredAt()).as("%s: no fresh value from a stopped database", watched.check())
                        .isBeforeOrEqualTo(stopReturned);
                lastValueAt.put(watched.check(), check.measuredAt());
                assertThat(check.stalenessSeconds()).isEqualTo(watched.stalenessSeconds());
                boolean stale = check.ageSeconds() > check.stalenessSeconds();
                assertThat(check.held()).as("%s held while its value stands and the database is down\n%s", watched.check(),
                        now.body()).isEqualTo(!stale && !now.databaseUp());
                if (stale) {
                    assertThat(check.state()).as("%s with a value %.3f s old (window %.0f s)\n%s", watched.check(),
                            check.ageSeconds(), check.stalenessSeconds(), now.body()).isEqualTo("UNKNOWN");
                    assertThat(check.value()).as("%s: a stale value is not shown", watched.check()).isNull();
                    unknownSeen.putIfAbsent(watched.check(), now.respondedAt());
                } else {
                    assertThat(check.state()).as("%s with a value %.3f s old (window %.0f s): the last value's state\n%s",
                            watched.check(), check.ageSeconds(), check.stalenessSeconds(), now.body()).isEqualTo("OK");
                    assertThat(check.value()).as("%s: the last value stands", watched.check()).isEqualTo(watched.value());
                    if ("connect".equals(check.errorReason())) {
                        failureShownBesideValue.put(watched.check(), true);
                    }
                }
            }
            if (snapshots % 2 == 0) {
                assertScrapeNeverShowsAStaleValue();
                scrapes++;
            }
            if (allUnknownAt == null && unknownSeen.size() == WATCHED.size()) {
                allUnknownAt = Instant.now();
            }
            Thread.sleep(100);
        }
        assertThat(unknownSeen.keySet()).as("checks seen UNKNOWN within 20 s of the stop")
                .containsExactlyInAnyOrderElementsOf(WATCHED.stream().map(Watched::check).toList());
        assertThat(sawDatabaseDown).as("database.up went false").isTrue();
        for (Watched watched : WATCHED) {
            assertThat(failureShownBesideValue.get(watched.check()))
                    .as("%s: within its window the connect failure is shown beside the last value", watched.check()).isTrue();
        }

        Map<String, Duration> unknownAfterStop = new LinkedHashMap<>();
        Map<String, Duration> unknownLate = new LinkedHashMap<>();
        for (Watched watched : WATCHED) {
            Instant staleFrom = lastValueAt.get(watched.check()).plusMillis((long) (watched.stalenessSeconds() * 1000));
            Instant seen = unknownSeen.get(watched.check());
            unknownAfterStop.put(watched.check(), Duration.between(stopCalled, seen));
            unknownLate.put(watched.check(), Duration.between(staleFrom, seen));
            assertThat(seen).as("%s seen UNKNOWN no earlier than its last value + staleness", watched.check())
                    .isAfter(staleFrom);
            // polled every ~100 ms (plus a scrape every other poll): seen UNKNOWN soon after it went stale
            assertThat(Duration.between(staleFrom, seen)).as("%s seen UNKNOWN this long after it went stale", watched.check())
                    .isLessThan(Duration.ofMillis(1500));
        }

        StatusSnapshot down = StatusSnapshot.take();
        assertThat(down.state()).isEqualTo("CRITICAL");
        assertThat(down.databaseUp()).isFalse();
        for (Watched watched : WATCHED) {
            StatusSnapshot.Check check = down.check(watched.check());
            assertThat(check.state()).isEqualTo("UNKNOWN");
            assertThat(check.value()).isNull();
            assertThat(check.errorReason()).as("%s lastError\n%s", watched.check(), down.body()).isEqualTo("connect");
        }
        assertThePageMarksTheHeldChecks();
        Scrape scrapeDown = Scrape.now();
        assertThat(scrapeDown.value("superadmin_database_up")).isZero();
        for (String slow : SLOW) {
            assertThat(scrapeDown.value("superadmin_check_held", "check", slow)).as("%s held", slow).isEqualTo(1);
            assertThat(scrapeDown.value("superadmin_check_status", "check", slow)).as("%s status, held", slow).isZero();
        }
        for (Watched watched : WATCHED) {
            assertThat(scrapeDown.value(watched.gauge(), "check", watched.check())).as(watched.gauge()).isNaN();
            assertThat(scrapeDown.value("superadmin_check_status", "check", watched.check())).isEqualTo(3);
            assertThat(scrapeDown.value("superadmin_check_held", "check", watched.check())).as("stale: not held").isZero();
            assertThat(connectFailures(scrapeDown, watched.check())).as("connect failures of %s", watched.check())
                    .isGreaterThan(connectBefore.get(watched.check()));
        }
        double adminFailuresWhileDown = connectFailures(scrapeDown, "admin_users") - connectBefore.get("admin_users");
        Duration downFor = Duration.between(stopCalled, Instant.now());

        // ---- Scrapes while the database is down: memory only, never a wait on the database. ----
        List<Long> metricsNanos = new ArrayList<>();
        List<Long> statusNanos = new ArrayList<>();
        List<Long> allNanos = new ArrayList<>();
        long latencyStarted = System.nanoTime();
        for (int i = 0; i < REQUESTS; i++) {
            long m = get(http, metrics);
            long s = get(http, status);
            metricsNanos.add(m);
            statusNanos.add(s);
            allNanos.add(m);
            allNanos.add(s);
        }
        Duration latencyTook = Duration.ofNanos(System.nanoTime() - latencyStarted);
        assertThat(StatusSnapshot.take().databaseUp()).as("the database was down during the whole measurement").isFalse();
        FaultTimings.Latencies metricsLatency = new FaultTimings.Latencies(metricsNanos);
        FaultTimings.Latencies statusLatency = new FaultTimings.Latencies(statusNanos);
        FaultTimings.Latencies allLatency = new FaultTimings.Latencies(allNanos);

        // ---- The database returns. ----
        long startCalled = System.nanoTime();
        postgres.start();
        long startReturnedNanos = System.nanoTime();
        Instant startReturned = Instant.now();
        Map<String, Duration> freshAfter = new LinkedHashMap<>();
        Duration[] upAfter = new Duration[1];
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
            StatusSnapshot now = StatusSnapshot.take();
            Duration elapsed = Duration.ofNanos(System.nanoTime() - startReturnedNanos);
            if (now.databaseUp() && upAfter[0] == null) {
                upAfter[0] = elapsed;
            }
            for (Watched watched : WATCHED) {
                StatusSnapshot.Check check = now.check(watched.check());
                if (!freshAfter.containsKey(watched.check()) && "OK".equals(check.state())
                        && check.measuredAt() != null && check.measuredAt().isAfter(startReturned)
                        && Double.valueOf(watched.value()).equals(check.value())) {
                    freshAfter.put(watched.check(), elapsed);
                }
            }
            return upAfter[0] != null && freshAfter.size() == WATCHED.size();
        });
        Duration allFresh = freshAfter.values().stream().max(Duration::compareTo).orElseThrow();

        FaultTimings.report("DatabaseLostMidRunTest", String.format(Locale.ROOT,
                "stop took %s; UNKNOWN after the stop: admin_users %s (staleness 3 s, seen %s after going stale), "
                        + "failed_logins %s (staleness 6 s, seen %s after going stale); %d status polls, %d checked scrapes; "
                        + "%.0f admin_users connect failures in %s down; "
                        + "latency while down (%d sequential each, %s total): /q/metrics %s, /status %s, both %s "
                        + "(while up: /q/metrics %s, /status %s; scrape size %d bytes); "
                        + "pg start took %s; after start returned: database.up %s, admin_users fresh OK %s, "
                        + "failed_logins fresh OK %s, all %s",
                FaultTimings.ms(Duration.between(stopCalled, stopReturned)),
                FaultTimings.ms(unknownAfterStop.get("admin_users")), FaultTimings.ms(unknownLate.get("admin_users")),
                FaultTimings.ms(unknownAfterStop.get("failed_logins")), FaultTimings.ms(unknownLate.get("failed_logins")),
                snapshots, scrapes, adminFailuresWhileDown, FaultTimings.ms(downFor),
                REQUESTS, FaultTimings.ms(latencyTook), metricsLatency, statusLatency, allLatency, metricsUp, statusUp,
                scrapeDown.text().length(),
                FaultTimings.ms(Duration.ofNanos(startReturnedNanos - startCalled)),
                FaultTimings.ms(upAfter[0]), FaultTimings.ms(freshAfter.get("admin_users")),
                FaultTimings.ms(freshAfter.get("failed_logins")), FaultTimings.ms(allFresh)));

        assertThat(metricsLatency.percentileMs(99)).as("p99 of GET /q/metrics while the database is down, ms").isLessThan(100);
        assertThat(statusLatency.percentileMs(99)).as("p99 of GET /status while the database is down, ms").isLessThan(100);
        for (Watched watched : WATCHED) {
            assertThat(freshAfter.get(watched.check()))
                    .as("%s fresh and OK after the database's start returned (one interval plus slack)", watched.check())
                    .isLessThan(watched.recoveryBound());
        }

        StatusSnapshot back = StatusSnapshot.take();
        assertThat(back.databaseUp()).isTrue();
        assertThat(back.state()).as("every check OK again (the hourly ones never went stale)\n%s", back.body()).isEqualTo("OK");
        for (Watched watched : WATCHED) {
            assertThat(back.check(watched.check()).errorReason()).as("%s lastError", watched.check()).isNull();
        }
        for (StatusSnapshot.Check check : back.checks().values()) {
            assertThat(check.held()).as("%s no longer held", check.name()).isFalse();
        }
        Scrape scrapeBack = Scrape.now();
        assertThat(scrapeBack.value("superadmin_database_up")).isEqualTo(1);
        for (String slow : SLOW) {
            assertThat(scrapeBack.value("superadmin_check_held", "check", slow)).as("%s held", slow).isZero();
        }
        for (Watched watched : WATCHED) {
            assertThat(scrapeBack.value(watched.gauge(), "check", watched.check())).isEqualTo(watched.value());
            assertThat(scrapeBack.value("superadmin_check_status", "check", watched.check())).isZero();
        }
    }

    /**
     * A scrape agrees with the staleness windows: a check's status is OK only while its last success is within the
     * window, UNKNOWN (with a NaN gauge) only after it. The scrape computed each series at some moment between the
     * two readings of the test's clock around it.
     */
    private static void assertScrapeNeverShowsAStaleValue() {
        double before = Instant.now().toEpochMilli() / 1000.0;
        Scrape scrape = Scrape.now();
        double after = Instant.now().toEpochMilli() / 1000.0;
        for (Watched watched : WATCHED) {
            double lastSuccess = scrape.value("superadmin_probe_last_success_timestamp_seconds", "check", watched.check());
            double status = scrape.value("superadmin_check_status", "check", watched.check());
            double gauge = scrape.value(watched.gauge(), "check", watched.check());
            assertThat(lastSuccess).as("%s last success timestamp", watched.check()).isPositive();
            assertThat(status).as("%s status in a scrape", watched.check()).isIn(0.0, 3.0);
            // timestamps are in milliseconds: allow 2 ms of rounding
            if (status == 0) {
                assertThat(before - lastSuccess).as("%s reported OK with a last success this old (s)", watched.check())
                        .isLessThanOrEqualTo(watched.stalenessSeconds() + 0.002);
            } else {
                assertThat(after - lastSuccess).as("%s reported UNKNOWN with a last success this old (s)", watched.check())
                        .isGreaterThan(watched.stalenessSeconds() - 0.002);
            }
            // the value gauge and the status gauge are computed a moment apart: compare them away from the edge
            if (Math.abs(before - lastSuccess - watched.stalenessSeconds()) > 0.25
                    && Math.abs(after - lastSuccess - watched.stalenessSeconds()) > 0.25) {
                if (status == 0) {
                    assertThat(gauge).as("%s gauge while OK", watched.check()).isEqualTo(watched.value());
                } else {
                    assertThat(gauge).as("%s gauge while UNKNOWN", watched.check()).isNaN();
                }
            }
        }
    }

    /** The status page, in chromium, marks every held check and only those, while the database is down. */
    private void assertThePageMarksTheHeldChecks() {
        try (HeadlessChromium chromium = HeadlessChromium.start(Path.of("target", "status-page"))) {
            chromium.navigate("http://127.0.0.1:" + base.getPort() + "/");
            chromium.await("document.body && document.body.dataset.fetch === 'ok'", Duration.ofSeconds(15));
            JsonNode cards = chromium.evaluate("""
                    [...document.querySelectorAll('li.check')].map(c => ({
                      name: c.dataset.check,
                      held: c.querySelector('.held') ? c.querySelector('.held').textContent : null
                    }))""");
            StatusSnapshot now = StatusSnapshot.take();
            assertThat(now.databaseUp()).as("still down while the page was read").isFalse();
            Map<String, String> held = new HashMap<>();
            cards.forEach(card -> held.put(card.path("name").asText(), card.path("held").asText(null)));
            assertThat(held).containsOnlyKeys(now.checks().keySet());
            for (StatusSnapshot.Check check : now.checks().values()) {
                if (SLOW.contains(check.name())) {
                    assertThat(held.get(check.name())).as("%s on the page", check.name())
                            .isEqualTo("Held: the database cannot be reached; this is the last value measured");
                } else {
                    assertThat(held.get(check.name())).as("%s (stale: UNKNOWN, not held) on the page", check.name()).isNull();
                }
            }
        }
    }

    private static long get(HttpClient http, URI uri) throws IOException, InterruptedException {
        long started = System.nanoTime();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
        long took = System.nanoTime() - started;
        assertThat(response.statusCode()).as("GET %s", uri).isEqualTo(200);
        assertThat(response.body()).isNotEmpty();
        return took;
    }

    private static double connectFailures(Scrape scrape, String check) {
        return scrape.value("superadmin_probe_failures_total", "check", check, "reason", "connect");
    }
}
