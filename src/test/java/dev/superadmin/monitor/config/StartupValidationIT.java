package dev.superadmin.monitor.config;

import dev.superadmin.monitor.testing.PackagedService;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Starts the packaged application ({@code java -jar target/quarkus-app/quarkus-run.jar}) with one bad setting and
 * checks that it refuses to start, with a line that names the offending key and no stack trace. Plain JUnit: the
 * application under test is a child process, configured the way operators configure it, through environment variables.
 */
class StartupValidationIT {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final String DATABASE_URL = "postgresql://127.0.0.1:5432/postgres";
    /** A password in a bad URL: no output may show it. */
    private static final String URL_SECRET = "url-password-31337";
    /** As the value of a variable in {@link Case#env()}: remove that variable instead of setting it. */
    private static final String UNSET = "<unset>";

    /**
     * One bad configuration: environment variables, optionally a properties file (passed with
     * {@code QUARKUS_CONFIG_LOCATIONS}, for keys that variables cannot create), and the texts that one line of the
     * output must all contain.
     */
    record Case(String name, Map<String, String> env, String propertiesFile, List<String> expected) {

        static Case env(String name, Map<String, String> env, String... expected) {
            return new Case(name, env, null, List.of(expected));
        }

        static Case file(String name, String properties, String... expected) {
            return new Case(name, Map.of(), properties, List.of(expected));
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** What the process did: its exit code and its output, stdout and stderr merged. */
    record Result(int exitCode, List<String> lines, Duration took) {

        String output() {
            return String.join(System.lineSeparator(), lines);
        }

        long stackTraceLines() {
            return lines.stream().filter(line -> line.startsWith("\tat ")).count();
        }
    }

    /**
     * One of each kind of fault, as operators meet it: a check's fault (ConfigCheck), a value SmallRye Config cannot
     * convert, no database at all, a mistyped name (a variable, a key in a file), and a password in a URL that cannot
     * be parsed, of the datasource and of a target (from a properties file). ConfigCheckTest has every fault's exact line without starting anything.
     */
    static Stream<Case> badConfigurations() {
        return Stream.of(
                Case.env("warning above critical", Map.of("SUPERADMIN_CHECKS_FAILED_LOGINS_WARNING", "30"),
                        "superadmin.checks.failed_logins warning=30.0 must not be above critical=25.0 (direction above)"),
                Case.env("threshold not a number", Map.of("SUPERADMIN_CHECKS_ADMIN_USERS_CRITICAL", "abc"),
                        "superadmin.checks.admin_users.critical", "abc"),
                Case.env("no database at all", Map.of("QUARKUS_DATASOURCE_REACTIVE_URL", UNSET),
                        "quarkus.datasource.reactive.url is not set, and no superadmin.targets.<name>.url either",
                        "./mvnw -Pdemo package exec:java"),
                Case.env("database URL that cannot be parsed",
                        Map.of("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://monitor:" + URL_SECRET + "@db:port/app"),
                        "quarkus.datasource.reactive.url cannot be parsed"),
                Case.env("a mistyped variable", Map.of("SUPERADMIN_CHECKS_ACTIVE_SESSION_WARNING", "3"),
                        "SUPERADMIN_CHECKS_ACTIVE_SESSION_WARNING (an environment variable) is no setting;"
                                + " did you mean SUPERADMIN_CHECKS_ACTIVE_SESSIONS_WARNING?"),
                Case.file("a mistyped key in a file", "superadmin.checks.active_sessions.warnin=3\n",
                        "superadmin.checks.active_sessions.warnin is no setting;"
                                + " did you mean superadmin.checks.active_sessions.warning?"),
                Case.file("a target URL that cannot be parsed",
                        "superadmin.targets.blog.url=postgresql://monitor:" + URL_SECRET + "@db:port/app\n",
                        "superadmin.targets.blog.url cannot be parsed"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("badConfigurations")
    void startUpFailsNamingTheKey(Case badConfiguration, @TempDir Path workDir) throws Exception {
        Result result = start(badConfiguration, workDir);
        System.out.printf("%s: exit %d after %d ms, %d stack trace lines%n", badConfiguration.name(), result.exitCode(),
                result.took().toMillis(), result.stackTraceLines());

        assertThat(result.exitCode()).as("exit code; output:%n%s", result.output()).isNotZero();
        assertThat(result.lines())
                .as("a line with all of %s; output:%n%s", badConfiguration.expected(), result.output())
                .anyMatch(line -> badConfiguration.expected().stream().allMatch(line::contains));
        assertThat(result.output()).as("no password in the output").doesNotContain(URL_SECRET);
        assertThat(result.stackTraceLines()).as("stack trace lines; output:%n%s", result.output()).isZero();
    }

    @Test
    void everyFaultIsNamedInOneStart(@TempDir Path workDir) throws Exception {
        Result result = start(Case.env("two faults", Map.of("SUPERADMIN_STAGGER", "-1s",
                "SUPERADMIN_CHECKS_FAILED_LOGINS_WARNING", "30")), workDir);

        assertThat(result.exitCode()).as("exit code; output:%n%s", result.output()).isNotZero();
        // all an operator reads: one line per fault, nothing else
        assertThat(result.lines()).containsExactly("superadmin.stagger must not be negative",
                "superadmin.checks.failed_logins warning=30.0 must not be above critical=25.0 (direction above)");
    }

    /**
     * Runs the application with the case's configuration, in {@code workDir} (so that no {@code .env} or
     * {@code config/application.properties} of the current directory is read), until it exits. Fails when it is
     * still running after {@link #START_TIMEOUT} or as soon as it listens for HTTP, that is when it started.
     */
    private static Result start(Case badConfiguration, Path workDir) throws IOException, InterruptedException {
        assertThat(Path.of(System.getProperty("app.runner", "target/quarkus-app/quarkus-run.jar")))
                .as("the packaged application (./mvnw package)").isRegularFile();
        ProcessBuilder builder = new ProcessBuilder(PackagedService.command(List.of()))
                .directory(workDir.toFile())
                .redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("QUARKUS_") || name.startsWith("SUPERADMIN_"));
        env.put("QUARKUS_DATASOURCE_REACTIVE_URL", DATABASE_URL);
        env.put("QUARKUS_HTTP_PORT", "0");
        if (badConfiguration.propertiesFile() != null) {
            Path file = Files.writeString(workDir.resolve("bad.properties"), badConfiguration.propertiesFile());
            env.put("QUARKUS_CONFIG_LOCATIONS", file.toString());
        }
        badConfiguration.env().forEach((name, value) -> {
            if (UNSET.equals(value)) {
                env.remove(name);
            } else {
                env.put(name, value);
            }
        });

        long startedAt = System.nanoTime();
        Process process = builder.start();
        List<String> lines = new ArrayList<>();
        Thread reader = new Thread(() -> readLines(process, lines), "output of " + badConfiguration.name());
        reader.start();
        try {
            while (!process.waitFor(100, TimeUnit.MILLISECONDS)) {
                if (snapshot(lines).stream().anyMatch(line -> line.contains("Listening on"))) {
                    fail("The application started despite the bad configuration; output:%n%s",
                            String.join(System.lineSeparator(), snapshot(lines)));
                }
                if (System.nanoTime() - startedAt > START_TIMEOUT.toNanos()) {
                    fail("The application was still running after %s; output:%n%s", START_TIMEOUT,
                            String.join(System.lineSeparator(), snapshot(lines)));
                }
            }
        } finally {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            reader.join(TimeUnit.SECONDS.toMillis(10));
        }
        return new Result(process.exitValue(), snapshot(lines), Duration.ofNanos(System.nanoTime() - startedAt));
    }

    private static void readLines(Process process, List<String> lines) {
        try (BufferedReader output = process.inputReader()) {
            for (String line = output.readLine(); line != null; line = output.readLine()) {
                synchronized (lines) {
                    lines.add(line);
                }
            }
        } catch (IOException e) {
            // the process was destroyed while we read: keep what it printed so far
        }
    }

    private static List<String> snapshot(List<String> lines) {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

}
