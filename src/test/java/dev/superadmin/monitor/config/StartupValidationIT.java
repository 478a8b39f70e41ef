package dev.superadmin.monitor.config;

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
 * checks that it refuses to start, with a line that names the offending key. Plain JUnit: the application under test
 * is a child process, configured the way operators configure it, through environment variables.
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

    static Stream<Case> badConfigurations() {
        return Stream.of(
                Case.env("warning above critical", Map.of("SUPERADMIN_CHECKS_FAILED_LOGINS_WARNING", "30"),
                        "superadmin.checks.failed_logins warning=30.0 must not be above critical=25.0 (direction above)"),
                Case.env("warning below critical, direction below", Map.of("SUPERADMIN_CHECKS_ADMIN_USERS_WARNING", "0"),
                        "superadmin.checks.admin_users warning=0.0 must not be below critical=1.0 (direction below)"),
                Case.env("zero interval", Map.of("SUPERADMIN_CHECKS_ADMIN_USERS_INTERVAL", "0s"),
                        "superadmin.checks.admin_users.interval must be at least 1s"),
                Case.env("negative interval", Map.of("SUPERADMIN_CHECKS_ADMIN_USERS_INTERVAL", "-5s"),
                        "superadmin.checks.admin_users.interval must be at least 1s"),
                Case.env("interval under the scheduler's tick", Map.of("SUPERADMIN_CHECKS_ADMIN_USERS_INTERVAL", "500ms"),
                        "superadmin.checks.admin_users.interval must be at least 1s"),
                Case.env("negative stagger", Map.of("SUPERADMIN_STAGGER", "-1s"), "superadmin.stagger must not be negative"),
                Case.env("negative metrics maximum age", Map.of("SUPERADMIN_METRICS_MAX_AGE", "-1s"),
                        "superadmin.metrics-max-age must not be negative"),
                Case.env("zero timeout", Map.of("SUPERADMIN_CHECKS_ADMIN_USERS_TIMEOUT", "0s"),
                        "superadmin.checks.admin_users.timeout must be positive"),
                Case.env("zero staleness", Map.of("SUPERADMIN_CHECKS_ADMIN_USERS_STALENESS", "0s"),
                        "superadmin.checks.admin_users.staleness must be positive"),
                Case.env("unknown direction", Map.of("SUPERADMIN_CHECKS_ADMIN_USERS_DIRECTION", "sideways"),
                        "superadmin.checks.admin_users.direction", "sideways"),
                Case.env("blank SQL", Map.of("SUPERADMIN_CHECKS_FAILED_LOGINS_SQL", " "),
                        "superadmin.checks.failed_logins.sql must not be blank"),
                Case.env("threshold not a number", Map.of("SUPERADMIN_CHECKS_ADMIN_USERS_CRITICAL", "abc"),
                        "superadmin.checks.admin_users.critical", "abc"),
                Case.env("invalid metric name", Map.of("SUPERADMIN_CHECKS_ADMIN_USERS_METRIC", "9bad"),
                        "superadmin.checks.admin_users.metric must be a valid Prometheus metric name"),
                Case.env("invalid target", Map.of("SUPERADMIN_TARGET", "a b"),
                        "superadmin.target must be 1 to 64"),
                Case.env("zero staleness intervals", Map.of("SUPERADMIN_STALENESS_INTERVALS", "0"),
                        "superadmin.staleness-intervals must be greater than 0"),
                Case.env("too many staleness intervals", Map.of("SUPERADMIN_STALENESS_INTERVALS", "1001"),
                        "superadmin.staleness-intervals", "at most 1000"),
                Case.env("a table name that is not one", Map.of("SUPERADMIN_CHECKS_ADMIN_USERS_TABLES", "public.admin_users;drop"),
                        "superadmin.checks.admin_users.tables[0] must be a table name"),
                Case.env("no database at all", Map.of("QUARKUS_DATASOURCE_REACTIVE_URL", UNSET),
                        "quarkus.datasource.reactive.url is not set, and no superadmin.targets.<name>.url either",
                        "./mvnw -Pdemo package exec:java"),
                Case.env("a user name without a password", Map.of("SUPERADMIN_AUTH_USERNAME", "prometheus"),
                        "superadmin.auth.username and superadmin.auth.password must be set together"),
                Case.env("database URL that cannot be parsed",
                        Map.of("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://monitor:" + URL_SECRET + "@db:port/app"),
                        "quarkus.datasource.reactive.url cannot be parsed"),
                Case.file("a check loosening what every probe sets", "superadmin.checks.admin_users.settings.statement_timeout=0\n",
                        "superadmin.checks.admin_users settings.statement_timeout is set by every probe itself"),
                Case.file("a setting name that is not one", "superadmin.checks.admin_users.settings.\"work_mem;\"=1\n",
                        "superadmin.checks.admin_users.settings", "must be a PostgreSQL setting name"),
                Case.file("a target running a check that is not configured", """
                        superadmin.targets.blog.url=postgresql://127.0.0.1:5432/blog
                        superadmin.targets.blog.checks=admin_users,nope
                        """, "superadmin.targets.blog.checks names no configured check: nope"),
                Case.file("a target with the datasource target's name", "superadmin.targets.default.url=postgresql://127.0.0.1/x\n",
                        "superadmin.targets.default has the name of the Quarkus datasource's target"),
                Case.file("a target URL that cannot be parsed",
                        "superadmin.targets.blog.url=postgresql://monitor:" + URL_SECRET + "@db:port/app\n",
                        "superadmin.targets.blog.url cannot be parsed"),
                Case.file("a target without URL", "superadmin.targets.blog.checks=admin_users\n", "superadmin.targets.blog.url"),
                Case.file("a target's CA file that is not there", """
                        superadmin.targets.blog.url=postgresql://127.0.0.1:5432/blog?sslmode=verify-full
                        superadmin.targets.blog.tls-ca=/nonexistent/ca.crt
                        """, "superadmin.targets.blog.tls-ca: no readable file at /nonexistent/ca.crt"),
                Case.file("a rows check with a threshold", """
                        superadmin.checks.app_database_health.enabled=true
                        superadmin.checks.app_database_health.warning=1
                        """, "superadmin.checks.app_database_health is a rows check", "remove warning and critical"),
                Case.file("new check without SQL", "superadmin.checks.extra.warning=1\n",
                        "superadmin.checks.extra.sql", "required"),
                Case.file("new check without threshold", "superadmin.checks.extra.sql=SELECT 1\n",
                        "superadmin.checks.extra needs a threshold"),
                Case.file("new check with unknown direction", """
                        superadmin.checks.extra.sql=SELECT 1
                        superadmin.checks.extra.warning=1
                        superadmin.checks.extra.direction=sideways
                        """, "superadmin.checks.extra.direction", "sideways"));
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
    }

    @Test
    void everyFaultIsNamedInOneStart(@TempDir Path workDir) throws Exception {
        Result result = start(Case.env("two faults", Map.of("SUPERADMIN_STAGGER", "-1s",
                "SUPERADMIN_CHECKS_FAILED_LOGINS_WARNING", "30")), workDir);

        assertThat(result.exitCode()).as("exit code; output:%n%s", result.output()).isNotZero();
        assertThat(result.output()).contains("superadmin.stagger must not be negative",
                "superadmin.checks.failed_logins warning=30.0 must not be above critical=25.0");
    }

    /**
     * Runs the application with the case's configuration, in {@code workDir} (so that no {@code .env} or
     * {@code config/application.properties} of the current directory is read), until it exits. Fails when it is
     * still running after {@link #START_TIMEOUT} or as soon as it listens for HTTP, that is when it started.
     */
    private static Result start(Case badConfiguration, Path workDir) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(java().toString(), "-jar", runner().toString())
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

    private static Path runner() {
        Path runner = Path.of(System.getProperty("app.runner", "target/quarkus-app/quarkus-run.jar")).toAbsolutePath();
        assertThat(runner).as("the packaged application (./mvnw package)").isRegularFile();
        return runner;
    }

    private static Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }
}
