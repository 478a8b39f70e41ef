package dev.superadmin.monitor.scenario;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.superadmin.monitor.probe.ProbeScheduler;
import dev.superadmin.monitor.testing.AdminData;
import dev.superadmin.monitor.testing.ManualProbesProfile;
import dev.superadmin.monitor.testing.Scrape;
import dev.superadmin.monitor.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The four row-counting seed checks against real data, at and around their thresholds. */
@QuarkusTest
@TestProfile(ManualProbesProfile.class)
class SeedChecksTest {

    @Inject
    ProbeScheduler probes;

    AdminData data;

    @BeforeEach
    void resetData() {
        data = new AdminData(TestDatabase.current()).reset();
    }

    static Stream<Arguments> cases() {
        BiConsumer<AdminData, Integer> sessions = AdminData::activeSessions;
        BiConsumer<AdminData, Integer> logins = AdminData::failedLogins;
        BiConsumer<AdminData, Integer> orphans = AdminData::orphanedImages;
        BiConsumer<AdminData, Integer> admins = AdminData::activeAdmins;
        return Stream.of(
                Arguments.of("active_sessions", "superadmin_active_sessions", sessions, 0, "OK"),
                Arguments.of("active_sessions", "superadmin_active_sessions", sessions, 5, "OK"),
                Arguments.of("active_sessions", "superadmin_active_sessions", sessions, 6, "WARNING"),
                Arguments.of("active_sessions", "superadmin_active_sessions", sessions, 10, "WARNING"),
                Arguments.of("active_sessions", "superadmin_active_sessions", sessions, 11, "CRITICAL"),
                Arguments.of("failed_logins", "superadmin_failed_logins_last_hour", logins, 0, "OK"),
                Arguments.of("failed_logins", "superadmin_failed_logins_last_hour", logins, 10, "OK"),
                Arguments.of("failed_logins", "superadmin_failed_logins_last_hour", logins, 11, "WARNING"),
                Arguments.of("failed_logins", "superadmin_failed_logins_last_hour", logins, 25, "WARNING"),
                Arguments.of("failed_logins", "superadmin_failed_logins_last_hour", logins, 26, "CRITICAL"),
                Arguments.of("orphaned_images", "superadmin_orphaned_images", orphans, 0, "OK"),
                Arguments.of("orphaned_images", "superadmin_orphaned_images", orphans, 1, "WARNING"),
                Arguments.of("orphaned_images", "superadmin_orphaned_images", orphans, 500, "WARNING"),
                Arguments.of("admin_users", "superadmin_admin_users", admins, 0, "CRITICAL"),
                Arguments.of("admin_users", "superadmin_admin_users", admins, 1, "OK"),
                Arguments.of("admin_users", "superadmin_admin_users", admins, 3, "OK"));
    }

    @ParameterizedTest(name = "{0} = {3} is {4}")
    @MethodSource("cases")
    void valueDecidesTheState(String check, String metric, BiConsumer<AdminData, Integer> arrange, int value, String state) {
        arrange.accept(data, value);
        runRound();

        given().get("/status/" + check).then()
                .statusCode(200)
                .body("name", equalTo(check))
                .body("state", equalTo(state))
                .body("value", equalTo(value))
                .body("lastError", nullValue());
        given().get("/status").then()
                .body("state", equalTo(state))
                .body("targets[0].checks.find { it.name == '" + check + "' }.state", equalTo(state));
        Scrape scrape = Scrape.now();
        assertThat(scrape.value(metric, "check", check, "target", "default")).isEqualTo(value);
        assertThat(scrape.value("superadmin_check_status", "check", check)).isEqualTo(code(state));
    }

    @Test
    void overallStateIsTheWorstCheck() {
        data.failedLogins(11).orphanedImages(2);
        runRound();
        given().get("/status").then().body("state", equalTo("WARNING"));

        data.activeAdmins(0);
        runRound();
        given().get("/status").then()
                .body("state", equalTo("CRITICAL"))
                .body("targets[0].checks.findAll { it.state == 'WARNING' }.name", org.hamcrest.Matchers.contains("failed_logins", "orphaned_images"));

        data.activeAdmins(1).failedLogins(0).orphanedImages(0);
        runRound();
        given().get("/status").then().body("state", equalTo("OK"));
    }

    @Test
    void statusDescribesEveryCheck() {
        data.failedLogins(14);
        runRound();
        given().get("/status/failed_logins").then()
                .body("description", equalTo("Failed admin logins in the trailing hour"))
                .body("unit", equalTo("events"))
                .body("direction", equalTo("above"))
                .body("warning", equalTo(10))
                .body("critical", equalTo(25))
                .body("intervalSeconds", equalTo(3600.0f))
                .body("stalenessSeconds", equalTo(10800.0f))
                .body("measuredAt", org.hamcrest.Matchers.notNullValue())
                .body("ageSeconds", org.hamcrest.Matchers.lessThan(60.0f));
        given().get("/status/admin_users").then()
                .body("direction", equalTo("below"))
                .body("warning", nullValue())
                .body("critical", equalTo(1));
        given().get("/status").then()
                .body("targets[0].target", equalTo("default"))
                .body("targets[0].database.up", equalTo(true))
                .body("computedAt", org.hamcrest.Matchers.notNullValue())
                .body("targets[0].checks.name", org.hamcrest.Matchers.contains("active_sessions", "admin_users", "database_size",
                        "expired_sessions", "failed_logins", "orphaned_images"));
    }

    @Test
    void aSixthCheckIsConfigurationOnly() {
        data.activeSessions(4);
        runRound();
        given().get("/status/expired_sessions").then()
                .body("state", equalTo("OK"))
                .body("value", equalTo(2))
                .body("warning", equalTo(100));
        assertThat(Scrape.now().value("superadmin_expired_sessions", "check", "expired_sessions")).isEqualTo(2);
    }

    @Test
    void unknownCheckIsAJson404() {
        given().get("/status/no_such_check").then()
                .statusCode(404)
                .contentType("application/json")
                .body("status", equalTo(404))
                .body("error", equalTo("not_found"))
                .body("message", org.hamcrest.Matchers.containsString("no_such_check"));
    }

    private void runRound() {
        probes.runRound().await().atMost(Duration.ofSeconds(30));
    }

    private static double code(String state) {
        return switch (state) {
            case "OK" -> 0;
            case "WARNING" -> 1;
            case "CRITICAL" -> 2;
            default -> 3;
        };
    }
}
