package dev.superadmin.monitor.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.superadmin.monitor.testing.ChildProcess;
import dev.superadmin.monitor.testing.ManualProbesProfile;
import dev.superadmin.monitor.testing.PackagedService;
import dev.superadmin.monitor.testing.TestDatabase;
import dev.superadmin.monitor.testing.WebhookReceiver;

/**
 * The whole chain with the real programs: the demo database, the packaged service (default configuration),
 * Debian's Prometheus (scraping every second, the shipped rules) and Alertmanager (the shipped routing and
 * inhibitions; only the PagerDuty URL and the receivers' secret files, written to a temporary folder instead of
 * /etc/alertmanager/secrets, point at local webhook receivers).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AlertingE2EIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Path DEPLOY = Path.of("deploy").toAbsolutePath();

    @TempDir
    static Path work;

    static TestDatabase database;
    static WebhookReceiver receivers;
    static final List<ChildProcess> processes = new ArrayList<>();
    static String prometheus;
    static String alertmanager;
    /** The monitor's address, given to Prometheus as the external label the alerts' runbook_url starts with. */
    static String monitor;

    /** The programs' logs stay here after the run, for whoever has to find out why a notification did not come. */
    static final Path LOGS = Path.of("target", "e2e");

    @BeforeAll
    static void startTheStack() throws IOException {
        Files.createDirectories(LOGS);
        database = TestDatabase.create("superadmin_e2e_" + UUID.randomUUID().toString().substring(0, 8));
        // monitor-role-stats.sql and the environment below turn the health pack on as docs/checks.md says, so that
        // its dashboard row has data too. The grant is for the whole shared server: taken back after the run.
        database.psql(DEPLOY.resolve("sql").resolve("schema.sql"));
        database.applyMonitorRole();
        for (String script : List.of("monitor-role-stats.sql", "demo-data.sql", "app-health.sql")) {
            database.psql(DEPLOY.resolve("sql").resolve(script));
        }
        // Quiet baseline: no failed logins, so that the only alerts are the ones the tests cause.
        database.execute("DELETE FROM admin_security_events WHERE event_type = 'login_failed'");

        receivers = new WebhookReceiver();
        int servicePort = ChildProcess.freePort();
        int alertmanagerPort = ChildProcess.freePort();
        int prometheusPort = ChildProcess.freePort();
        alertmanager = "http://127.0.0.1:" + alertmanagerPort;
        monitor = "http://127.0.0.1:" + servicePort;
        prometheus = "http://127.0.0.1:" + prometheusPort;

        Map<String, String> env = new HashMap<>(Map.of("QUARKUS_HTTP_PORT", Integer.toString(servicePort),
                "QUARKUS_DATASOURCE_REACTIVE_URL", database.reactiveUrl(),
                "QUARKUS_DATASOURCE_USERNAME", TestDatabase.MONITOR_ROLE));
        // and the app's own health functions (app-health.sql above), for the dashboard's rows panels
        for (String check : List.of("app_database_health", "app_session_monitoring", "app_performance_monitoring",
                "app_backup_readiness")) {
            env.put("SUPERADMIN_CHECKS_" + check.toUpperCase(Locale.ROOT) + "_ENABLED", "true");
        }
        for (String check : ManualProbesProfile.HEALTH_PACK) {
            env.put("SUPERADMIN_CHECKS_" + check.toUpperCase(Locale.ROOT) + "_ENABLED", "true");
        }
        processes.add(ChildProcess.start("service",
                PackagedService.command(List.of()),
                env, LOGS).awaitHttpOk("http://127.0.0.1:" + servicePort + "/q/health/ready", Duration.ofSeconds(60)));

        Path amDir = Files.createDirectories(work.resolve("alertmanager"));
        Files.createDirectories(amDir.resolve("secrets"));
        Files.writeString(amDir.resolve("secrets/pagerduty-routing-key"), "0123456789abcdef0123456789abcdef");
        Files.writeString(amDir.resolve("secrets/slack-webhook-url"), receivers.url("/ticket"));
        String shipped = Files.readString(DEPLOY.resolve("alertmanager/alertmanager.yml"));
        assertThat(shipped).contains("\nglobal:\n");
        assertThat(shipped).contains("/etc/alertmanager/secrets/");
        Files.writeString(amDir.resolve("alertmanager.yml"), shipped
                .replace("\nglobal:\n", "\nglobal:\n  pagerduty_url: " + receivers.url("/pager/v2/enqueue") + "\n")
                .replace("/etc/alertmanager/secrets/", amDir.resolve("secrets") + "/"));
        processes.add(ChildProcess.start("alertmanager", List.of("prometheus-alertmanager",
                "--config.file=" + amDir.resolve("alertmanager.yml"), "--storage.path=" + amDir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + alertmanagerPort, "--cluster.listen-address="), Map.of(), LOGS)
                .awaitHttpOk(alertmanager + "/-/ready", Duration.ofSeconds(30)));

        Path promDir = Files.createDirectories(work.resolve("prometheus"));
        Files.writeString(promDir.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                  external_labels:
                    superadmin_monitor_url: %s
                rule_files:
                  - %s/prometheus/rules/*.rules.yml
                alerting:
                  alertmanagers:
                    - static_configs:
                        - targets: ["127.0.0.1:%d"]
                scrape_configs:
                  - job_name: superadmin-monitor
                    metrics_path: /q/metrics
                    static_configs:
                      - targets: ["127.0.0.1:%d"]
                """.formatted(monitor, DEPLOY, alertmanagerPort, servicePort));
        processes.add(ChildProcess.start("prometheus", List.of("prometheus",
                "--config.file=" + promDir.resolve("prometheus.yml"), "--storage.tsdb.path=" + promDir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + prometheusPort), Map.of(), LOGS)
                .awaitHttpOk(prometheus + "/-/ready", Duration.ofSeconds(30)));
    }

    @AfterAll
    static void stopTheStack() {
        processes.forEach(ChildProcess::close);
        if (receivers != null) {
            receivers.close();
        }
        if (database != null) {
            database.execute("REVOKE pg_read_all_stats FROM " + TestDatabase.MONITOR_ROLE);
            database.drop();
        }
    }

    @Test
    @Order(1)
    void noAdminPagesAndResolvesAndFailedLoginsOpenATicket() {
        Instant changed = Instant.now();
        database.execute("UPDATE admin_users SET is_active = false");
        database.execute("INSERT INTO admin_security_events (event_type, created_at, details) "
                + "SELECT 'login_failed', now() - i * interval '1 minute', '{\"ip\": \"203.0.113.9\"}' FROM generate_series(1, 12) i");

        WebhookReceiver.Notification paged = receivers.await("/pager",
                body -> body.contains("SuperadminNoActiveAdmin") || body.contains("No active admin user"), Duration.ofMinutes(3));
        assertThat(paged.body()).contains("\"event_action\":\"trigger\"").contains("0 active admin users on default");
        // the page links the alert's runbook on the monitor, at the address of Prometheus' external label
        String runbook = monitor + "/runbooks/SuperadminNoActiveAdmin";
        assertThat(paged.body()).contains("\"runbook\":\"" + runbook + "\"");
        HttpResponse<String> page = send(runbook);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.body()).contains("<h1 id=\"superadminnoactiveadmin\">SuperadminNoActiveAdmin</h1>");
        Duration toPage = Duration.between(changed, paged.receivedAt());

        Instant restored = Instant.now();
        database.execute("UPDATE admin_users SET is_active = true WHERE email <> 'former@superadmin.example'");
        WebhookReceiver.Notification resolved = receivers.await("/pager",
                body -> body.contains("\"event_action\":\"resolve\""), Duration.ofMinutes(4));
        Duration toResolve = Duration.between(restored, resolved.receivedAt());

        WebhookReceiver.Notification ticket = receivers.await("/ticket",
                body -> body.contains("SuperadminFailedLogins") && body.contains("FIRING"), Duration.ofMinutes(3));
        assertThat(ticket.body()).contains("12 failed admin logins in the last hour on default (warning above 10)");
        Duration toTicket = Duration.between(changed, ticket.receivedAt());

        assertThat(receivers.received("/ticket")).as("the pager alert does not open a ticket")
                .noneMatch(n -> n.body().contains("SuperadminNoActiveAdmin"));
        assertThat(receivers.received("/pager")).as("a warning does not page")
                .noneMatch(n -> n.body().contains("failed admin logins"));

        String timings = "e2e timings (data change -> notification): admin_users=0 -> pager %.1f s; admin restored -> resolved %.1f s; failed_logins=12 -> ticket %.1f s"
                .formatted(toPage.toMillis() / 1000.0, toResolve.toMillis() / 1000.0, toTicket.toMillis() / 1000.0);
        System.out.println(timings);
        write(timings);
    }

    @Test
    @Order(2)
    void criticalInhibitsTheWarningOfTheSameCheckAndDatabaseDownInhibitsTheChecks() throws InterruptedException {
        postAlerts("""
                [{"labels":{"alertname":"SuperadminActiveSessions","severity":"critical","check":"active_sessions","target":"inhibit-a"},"annotations":{"summary":"critical sessions inhibit-a"}},
                 {"labels":{"alertname":"SuperadminActiveSessions","severity":"warning","check":"active_sessions","target":"inhibit-a"},"annotations":{"summary":"warning sessions inhibit-a"}},
                 {"labels":{"alertname":"SuperadminDatabaseDown","severity":"critical","target":"inhibit-b"},"annotations":{"summary":"database down inhibit-b"}},
                 {"labels":{"alertname":"SuperadminFailedLogins","severity":"warning","check":"failed_logins","target":"inhibit-b"},"annotations":{"summary":"logins inhibit-b"}},
                 {"labels":{"alertname":"SuperadminFailedLogins","severity":"warning","check":"failed_logins","target":"inhibit-c"},"annotations":{"summary":"logins inhibit-c"}}]
                """);
        receivers.await("/pager", body -> body.contains("critical sessions inhibit-a"), Duration.ofSeconds(60));
        receivers.await("/pager", body -> body.contains("database down inhibit-b"), Duration.ofSeconds(60));
        receivers.await("/ticket", body -> body.contains("inhibit-c"), Duration.ofSeconds(60));
        Thread.sleep(15_000); // two more group_wait periods: time for an uninhibited warning to arrive
        assertThat(receivers.received("/ticket")).as("inhibited warnings")
                .noneMatch(n -> n.body().contains("inhibit-a") || n.body().contains("inhibit-b"));
    }

    @Test
    @Order(3)
    void everyDashboardQueryReturnsData() throws IOException {
        JsonNode dashboard = JSON.readTree(DEPLOY.resolve("grafana/dashboards/superadmin-monitor.json").toFile());
        List<String> expressions = new ArrayList<>();
        dashboard.findValues("expr").forEach(expr -> expressions.add(expr.asText()));
        assertThat(expressions).isNotEmpty();
        for (String expr : expressions) {
            String query = expr.replace("$target", "default").replace("$__rate_interval", "1m")
                    .replace("$__interval", "15s").replace("$__range", "5m");
            JsonNode answer = get(prometheus + "/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
            assertThat(answer.path("status").asText()).as(query + " -> " + answer).isEqualTo("success");
            assertThat(answer.path("data").path("result")).as("result of " + query).isNotEmpty();
        }
    }

    private static void postAlerts(String alerts) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(alertmanager + "/api/v2/alerts"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(alerts)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode get(String url) {
        try {
            return JSON.readTree(send(url).body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> send(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void write(String timings) {
        try {
            Files.writeString(Path.of("target", "e2e-timings.txt"), timings + System.lineSeparator());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
