package dev.superadmin.monitor.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.superadmin.monitor.testing.ChildProcess;
import dev.superadmin.monitor.testing.PackagedService;
import dev.superadmin.monitor.testing.TestDatabase;

/**
 * The packaged service, given secrets everywhere they can be given (a password in the URL and in the password
 * setting, HTTP credentials), logging at DEBUG, against a working and an unreachable database: no secret appears
 * in its logs, /status, the metrics, health or error bodies.
 */
class SecretsIT {

    private static final List<String> SECRETS = List.of("url-secret-pw-4711", "setting-secret-pw-0815",
            "basic-secret-pw-2024", "bearer-secret-token-1999");

    @ParameterizedTest(name = "database {0}")
    @ValueSource(strings = { "reachable", "unreachable" })
    void noSecretAnywhere(String database) throws IOException, InterruptedException {
        TestDatabase db = TestDatabase.create("superadmin_secrets_" + UUID.randomUUID().toString().substring(0, 8));
        Path logs = Files.createDirectories(Path.of("target", "secrets-it", database));
        int port = ChildProcess.freePort();
        String host = database.equals("reachable") ? "127.0.0.1:" + System.getenv().getOrDefault("SUPERADMIN_TEST_PG_PORT", "5432")
                : "127.0.0.1:" + ChildProcess.freePort();
        try {
            db.psql(Path.of("deploy/sql/schema.sql"));
            db.applyMonitorRole();
            try (ChildProcess service = ChildProcess.start("service", PackagedService.command(List.of()),
                    Map.of("QUARKUS_HTTP_PORT", Integer.toString(port),
                            "QUARKUS_LOG_LEVEL", "DEBUG",
                            "QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://superadmin_monitor:" + SECRETS.get(0) + "@" + host + "/" + db.name(),
                            "QUARKUS_DATASOURCE_PASSWORD", SECRETS.get(1),
                            "SUPERADMIN_AUTH_USERNAME", "prometheus",
                            "SUPERADMIN_AUTH_PASSWORD", SECRETS.get(2),
                            "SUPERADMIN_AUTH_TOKEN", SECRETS.get(3)),
                    logs).awaitHttpOk("http://127.0.0.1:" + port + "/q/health/ready", Duration.ofSeconds(60))) {
                String base = "http://127.0.0.1:" + port;
                String basic = "Basic " + Base64.getEncoder().encodeToString(("prometheus:" + SECRETS.get(2)).getBytes(StandardCharsets.UTF_8));
                List<String> bodies = new ArrayList<>();
                for (String path : List.of("/status", "/status/admin_users", "/status/nope", "/q/metrics", "/nope")) {
                    bodies.add(get(base + path, basic));
                }
                bodies.add(get(base + "/status", null));
                bodies.add(get(base + "/status", "Bearer wrong-token"));
                bodies.add(get(base + "/q/health/ready", null));
                bodies.add(get(base + "/q/health/live", null));
                bodies.add(get(base + "/q/health", null));

                assertThat(bodies.get(0)).contains("\"checks\"");
                assertThat(bodies.get(3)).contains("superadmin_database_up");
                assertThat(String.join("\n", bodies)).as("HTTP answers").doesNotContain(SECRETS);
                assertThat(service.log()).as("log at DEBUG").contains("DEBUG").doesNotContain(SECRETS);
                if (database.equals("unreachable")) {
                    assertThat(bodies.get(1)).contains("\"reason\":\"connect\"");
                }
            }
        } finally {
            db.drop();
        }
    }

    private static String get(String url, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.headers().map() + " " + response.body();
    }
}
