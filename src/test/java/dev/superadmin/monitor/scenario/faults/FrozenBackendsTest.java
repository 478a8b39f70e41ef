package dev.superadmin.monitor.scenario.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.superadmin.monitor.testing.ChildProcess;
import dev.superadmin.monitor.testing.PrivatePostgres;
import dev.superadmin.monitor.testing.PrivatePostgresProfile;
import dev.superadmin.monitor.testing.PrivatePostgresResource;
import dev.superadmin.monitor.testing.PrivateSql;
import dev.superadmin.monitor.testing.StatusSnapshot;
import dev.superadmin.monitor.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The server stays up but the service's own backends stop answering (frozen with SIGSTOP, as a backend stuck in the
 * kernel or behind a dead network path looks): the probes that wait on them end at their timeout, their connections
 * are closed rather than lent again, and the checks are fresh within two intervals on new connections, while the
 * frozen backends are still frozen.
 */
@QuarkusTest
@TestProfile(FrozenBackendsTest.Profile.class)
class FrozenBackendsTest {

    static final Duration INTERVAL = Duration.ofSeconds(3);

    public static class Profile extends PrivatePostgresProfile {
        public Profile() {
            super(PrivatePostgresResource.Cluster.RUNNING, Map.of(
                    "superadmin.checks.admin_users.interval", "3s",
                    "superadmin.checks.admin_users.timeout", "1s",
                    "superadmin.checks.failed_logins.interval", "3s",
                    "superadmin.checks.failed_logins.timeout", "1s"));
        }
    }

    private static final List<String> WATCHED = List.of("admin_users", "failed_logins");

    /** Injected by {@link PrivatePostgresResource}, running with the watched database. */
    PrivatePostgres postgres;

    @Test
    void probesOnFrozenConnectionsEndAtTheirTimeoutAndTheNextOnesUseNewConnections() {
        PrivateSql sql = new PrivateSql(postgres.port(), PrivatePostgresResource.DATABASE);
        await().atMost(Duration.ofSeconds(30)).until(() -> WATCHED.stream().allMatch(check -> "OK".equals(state(check))));
        List<Long> frozen = monitorBackends(sql);
        assertThat(frozen).as("the pool's connections").isNotEmpty();
        Instant freezing = Instant.now();
        try {
            frozen.forEach(pid -> ChildProcess.run("kill", "-STOP", Long.toString(pid)));

            // at least one probe ran into a frozen connection and ended at its timeout (1 s + the client's 1 s)
            await().atMost(INTERVAL.multipliedBy(3)).pollInterval(Duration.ofMillis(100)).until(() -> WATCHED.stream()
                    .map(check -> StatusSnapshot.take().check(check).errorMessage())
                    .anyMatch(error -> error != null && error.contains("no answer from the database within 2.0 s")));
            // then every check is measured again on a new connection, within two intervals of that failure
            Instant failed = Instant.now();
            await().atMost(INTERVAL.multipliedBy(2).plusSeconds(1)).pollInterval(Duration.ofMillis(100)).until(() -> {
                StatusSnapshot now = StatusSnapshot.take();
                return WATCHED.stream().allMatch(check -> "OK".equals(now.check(check).state())
                        && now.check(check).measuredAt().isAfter(failed));
            });
            Duration recovered = Duration.between(freezing, Instant.now());
            System.out.printf("frozen backends %s: every check fresh again %d ms after the freeze%n", frozen,
                    recovered.toMillis());

            List<Long> serving = monitorBackends(sql);
            assertThat(serving).as("connections of the monitor now").isNotEmpty();
            assertThat(StatusSnapshot.take().check("admin_users").errorMessage()).isNull();
            // the frozen ones are still there (a paused process keeps its socket) but no longer the pool's
            await().atMost(INTERVAL.multipliedBy(2)).untilAsserted(() ->
                    assertThat(StatusSnapshot.take().check("failed_logins").errorMessage()).isNull());
        } finally {
            frozen.forEach(pid -> ChildProcess.run("kill", "-CONT", Long.toString(pid)));
        }
        // resumed, the frozen backends find their client gone and exit
        await().atMost(Duration.ofSeconds(10)).until(() -> monitorBackends(sql).stream().noneMatch(frozen::contains));
    }

    private static String state(String check) {
        return StatusSnapshot.take().check(check).state();
    }

    private static List<Long> monitorBackends(PrivateSql sql) {
        return sql.query("SELECT pid FROM pg_stat_activity WHERE usename = '" + TestDatabase.MONITOR_ROLE + "'").stream()
                .map(row -> ((Number) row.get("pid")).longValue()).toList();
    }
}
