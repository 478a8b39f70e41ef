package dev.superadmin.monitor.scenario;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.superadmin.monitor.testing.ManualProbesProfile;
import dev.superadmin.monitor.testing.PrivatePostgres;
import dev.superadmin.monitor.testing.PrivatePostgresResource;
import dev.superadmin.monitor.testing.PrivateSql;
import dev.superadmin.monitor.testing.Scrape;
import dev.superadmin.monitor.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;

/**
 * The health pack turned on for a role made by {@code monitor-role.sql} alone, without the optional
 * pg_read_all_stats: the checks that need other sessions' columns are UNKNOWN with a message naming the grant,
 * instead of a 0 that would read as healthy, and the three that need nothing more measure. On a server of the
 * test's own: the grant is for the whole server, and another test may give it on the shared one.
 */
@QuarkusTest
@TestProfile(HealthPackWithoutStatsTest.Profile.class)
class HealthPackWithoutStatsTest {

    static final List<String> NEED_STATS = List.of("pg_connections", "pg_idle_in_transaction", "pg_longest_transaction",
            "pg_replication_lag");

    public static class Profile extends ManualProbesProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = super.getConfigOverrides();
            enableHourly(config, HEALTH_PACK);
            return config;
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(PrivatePostgresResource.class, Map.of("cluster", "RUNNING")));
        }
    }

    PrivatePostgres postgres;

    @Test
    void sessionChecksNameTheMissingGrantAndTheOthersMeasure() {
        assertThat(new PrivateSql(postgres.port(), "postgres").queryLong("SELECT count(*) WHERE pg_has_role('"
                + TestDatabase.MONITOR_ROLE + "', 'pg_read_all_stats', 'USAGE')")).as("the role has pg_read_all_stats")
                .isZero();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
        Scrape scrape = Scrape.now();

        for (String check : NEED_STATS) {
            JsonPath status = given().get("/status/" + check).then().statusCode(200).extract().jsonPath();
            assertThat(status.getString("state")).as(check).isEqualTo("UNKNOWN");
            assertThat(status.getString("value")).as(check).isNull();
            assertThat(status.getString("lastError.reason")).as(check).isEqualTo("sql");
            assertThat(status.getString("lastError.message")).as(check).contains(
                    "superadmin_monitor needs pg_read_all_stats for this check: GRANT pg_read_all_stats TO superadmin_monitor"
                            + " (deploy/sql/monitor-role-stats.sql)");
            assertThat(scrape.value("superadmin_check_status", "check", check)).as(check).isEqualTo(3);
            assertThat(scrape.value("superadmin_probe_failures_total", "check", check, "reason", "sql")).as(check)
                    .isEqualTo(1);
        }

        assertThat(given().get("/status/pg_xid_age").then().extract().jsonPath()
                .using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE)).getDouble("value"))
                .isEqualTo(scrape.value("superadmin_pg_xid_age", "check", "pg_xid_age")).isPositive();
        assertThat(scrape.value("superadmin_pg_cache_hit_ratio", "check", "pg_cache_hit")).isBetween(0.0, 1.0);
        assertThat(scrape.value("superadmin_pg_dead_tuple_ratio", "check", "pg_dead_tuples")).as("no table of 1,000 rows").isZero();
        for (String check : List.of("pg_xid_age", "pg_cache_hit", "pg_dead_tuples")) {
            assertThat(given().get("/status/" + check).then().extract().jsonPath().getString("state")).as(check)
                    .isEqualTo("OK");
        }
    }
}
