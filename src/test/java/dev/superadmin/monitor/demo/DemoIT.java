package dev.superadmin.monitor.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.superadmin.monitor.testing.ChildProcess;

/**
 * The demo stops quietly and leaves nothing running, whether a person presses Ctrl-C (SIGINT to the terminal's
 * foreground process group: the launcher and the service at once) or a supervisor sends SIGTERM to the launcher
 * alone: no stack trace, no service, no embedded PostgreSQL left.
 */
class DemoIT {

    /** Ctrl-C at a terminal: SIGINT to the whole process group. SIGTERM: to the launcher only. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "Ctrl-C", "SIGTERM" })
    void stopsQuietlyAndLeavesNoProcess(String how, @TempDir Path temp) throws Exception {
        Path logs = Files.createDirectories(Path.of("target", "demo-it"));
        int port = ChildProcess.freePort();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        // As a terminal starts a foreground job: SIGINT at its default (a shell that runs the build in the background
        // ignores it, and children inherit that) and a process group of its own, so that the group can be signalled.
        List<String> command = List.of("perl", "-e", "$SIG{INT} = 'DEFAULT'; setpgrp(0, 0); exec @ARGV or die $!",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + temp, "-Dquarkus.http.port=" + port, "-cp", classpath, DemoLauncher.class.getName());
        try (ChildProcess demo = ChildProcess.start("demo-" + how, command, Map.of(), logs)) {
            demo.awaitHttpOk("http://127.0.0.1:" + port + "/q/health/ready", Duration.ofSeconds(90));
            long launcher = demo.pid();
            List<ProcessHandle> started = ProcessHandle.of(launcher).orElseThrow().descendants().toList();
            assertThat(started).as("the service runs under the launcher").isNotEmpty();
            assertThat(embeddedPostgres(temp)).as("the embedded PostgreSQL runs from the demo's temporary folder").isNotEmpty();

            long signalled = System.nanoTime();
            // procps' kill takes a process group as "-- -<id>" (without "--" it misreads the id)
            ChildProcess.run("kill", "-s", how.equals("Ctrl-C") ? "INT" : "TERM", "--",
                    how.equals("Ctrl-C") ? "-" + launcher : Long.toString(launcher));
            int exit = demo.waitFor(Duration.ofSeconds(30));
            Duration took = Duration.ofNanos(System.nanoTime() - signalled);
            System.out.printf("demo after %s: exit %d in %d ms%n", how, exit, took.toMillis());

            assertThat(exit).as("exit code (-1: still running); output:%n%s", demo.log()).isIn(130, 143);
            assertThat(demo.log()).as("quiet").doesNotContain("Exception", "\tat ", "Shutdown in progress");
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                assertThat(started).as("the service and whatever the launcher started").noneMatch(ProcessHandle::isAlive);
                assertThat(embeddedPostgres(temp)).as("embedded PostgreSQL processes left").isEmpty();
            });
        }
    }

    /** The processes whose command line names the demo's temporary folder: the embedded PostgreSQL's. */
    private static List<String> embeddedPostgres(Path temp) {
        return ProcessHandle.allProcesses()
                .map(process -> process.info().commandLine().orElse(""))
                .filter(line -> line.contains(temp.toString()) && !line.contains(DemoLauncher.class.getName()))
                .toList();
    }
}
