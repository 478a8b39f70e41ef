package dev.superadmin.monitor.scenario.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.superadmin.monitor.testing.ChildProcess;
import dev.superadmin.monitor.testing.HeldTableLock;
import dev.superadmin.monitor.testing.PackagedService;
import dev.superadmin.monitor.testing.TestDatabase;

/**
 * SIGTERM while a probe waits on a lock (no lock_timeout, a 60 s check timeout): the packaged service exits at once
 * and its statement is cancelled, so the database does not keep a backend waiting for a client that is gone.
 */
class ShutdownIT {

    private static final String LOCKED_QUERY = "count(*) FROM public.products";

    @Test
    void sigtermCancelsAProbeWaitingOnALockAndExitsAtOnce() throws Exception {
        TestDatabase database = TestDatabase.createMonitored("superadmin_shutdown_");
        Path logs = Files.createDirectories(Path.of("target", "shutdown-it"));
        int port = ChildProcess.freePort();
        try (HeldTableLock lock = HeldTableLock.accessExclusive(database, "public.products");
                ChildProcess service = ChildProcess.start("service", PackagedService.command(List.of(
                        // no lock_timeout (the shipped role has 2 s): the probe would wait out its 60 s
                        "-Dsuperadmin.checks.locked.settings.lock_timeout=0")),
                        Map.of("QUARKUS_HTTP_PORT", Integer.toString(port),
                                "QUARKUS_DATASOURCE_REACTIVE_URL", database.reactiveUrl(),
                                "QUARKUS_DATASOURCE_USERNAME", TestDatabase.MONITOR_ROLE,
                                "SUPERADMIN_CHECKS_LOCKED_SQL", "SELECT " + LOCKED_QUERY,
                                "SUPERADMIN_CHECKS_LOCKED_WARNING", "1000",
                                "SUPERADMIN_CHECKS_LOCKED_TIMEOUT", "60s"),
                        logs)) {
            // a precondition, not a measure: on a loaded machine the packaged service alone took 31 s to start
            await().atMost(Duration.ofSeconds(90)).until(() -> waitingOnTheLock(database) == 1);

            long started = System.nanoTime();
            int exit = service.terminate(Duration.ofSeconds(15));
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            System.out.printf("SIGTERM with a probe waiting on a lock: exit %d after %d ms%n", exit, took.toMillis());

            // 143 = 128 + SIGTERM: the JVM's exit after a signal, once its shutdown has run
            assertThat(exit).as("exit code (-1: still running); log:%n%s", service.log()).isEqualTo(143);
            assertThat(took).as("time to exit").isLessThan(Duration.ofSeconds(4));
            // the backends end as their sockets close, within moments of the exit
            await().atMost(Duration.ofSeconds(2)).until(() -> waitingOnTheLock(database) == 0 && database.monitorSessions() == 0);
            assertThat(service.log()).as("aborted probes are not reported as failures").doesNotContain(" failed (");
        } finally {
            database.drop();
        }
    }

    private static long waitingOnTheLock(TestDatabase database) {
        return database.activeMonitorQueries(LOCKED_QUERY);
    }
}
