package dev.superadmin.monitor.testing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.ConfigProvider;

import dev.superadmin.monitor.probe.ProbeScheduler;
import io.restassured.path.json.JsonPath;

/**
 * What the TLS tests check, target by target, against the service and the private server of
 * {@link TlsPostgresResource}: a target's group in /status, its series (the {@code target} label), its sessions and
 * the log lines of the server that name its database.
 */
public final class TlsChecks {

    private TlsChecks() {
    }

    public static JsonPath statusOnceReady() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
        return given().get("/status").then().statusCode(200).extract().jsonPath();
    }

    /** The GPath of the target's group in /status. */
    public static String inStatus(String target) {
        return "targets.find { it.target == '" + target + "' }";
    }

    /**
     * {@link TlsProfile}: every target of {@link TlsPostgresResource#TARGETS} is in /status; those of
     * {@link TlsPostgresResource#OK_TARGETS} ({@code verify-full}, {@code second}) are OK, the others CRITICAL, and so
     * is the whole.
     */
    public static void assertOkTargetsOkAndTheWholeCritical(JsonPath status) {
        assertThat(status.getList("targets.target")).as("targets in %s", status.prettify())
                .containsExactlyInAnyOrderElementsOf(TlsPostgresResource.TARGETS);
        assertThat(status.getString("state")).isEqualTo("CRITICAL");
        for (String target : TlsPostgresResource.TARGETS) {
            assertThat(status.getString(inStatus(target) + ".state")).as("state of %s", target)
                    .isEqualTo(TlsPostgresResource.OK_TARGETS.contains(target) ? "OK" : "CRITICAL");
        }
    }

    /** The target's group in {@code /status}: its database up or not, its state, the seed checks; its JSON path. */
    private static String assertTarget(JsonPath status, String target, boolean up, String state) {
        String group = inStatus(target);
        assertThat(status.getBoolean(group + ".database.up")).as("database.up of %s in %s", target, status.prettify())
                .isEqualTo(up);
        assertThat(status.getString(group + ".state")).as("state of %s", target).isEqualTo(state);
        assertThat(status.getList(group + ".checks.name")).containsExactlyInAnyOrderElementsOf(ManualProbesProfile.SEED_CHECKS);
        return group;
    }

    /** Every check of the target OK, its database up, no failure counted for it. */
    public static void assertAllChecksOk(JsonPath status, String target) {
        String group = assertTarget(status, target, true, "OK");
        assertThat(status.getList(group + ".checks.state")).containsOnly("OK");
        assertThat(status.getList(group + ".checks.lastError")).containsOnlyNulls();
        assertThat(status.getInt(group + ".checks.find { it.name == 'admin_users' }.value")).isEqualTo(1);
        Scrape scrape = Scrape.now();
        assertThat(scrape.value("superadmin_database_up", "target", target)).isEqualTo(1);
        assertThat(scrape.find("superadmin_probe_failures_total", "target", target)).isNotEmpty()
                .allSatisfy(sample -> assertThat(sample.value()).as("%s", sample).isZero());
    }

    /**
     * Every check of the target failed to connect with a message containing one of {@code expectedFragments}; its
     * database is down, it has no session on the server, and the service still answers on every endpoint.
     */
    public static String assertEveryCheckFailsToConnect(JsonPath status, String target, String... expectedFragments) {
        String group = assertTarget(status, target, false, "CRITICAL");
        assertThat(status.getList(group + ".checks.state")).containsOnly("UNKNOWN");
        assertThat(status.getList(group + ".checks.lastError.reason")).containsOnly("connect");
        List<String> messages = status.getList(group + ".checks.lastError.message");
        assertThat(messages).allSatisfy(message -> assertThat(message).containsAnyOf(expectedFragments));
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200);
        Scrape scrape = Scrape.now();
        assertThat(scrape.value("superadmin_database_up", "target", target)).isZero();
        for (String check : ManualProbesProfile.SEED_CHECKS) {
            assertThat(connectFailures(scrape, target, check)).isGreaterThanOrEqualTo(1);
        }
        assertThat(monitorSessions(target)).as("sessions of the monitoring role in %s", TlsPostgresResource.database(target))
                .isEmpty();
        return messages.get(0);
    }

    /** One more round fails the same way for the target, each check's failure counted once more; the service keeps answering. */
    public static void assertStillFailingAfterAnotherRound(ProbeScheduler scheduler, String target) {
        Scrape before = Scrape.now();
        Map<String, Double> counted = new HashMap<>();
        for (String check : ManualProbesProfile.SEED_CHECKS) {
            counted.put(check, connectFailures(before, target, check));
        }
        scheduler.runRound().await().atMost(Duration.ofSeconds(30));
        JsonPath status = given().get("/status").then().statusCode(200).extract().jsonPath();
        assertThat(status.getBoolean(inStatus(target) + ".database.up")).isFalse();
        assertThat(status.getList(inStatus(target) + ".checks.lastError.reason")).containsOnly("connect");
        Scrape after = Scrape.now();
        for (String check : ManualProbesProfile.SEED_CHECKS) {
            assertThat(connectFailures(after, target, check)).as("connect failures of %s on %s", check, target)
                    .isGreaterThanOrEqualTo(counted.get(check) + 1);
        }
    }

    private static double connectFailures(Scrape scrape, String target, String check) {
        return scrape.value("superadmin_probe_failures_total", "target", target, "check", check, "reason", "connect");
    }

    /** The monitoring role's sessions on the private server, with their database and TLS state from pg_stat_ssl. */
    public static List<Map<String, Object>> monitorSessions() {
        return server("postgres").query("SELECT a.pid, a.datname, s.ssl, s.version, s.cipher FROM pg_stat_activity a "
                + "JOIN pg_stat_ssl s USING (pid) WHERE a.usename = 'superadmin_monitor'");
    }

    /** The monitoring role's sessions in the target's database. */
    public static List<Map<String, Object>> monitorSessions(String target) {
        String database = TlsPostgresResource.database(target);
        return monitorSessions().stream().filter(session -> database.equals(session.get("datname"))).toList();
    }

    /** The monitor's sessions in the target's database, as the server logged them when it let them in. */
    public static List<String> authorizedSessions(String target) {
        // the application name follows the database: the space keeps tls_require from matching tls_require_url
        return serverLog("connection authorized: user=superadmin_monitor database=" + TlsPostgresResource.database(target) + " ");
    }

    /** The server let the monitor into the target's database, and every such session, as it logged it, was TLS. */
    public static void assertServerLoggedOnlyTlsSessions(String target) {
        List<String> authorized = authorizedSessions(target);
        System.out.println("server log, the monitor's sessions for " + target + ":\n" + String.join("\n", authorized));
        assertThat(authorized).isNotEmpty().allSatisfy(line -> assertThat(line).contains("SSL enabled (protocol=TLSv1."));
    }

    /**
     * The server let no session of the monitor into the target's database, and saw the monitor abort handshakes for
     * the server's certificate. A failed handshake's log line names no database (the client has not sent one yet): the
     * lines are counted for the {@link TlsPostgresResource#REFUSED_CERTIFICATE} targets together: at least as many as
     * there are such targets, every one for the certificate.
     */
    public static void assertClientRejectedTheCertificate(String target) {
        assertThat(TlsPostgresResource.REFUSED_CERTIFICATE).contains(target);
        assertThat(authorizedSessions(target)).as("sessions let into %s", TlsPostgresResource.database(target)).isEmpty();
        List<String> rejected = serverLog("could not accept SSL connection");
        System.out.println("server log, failed handshakes:\n" + String.join("\n", rejected));
        assertThat(rejected).hasSizeGreaterThanOrEqualTo(TlsPostgresResource.REFUSED_CERTIFICATE.size())
                .allSatisfy(line -> assertThat(line).contains("alert certificate unknown"));
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
