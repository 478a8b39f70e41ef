package dev.superadmin.monitor.probe;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.superadmin.monitor.testing.AdminData;
import dev.superadmin.monitor.testing.ManualProbesProfile;
import dev.superadmin.monitor.testing.Scrape;
import dev.superadmin.monitor.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/** The real scheduler at work: fresh values within an interval, staleness, no overlap. */
@QuarkusTest
@TestProfile(ScheduledProbesTest.Profile.class)
class ScheduledProbesTest {

    public static class Profile extends ManualProbesProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(super.getConfigOverrides());
            config.put("superadmin.checks.failed_logins.interval", "2s");
            config.put("superadmin.checks.products.sql", "SELECT count(*) FROM public.products");
            config.put("superadmin.checks.products.warning", "100");
            config.put("superadmin.checks.products.interval", "1s");
            config.put("superadmin.checks.products.staleness", "6s");
            config.put("superadmin.checks.slow.sql", "SELECT count(*) FROM pg_sleep(2.5)");
            config.put("superadmin.checks.slow.warning", "10");
            config.put("superadmin.checks.slow.interval", "1s");
            config.put("superadmin.checks.slow.timeout", "5s");
            return config;
        }
    }

    private final TestDatabase database = TestDatabase.current();

    @Test
    void aDataChangeShowsWithinOneInterval() {
        AdminData data = new AdminData(database).reset();
        await().atMost(Duration.ofSeconds(10)).until(() -> value("failed_logins") == 0);

        long changed = System.nanoTime();
        data.failedLogins(12);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> value("failed_logins") == 12);
        Duration shownAfter = Duration.ofNanos(System.nanoTime() - changed);

        System.out.printf("failed_logins (interval 2s): data change shown in /status after %d ms%n", shownAfter.toMillis());
        // one interval, plus the scheduler's one-second tick, the probe itself and slack for a busy machine
        assertThat(shownAfter).isLessThan(Duration.ofMillis(4500));
        given().get("/status/failed_logins").then().body("state", org.hamcrest.Matchers.equalTo("WARNING"));
    }

    @Test
    void aQueryTheDatabaseRefusesIsUnknownAtOnceAndRecovers() {
        database.execute("DELETE FROM product_images", "DELETE FROM products", "INSERT INTO products (name) VALUES ('a'), ('b')");
        await().atMost(Duration.ofSeconds(10)).until(() -> value("products") == 2);
        double permissionFailures = failures("products", "permission");

        database.execute("REVOKE SELECT ON public.products FROM superadmin_monitor");
        try {
            await().atMost(Duration.ofSeconds(4)).pollInterval(Duration.ofMillis(100))
                    .until(() -> "permission".equals(check("products").getString("lastError.reason")));
            JsonPath failing = check("products");
            assertThat(failing.getString("lastError.message")).contains("permission denied for table products");
            // the database answered: the last value no longer stands (a database out of reach keeps it until stale)
            assertThat(failing.getString("state")).isEqualTo("UNKNOWN");
            assertThat((Object) failing.get("value")).isNull();
            Scrape scrape = Scrape.now();
            assertThat(scrape.value("superadmin_products", "check", "products")).isNaN();
            assertThat(scrape.value("superadmin_check_status", "check", "products")).isEqualTo(3);
            assertThat(scrape.value("superadmin_probe_failures_total", "check", "products", "reason", "permission"))
                    .isGreaterThan(permissionFailures);
            assertThat(scrape.value("superadmin_database_up")).as("the database did answer").isEqualTo(1);
            assertThat(check("failed_logins").getString("lastError")).as("other checks are left alone").isNull();
        } finally {
            database.execute("GRANT SELECT ON public.products TO superadmin_monitor");
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> "OK".equals(check("products").getString("state")));
        assertThat(check("products").getString("lastError")).isNull();
    }

    @Test
    void aSlowProbeNeverOverlapsItselfAndDoesNotDelayTheOthers() throws InterruptedException {
        List<Long> concurrent = new ArrayList<>();
        List<String> productsMeasured = new ArrayList<>();
        long end = System.nanoTime() + Duration.ofSeconds(7).toNanos();
        while (System.nanoTime() < end) {
            concurrent.add(database.activeMonitorQueries("pg_sleep(2.5)"));
            productsMeasured.add(check("products").getString("measuredAt"));
            Thread.sleep(100);
        }
        assertThat(concurrent).as("slow probes running at once (interval 1s, each 2.5s)").allMatch(n -> n <= 1).contains(1L);
        assertThat(productsMeasured.stream().distinct().count())
                .as("fresh values of the 1s check meanwhile").isGreaterThanOrEqualTo(4);
        assertThat(check("slow").getString("state")).isEqualTo("OK");
    }

    private static JsonPath check(String name) {
        return given().get("/status/" + name).then().statusCode(200).extract().jsonPath();
    }

    private static double value(String name) {
        Object value = check(name).get("value");
        return value == null ? Double.NaN : ((Number) value).doubleValue();
    }

    private static double failures(String check, String reason) {
        return Scrape.now().value("superadmin_probe_failures_total", "check", check, "reason", reason);
    }
}
