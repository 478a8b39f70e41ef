package dev.superadmin.monitor.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The demo: {@code ./mvnw -Pdemo package exec:java}. Runs the packaged service; when no datasource is configured
 * it first starts an embedded PostgreSQL, loads {@code deploy/sql} (schema, monitoring role, demo data) and points
 * the service at it as the read-only role. It lives with the tests so that the embedded database never reaches the
 * production artifact.
 */
public final class DemoLauncher {

    private static final Path RUNNER = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private static final List<String> SCRIPTS = List.of("schema.sql", "monitor-role.sql", "demo-data.sql");

    public static void main(String[] args) throws Exception {
        ProcessBuilder service = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", RUNNER.toString()).inheritIO();
        // -Dquarkus.* and -Dsuperadmin.* given to Maven reach the service as environment variables, where a
        // password is not on display in the process list as it would be on a command line.
        System.getProperties().stringPropertyNames().stream()
                .filter(name -> name.startsWith("quarkus.") || name.startsWith("superadmin."))
                .forEach(name -> service.environment().put(
                        name.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT), System.getProperty(name)));

        EmbeddedPostgres postgres = null;
        if (datasourceConfigured()) {
            System.out.println("demo: watching the configured datasource");
        } else {
            postgres = EmbeddedPostgres.builder().start();
            load(postgres);
            service.environment().put("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://127.0.0.1:" + postgres.getPort() + "/postgres");
            service.environment().put("QUARKUS_DATASOURCE_USERNAME", "superadmin_monitor");
            System.out.println("demo: embedded PostgreSQL on 127.0.0.1:" + postgres.getPort()
                    + " with the demo data; status at http://localhost:" + System.getProperty("quarkus.http.port", "8080") + "/status");
        }
        Process process = service.start();
        EmbeddedPostgres database = postgres;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(process, database)));
        // The service's exit ends the demo with its code; the hook stops the database. On Ctrl-C or SIGTERM the
        // JVM is already shutting down and this call waits for the hook to finish, quietly.
        System.exit(process.waitFor());
    }

    private static boolean datasourceConfigured() {
        return System.getenv("QUARKUS_DATASOURCE_REACTIVE_URL") != null
                || System.getProperty("quarkus.datasource.reactive.url") != null;
    }

    private static void load(EmbeddedPostgres postgres) throws SQLException, IOException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            for (String script : SCRIPTS) {
                statement.execute(Files.readString(Path.of("deploy", "sql", script)));
            }
        }
    }

    private static void stop(Process process, EmbeddedPostgres postgres) {
        process.destroy();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
            if (postgres != null) {
                postgres.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            System.err.println("demo: could not stop the embedded PostgreSQL: " + e.getMessage());
        }
    }
}
