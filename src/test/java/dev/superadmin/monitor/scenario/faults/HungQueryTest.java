package dev.superadmin.monitor.scenario.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.superadmin.monitor.testing.FaultTimings;
import dev.superadmin.monitor.testing.HeldTableLock;
import dev.superadmin.monitor.testing.ManualProbesProfile;
import dev.superadmin.monitor.testing.Scrape;
import dev.superadmin.monitor.testing.StatusSnapshot;
import dev.superadmin.monitor.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * A check's table is locked by someone else's open transaction (a migration, a forgotten {@code LOCK} in psql): its
 * probe waits, ends at its timeout, never piles up behind itself, and leaves the other checks and the pool alone.
 */
@QuarkusTest
@TestProfile(HungQueryTest.Profile.class)
class HungQueryTest {

    /** Text of the locked check's statement, as pg_stat_activity shows it (unique among the checks). */
    static final String LOCKED_QUERY = "count(*) FROM public.products";

    public static class Profile extends ManualProbesProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(super.getConfigOverrides());
            config.put("superadmin.checks.admin_users.interval", "1s");
            config.put("superadmin.checks.locked.description", "Products, on a table the test locks");
            config.put("superadmin.checks.locked.sql", "SELECT " + LOCKED_QUERY);
            config.put("superadmin.checks.locked.warning", "1000");
            config.put("superadmin.checks.locked.interval", "1s");
            config.put("superadmin.checks.locked.timeout", "2s");
            return config;
        }
    }

    /**
     * How long the lock is watched: at least {@link #WATCH}, and on until {@link #FAILURES} probes ended at their
     * timeout, at most {@link #WATCH_AT_MOST}. The simple scheduler keeps the last fire time truncated to the second,
     * so a 1 s interval now and then becomes 2 s: a probe may start up to 2 s after the previous one ended.
     */
    private static final Duration WATCH = Duration.ofSeconds(6);
    private static final Duration WATCH_AT_MOST = Duration.ofSeconds(12);
    private static final int FAILURES = 3;

    private final TestDatabase database = TestDatabase.current();

    @Test
    void aProbeBehindALockEndsAtItsTimeoutWithoutOverlappingItselfOrStarvingTheOtherChecks() throws InterruptedException {
        database.execute("DELETE FROM product_images", "DELETE FROM products", "INSERT INTO products (name) VALUES ('a'), ('b'), ('c')",
                "DELETE FROM admin_users", "INSERT INTO admin_users (email, is_active) VALUES ('admin@example.test', true)");
        // Both 1 s checks repeating on their schedules (not only the first round), with the data above.
        Map<String, Instant> firstSeen = new HashMap<>();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            StatusSnapshot now = StatusSnapshot.take();
            boolean ready = true;
            for (String name : List.of("locked", "admin_users")) {
                StatusSnapshot.Check check = now.check(name);
                double expected = name.equals("locked") ? 3 : 1;
                if (!"OK".equals(check.state()) || check.value() == null || check.value() != expected) {
                    ready = false;
                    continue;
                }
                Instant first = firstSeen.putIfAbsent(name, check.measuredAt());
                ready &= first != null && check.measuredAt().isAfter(first);
            }
            return ready;
        });
        // The other 1 s check without a lock, for comparison.
        Set<Instant> adminBaseline = new LinkedHashSet<>();
        long baselineEnd = System.nanoTime() + Duration.ofSeconds(4).toNanos();
        while (System.nanoTime() < baselineEnd) {
            adminBaseline.add(StatusSnapshot.take().check("admin_users").measuredAt());
            Thread.sleep(100);
        }
        double timeoutsBefore = Scrape.now().value("superadmin_probe_failures_total", "check", "locked", "reason", "timeout");

        List<Long> concurrent = new ArrayList<>();
        Set<Instant> adminMeasurements = new LinkedHashSet<>();
        Map<Instant, StatusSnapshot.Check> lockedFailures = new LinkedHashMap<>();
        List<String> adminErrors = new ArrayList<>();
        List<String> databaseDown = new ArrayList<>();
        double longestAdminProbe = 0;
        Instant locked;
        Instant released;
        try (HeldTableLock lock = HeldTableLock.accessExclusive(database, "public.products")) {
            locked = Instant.now();
            long watchedFrom = System.nanoTime();
            while (System.nanoTime() - watchedFrom < WATCH.toNanos()
                    || lockedFailures.size() < FAILURES && System.nanoTime() - watchedFrom < WATCH_AT_MOST.toNanos()) {
                concurrent.add(database.activeMonitorQueries(LOCKED_QUERY));
                StatusSnapshot now = StatusSnapshot.take();
                StatusSnapshot.Check admins = now.check("admin_users");
                adminMeasurements.add(admins.measuredAt());
                if (admins.measuredAt().isAfter(locked)) {
                    longestAdminProbe = Math.max(longestAdminProbe, admins.durationSeconds());
                }
                if (admins.failing()) {
                    adminErrors.add(admins.errorReason() + ": " + admins.errorMessage());
                }
                if (!now.databaseUp()) {
                    databaseDown.add(now.respondedAt().toString());
                }
                StatusSnapshot.Check lockedCheck = now.check("locked");
                if (lockedCheck.failing() && lockedCheck.errorAt().isAfter(locked)) {
                    lockedFailures.putIfAbsent(lockedCheck.errorAt(), lockedCheck);
                }
                Thread.sleep(100);
            }
            released = Instant.now();
        }
        long releasedNanos = System.nanoTime();

        // recovers: the next probe after the release reads the table
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
            StatusSnapshot.Check check = StatusSnapshot.take().check("locked");
            return "OK".equals(check.state()) && !check.failing() && check.measuredAt().isAfter(released);
        });
        Duration recoveredAfter = Duration.ofNanos(System.nanoTime() - releasedNanos);
        StatusSnapshot after = StatusSnapshot.take();
        double timeoutsAfter = Scrape.now().value("superadmin_probe_failures_total", "check", "locked", "reason", "timeout");

        List<Double> durations = lockedFailures.values().stream().map(StatusSnapshot.Check::durationSeconds).toList();
        Set<String> messages = lockedFailures.values().stream().map(StatusSnapshot.Check::errorMessage)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        List<Instant> adminFresh = adminMeasurements.stream().filter(at -> at.isAfter(locked)).sorted().toList();
        List<Long> adminGaps = gapsMillis(adminFresh);
        List<Long> baselineGaps = gapsMillis(adminBaseline.stream().sorted().toList());
        Duration longestAdminGap = Duration.ofMillis(adminGaps.stream().mapToLong(Long::longValue).max().orElse(0));
        FaultTimings.report("HungQueryTest", String.format(Locale.ROOT,
                "locked for %s: hung probe durations %s s, messages %s; monitor queries on products at once (max) %d; "
                        + "admin_users fresh values %d, gaps %s ms (without the lock: %s ms), longest probe %.1f ms; "
                        + "recovered %s after the release",
                FaultTimings.ms(Duration.between(locked, released)),
                durations.stream().map(d -> String.format(Locale.ROOT, "%.3f", d)).toList(), messages,
                concurrent.stream().mapToLong(Long::longValue).max().orElse(-1), adminFresh.size(),
                adminGaps, baselineGaps, longestAdminProbe * 1000, FaultTimings.ms(recoveredAfter)));

        assertThat(lockedFailures).as("failed probes of the locked check seen during the lock").hasSizeGreaterThanOrEqualTo(2);
        for (StatusSnapshot.Check failure : lockedFailures.values()) {
            assertThat(failure.errorReason()).as("reason of %s", failure).isEqualTo("timeout");
            assertThat(failure.errorMessage()).as("the server's own cancellation")
                    .containsAnyOf("canceling statement due to statement timeout", "canceling statement due to lock timeout");
            assertThat(failure.durationSeconds()).as("duration of a probe with a 2 s timeout, s").isBetween(1.5, 3.5);
        }
        assertThat(timeoutsAfter - timeoutsBefore).as("timeouts counted").isGreaterThanOrEqualTo(lockedFailures.size());
        assertThat(concurrent).as("active monitor queries on products, every 100 ms (interval 1 s, each hung 2 s)")
                .allMatch(n -> n <= 1).contains(1L);
        long lockedSeconds = Duration.between(locked, released).toSeconds();
        assertThat(adminFresh.size()).as("fresh admin_users values (interval 1 s, at worst 2 s) during %d s of lock", lockedSeconds)
                .isGreaterThanOrEqualTo((int) (lockedSeconds / 2) - 1);
        assertThat(longestAdminGap).as("longest wait between two admin_users values").isLessThan(Duration.ofMillis(2500));
        // a probe that had to wait for the connection the hung probe holds would take up to 2 s
        assertThat(longestAdminProbe).as("longest admin_users probe during the lock, s").isLessThan(0.5);
        assertThat(adminErrors).as("admin_users errors while the other check hung").isEmpty();
        assertThat(databaseDown).as("moments database.up was false: a server-side timeout is an answer").isEmpty();

        assertThat(recoveredAfter).as("locked OK again after the release").isLessThan(Duration.ofSeconds(4));
        assertThat(after.check("locked").value()).isEqualTo(3.0);
        assertThat(after.databaseUp()).isTrue();
        assertThat(database.activeMonitorQueries(LOCKED_QUERY)).as("no probe left waiting").isZero();
    }

    private static List<Long> gapsMillis(List<Instant> sorted) {
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < sorted.size(); i++) {
            gaps.add(Duration.between(sorted.get(i - 1), sorted.get(i)).toMillis());
        }
        return gaps;
    }
}
