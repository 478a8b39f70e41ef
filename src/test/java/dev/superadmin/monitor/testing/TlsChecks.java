package dev.superadmin.monitor.testing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.ConfigProvider;

import dev.superadmin.monitor.probe.ProbeScheduler;
import io.restassured.path.json.JsonPath;

/** What the TLS tests check, against the service and the private server of {@link TlsPostgresResource}. */
public final class TlsChecks {

    private TlsChecks() {
    }

    public static JsonPath statusOnceReady() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
        return given().get("/status").then().statusCode(200).extract().jsonPath();
    }

    /** Every check OK, the database up, no failure counted. */
    public static void assertAllChecksOk(JsonPath status) {
        assertThat(status.getBoolean("targets[0].database.up")).as("database.up in %s", status.prettify()).isTrue();
        assertThat(status.getString("state")).isEqualTo("OK");
        assertThat(status.getList("targets[0].checks.name")).containsExactlyInAnyOrderElementsOf(ManualProbesProfile.SEED_CHECKS);
        assertThat(status.getList("targets[0].checks.state")).containsOnly("OK");
        assertThat(status.getList("targets[0].checks.lastError")).containsOnlyNulls();
        assertThat(status.getInt("targets[0].checks.find { it.name == 'admin_users' }.value")).isEqualTo(1);
        Scrape scrape = Scrape.now();
        assertThat(scrape.value("superadmin_database_up", "target", "default")).isEqualTo(1);
        assertThat(scrape.find("superadmin_probe_failures_total")).isNotEmpty()
                .allSatisfy(sample -> assertThat(sample.value()).as("%s", sample).isZero());
    }

    /**
     * Every check failed to connect with a message containing one of {@code expectedFragments}; the database is
     * down, and the service still answers on every endpoint.
     */
    public static String assertEveryCheckFailsToConnect(JsonPath status, String... expectedFragments) {
        assertThat(status.getBoolean("targets[0].database.up")).as("database.up in %s", status.prettify()).isFalse();
        assertThat(status.getString("state")).isEqualTo("CRITICAL");
        assertThat(status.getList("targets[0].checks.state")).containsOnly("UNKNOWN");
        assertThat(status.getList("targets[0].checks.lastError.reason")).containsOnly("connect");
        List<String> messages = status.getList("targets[0].checks.lastError.message");
        assertThat(messages).allSatisfy(message -> assertThat(message).containsAnyOf(expectedFragments));
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200);
        Scrape scrape = Scrape.now();
        assertThat(scrape.value("superadmin_database_up")).isZero();
        for (String check : ManualProbesProfile.SEED_CHECKS) {
            assertThat(scrape.value("superadmin_probe_failures_total", "check", check, "reason", "connect")).isGreaterThanOrEqualTo(1);
        }
        assertThat(monitorSessions()).as("sessions of the monitoring role on the server").isEmpty();
        return messages.get(0);
    }

    /** One more round fails the same way, counted again; the service keeps answering. */
    public static void assertStillFailingAfterAnotherRound(ProbeScheduler scheduler) {
        scheduler.runRound().await().atMost(Duration.ofSeconds(30));
        JsonPath status = given().get("/status").then().statusCode(200).extract().jsonPath();
        assertThat(status.getBoolean("targets[0].database.up")).isFalse();
        assertThat(status.getList("targets[0].checks.lastError.reason")).containsOnly("connect");
        Scrape scrape = Scrape.now();
        for (String check : ManualProbesProfile.SEED_CHECKS) {
            assertThat(scrape.value("superadmin_probe_failures_total", "check", check, "reason", "connect")).isGreaterThanOrEqualTo(2);
        }
    }

    /** The monitoring role's sessions on the private server, with their TLS state from pg_stat_ssl. */
    public static List<Map<String, Object>> monitorSessions() {
        return server("postgres").query("SELECT a.pid, a.datname, s.ssl, s.version, s.cipher FROM pg_stat_activity a "
                + "JOIN pg_stat_ssl s USING (pid) WHERE a.usename = 'superadmin_monitor'");
    }

    /** Every session the monitoring role opened on the server, as the server logged it, was TLS. */
    public static void assertServerLoggedOnlyTlsSessions() {
        List<String> authorized = serverLog("connection authorized: user=superadmin_monitor");
        System.out.println("server log, the monitor's sessions:\n" + String.join("\n", authorized));
        assertThat(authorized).isNotEmpty().allSatisfy(line -> assertThat(line).contains("SSL enabled (protocol=TLSv1."));
    }

    /** The server saw the monitor's handshakes aborted by the client for its certificate, and let no session in. */
    public static void assertClientRejectedTheCertificate() {
        List<String> rejected = serverLog("could not accept SSL connection");
        System.out.println("server log, failed handshakes:\n" + String.join("\n", rejected));
        assertThat(rejected).isNotEmpty().allSatisfy(line -> assertThat(line).contains("alert certificate unknown"));
        assertThat(serverLog("connection authorized: user=superadmin_monitor")).isEmpty();
    }

    /** Lines of the private server's log that contain {@code fragment}. */
    public static List<String> serverLog(String fragment) {
        try {
            return java.nio.file.Files.readAllLines(java.nio.file.Path.of(config("test.tls.server-log"))).stream()
                    .filter(line -> line.contains(fragment)).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static PrivateSql server(String database) {
        return new PrivateSql(ConfigProvider.getConfig().getValue("test.tls.port", Integer.class), database);
    }

    public static String config(String key) {
        return ConfigProvider.getConfig().getValue(key, String.class);
    }
}
