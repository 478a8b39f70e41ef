package dev.superadmin.monitor.scenario;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.superadmin.monitor.probe.ProbeScheduler;
import dev.superadmin.monitor.testing.AdminData;
import dev.superadmin.monitor.testing.AppHealthDatabase;
import dev.superadmin.monitor.testing.ManualProbesProfile;
import dev.superadmin.monitor.testing.Scrape;
import dev.superadmin.monitor.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * The app's own health functions and views (deploy/sql/app-health.sql, run for real) as rows checks: every row is
 * reported with the state of its status, in /status and as series that follow the rows. A second target whose
 * database lacks them reports them as failing checks and goes on with its other checks.
 */
@QuarkusTest
@TestProfile(AppHealthTest.Profile.class)
class AppHealthTest {

    static final List<String> APP_CHECKS = List.of("app_backup_readiness", "app_database_health",
            "app_performance_monitoring", "app_session_monitoring");

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = ManualProbesProfile.hourlySeedChecks();
            ManualProbesProfile.enableHourly(config, APP_CHECKS);
            config.put("superadmin.targets.bare.username", TestDatabase.MONITOR_ROLE);
            config.put("superadmin.targets.bare.checks", "app_database_health,admin_users");
            return config;
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(WithBareDatabase.class));
        }
    }

    /** The app's database with the functions, and a bare one (schema and role only) for the target "bare". */
    public static class WithBareDatabase extends AppHealthDatabase {
        private TestDatabase bare;

        @Override
        public Map<String, String> start() {
            Map<String, String> config = new HashMap<>(super.start());
            bare = TestDatabase.createMonitored("superadmin_bare_");
            new AdminData(bare).reset();
            config.put("superadmin.targets.bare.url", bare.reactiveUrl());
            return config;
        }

        @Override
        public void stop() {
            super.stop();
            if (bare != null) {
                bare.drop();
            }
        }
    }

    @Inject
    ProbeScheduler probes;

    @Test
    void everyRowWithTheStateOfItsStatus() {
        TestDatabase database = TestDatabase.current();
        new AdminData(database).reset().failedLogins(12).orphanedImages(2);
        probes.runRound().await().atMost(Duration.ofSeconds(30));

        JsonPath check = given().get("/status/app_database_health").then().statusCode(200).extract().jsonPath();
        assertThat(check.getString("state")).isEqualTo("WARNING");
        assertThat(check.getString("value")).as("a rows check has no single value").isNull();
        assertThat(check.getList("rows.name")).containsExactly("active_admin_users", "active_sessions",
                "failed_logins_last_hour", "database_size_mb", "orphaned_images");
        assertThat(check.getList("rows.state")).containsExactly("OK", "OK", "WARNING", "OK", "WARNING");
        assertThat(check.getList("rows.status")).containsExactly("OK", "OK", "WARNING", "OK", "WARNING");
        assertThat(check.getInt("rows.find { it.name == 'failed_logins_last_hour' }.value")).isEqualTo(12);
        assertThat(check.getInt("rows.find { it.name == 'orphaned_images' }.value")).isEqualTo(2);
        assertThat(check.getDouble("rows.find { it.name == 'database_size_mb' }.value"))
                .isCloseTo(database.queryLong("SELECT pg_database_size(current_database())") / 1048576.0,
                        org.assertj.core.data.Offset.offset(0.2));

        JsonPath status = given().get("/status").then().statusCode(200).extract().jsonPath();
        assertThat(status.getString("targets.find { it.target == 'default' }.checks.find { it.name == 'app_backup_readiness' }.state")).isEqualTo("WARNING");
        assertThat(status.getInt("targets.find { it.target == 'default' }.checks.find { it.name == 'app_backup_readiness' }.rows.find { it.name == 'images_only_on_r2' }.value"))
                .isEqualTo(2);
        assertThat(status.getString("targets.find { it.target == 'default' }.checks.find { it.name == 'app_session_monitoring' }.state")).isEqualTo("OK");
        assertThat(status.getString("targets.find { it.target == 'default' }.checks.find { it.name == 'app_performance_monitoring' }.state")).isEqualTo("OK");

        Scrape scrape = Scrape.now();
        assertThat(scrape.value("superadmin_app_database_health", "target", "default", "row", "failed_logins_last_hour"))
                .isEqualTo(12);
        assertThat(scrape.value("superadmin_check_row_status", "target", "default", "check", "app_database_health",
                "row", "failed_logins_last_hour")).isEqualTo(1);
        assertThat(scrape.value("superadmin_check_row_status", "target", "default", "check", "app_database_health",
                "row", "active_admin_users")).isZero();
        assertThat(scrape.value("superadmin_check_status", "target", "default", "check", "app_database_health")).isEqualTo(1);
        assertThat(scrape.find("superadmin_check_threshold", "check", "app_database_health")).as("rows checks have none").isEmpty();

        // no active admin: the app's own function says CRITICAL, and so does its check
        new AdminData(database).activeAdmins(0);
        probes.runRound().await().atMost(Duration.ofSeconds(30));
        given().get("/status/app_database_health").then().statusCode(200)
                .body("state", org.hamcrest.Matchers.equalTo("CRITICAL"))
                .body("rows.find { it.name == 'active_admin_users' }.state", org.hamcrest.Matchers.equalTo("CRITICAL"));
        assertThat(Scrape.now().value("superadmin_check_row_status", "target", "default", "check", "app_database_health",
                "row", "active_admin_users")).isEqualTo(2);
    }

    @Test
    void seriesFollowTheRows() {
        TestDatabase database = TestDatabase.current();
        probes.runRound().await().atMost(Duration.ofSeconds(30));
        assertThat(Scrape.now().find("superadmin_app_session_monitoring", "row", "sessions_last_24h")).hasSize(1);
        try {
            database.execute("CREATE OR REPLACE VIEW public.session_monitoring AS "
                    + "SELECT 'active_sessions'::text AS metric_name, 7::numeric AS metric_value, 'unclear'::text AS status");
            probes.runRound().await().atMost(Duration.ofSeconds(30));
            Scrape scrape = Scrape.now();
            assertThat(scrape.find("superadmin_app_session_monitoring", "row", "sessions_last_24h")).as("a row that is gone").isEmpty();
            assertThat(scrape.value("superadmin_app_session_monitoring", "row", "active_sessions")).isEqualTo(7);
            assertThat(scrape.value("superadmin_check_row_status", "check", "app_session_monitoring", "row", "active_sessions"))
                    .as("a status that means nothing known").isEqualTo(3);
            given().get("/status/app_session_monitoring").then().body("state", org.hamcrest.Matchers.equalTo("UNKNOWN"))
                    .body("rows[0].status", org.hamcrest.Matchers.equalTo("unclear"));
        } finally {
            database.psql(Path.of("deploy/sql/app-health.sql"));
        }
    }

    @Test
    void absentFunctionsAreReportedNotFatal() {
        probes.runRound().await().atMost(Duration.ofSeconds(30));
        given().get("/status/app_database_health?target=bare").then().statusCode(200)
                .body("state", org.hamcrest.Matchers.equalTo("UNKNOWN"))
                .body("rows", org.hamcrest.Matchers.nullValue())
                .body("lastError.reason", org.hamcrest.Matchers.equalTo("sql"))
                .body("lastError.message", org.hamcrest.Matchers.containsString("database_health_check() does not exist"));
        given().get("/status/admin_users?target=bare").then().body("state", org.hamcrest.Matchers.equalTo("OK"));
        Scrape scrape = Scrape.now();
        assertThat(scrape.value("superadmin_database_up", "target", "bare")).isEqualTo(1);
        assertThat(scrape.value("superadmin_check_status", "target", "bare", "check", "app_database_health")).isEqualTo(3);
        assertThat(scrape.find("superadmin_app_database_health", "target", "bare")).isEmpty();
    }
}
