package dev.superadmin.monitor.scenario.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.superadmin.monitor.testing.ChildProcess;
import dev.superadmin.monitor.testing.ImageFlags;
import dev.superadmin.monitor.testing.PackagedService;

/**
 * An OutOfMemoryError ends the process, so that an orchestrator restarts it: without that, the JVM keeps running
 * with threads that died of it, answering nothing. The packaged service runs with its image's JVM options, its heap
 * squeezed to 24 MB, and more watched databases than that holds: it runs out of heap in its first round of probes,
 * on the event loop, and exits.
 */
class OutOfMemoryIT {

    /**
     * Enough databases to exhaust a 24 MB heap after start-up. Measured: 200 unreachable ones did while the young
     * generation took a third of it; with {@code -Xmn4m} the old generation holds 20 MB, not 16, and 200 were not
     * always enough without the flag within a minute.
     */
    private static final int TARGETS = 300;

    private static final String EXIT_ON_OOM = "-XX:+ExitOnOutOfMemoryError";

    @Test
    void anOutOfMemoryErrorEndsTheProcessWithANonZeroExit() throws Exception {
        assertThat(ImageFlags.jvm()).as("the image's JVM options").contains(EXIT_ON_OOM);
        try (ChildProcess service = start(ImageFlags.jvm(), "with-flag")) {
            int exit = service.waitFor(Duration.ofSeconds(90));
            assertThat(exit).as("exit code (-1: still running); log:%n%s", service.log()).isEqualTo(3);
            assertThat(service.log()).contains("Terminating due to java.lang.OutOfMemoryError");
        }
    }

    /** What the flag is for: the same error in the event loop, and the process stays up, failing every scrape. */
    @Test
    void withoutTheFlagTheSameErrorLeavesAProcessRunning() throws Exception {
        List<String> flags = ImageFlags.jvm().stream().filter(flag -> !flag.equals(EXIT_ON_OOM)).toList();
        try (ChildProcess service = start(flags, "without-flag")) {
            await().atMost(Duration.ofSeconds(60)).until(() -> service.log().contains("java.lang.OutOfMemoryError"));
            assertThat(service.waitFor(Duration.ofSeconds(5))).as("still running after the error").isEqualTo(-1);
        }
    }

    /** The packaged service with these JVM options, its heap at 24 MB, watching {@link #TARGETS} unreachable databases. */
    private static ChildProcess start(List<String> jvmFlags, String name) throws Exception {
        Path logs = Files.createDirectories(Path.of("target", "out-of-memory-it"));
        // a port with nothing behind it: every probe fails at once, and no database is touched
        String nowhere = "postgresql://127.0.0.1:" + ChildProcess.freePort() + "/db";
        Map<String, String> env = new HashMap<>(Map.of(
                "QUARKUS_HTTP_PORT", Integer.toString(ChildProcess.freePort()),
                "QUARKUS_HTTP_HOST", "127.0.0.1",
                "QUARKUS_DATASOURCE_REACTIVE_URL", nowhere));
        for (int i = 0; i < TARGETS; i++) {
            env.put("SUPERADMIN_TARGETS_T" + i + "_URL", nowhere);
        }
        List<String> options = new ArrayList<>(jvmFlags);
        options.add("-Xmx24m"); // the last -Xmx wins
        List<String> command = PackagedService.command(options);
        return ChildProcess.start(name, command, env, logs);
    }
}
