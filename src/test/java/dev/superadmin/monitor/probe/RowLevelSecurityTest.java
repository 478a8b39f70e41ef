package dev.superadmin.monitor.probe;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.superadmin.monitor.testing.AdminData;
import dev.superadmin.monitor.testing.ManualProbesProfile;
import dev.superadmin.monitor.testing.Scrape;
import dev.superadmin.monitor.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Row-level security on a counted table hides every row from a role without a policy: zero admins (a false page)
 * or zero sessions (a false all-clear). The service reports that instead of the count.
 */
@QuarkusTest
@TestProfile(ManualProbesProfile.class)
class RowLevelSecurityTest {

    @Inject
    ProbeScheduler probes;

    @Test
    void hiddenRowsAreReportedNotCountedUntilAPolicyLetsTheMonitorRead() {
        TestDatabase database = TestDatabase.current();
        new AdminData(database).reset().activeAdmins(2).activeSessions(12);
        database.execute("ALTER TABLE public.admin_users ENABLE ROW LEVEL SECURITY",
                "ALTER TABLE public.admin_sessions ENABLE ROW LEVEL SECURITY");
        try {
            probes.runRound().await().atMost(Duration.ofSeconds(30));
            given().get("/status/admin_users").then()
                    .body("state", equalTo("UNKNOWN"))
                    .body("value", nullValue())
                    .body("lastError.reason", equalTo("rls"))
                    .body("lastError.message", containsString("row-level security hides rows of public.admin_users"));
            given().get("/status/active_sessions").then()
                    .body("state", equalTo("UNKNOWN"))
                    .body("lastError.reason", equalTo("rls"));
            given().get("/status/failed_logins").then().body("lastError", nullValue());
            Scrape scrape = Scrape.now();
            assertThat(scrape.value("superadmin_probe_failures_total", "check", "admin_users", "reason", "rls")).isGreaterThanOrEqualTo(1);
            assertThat(scrape.value("superadmin_admin_users", "check", "admin_users")).isNaN();

            database.execute("CREATE POLICY monitor_read ON public.admin_users FOR SELECT TO superadmin_monitor USING (true)",
                    "CREATE POLICY monitor_read ON public.admin_sessions FOR SELECT TO superadmin_monitor USING (true)");
            probes.runRound().await().atMost(Duration.ofSeconds(30));
            given().get("/status/admin_users").then()
                    .body("state", equalTo("OK")).body("value", equalTo(2)).body("lastError", nullValue());
            given().get("/status/active_sessions").then()
                    .body("state", equalTo("CRITICAL")).body("value", equalTo(12));
        } finally {
            database.execute("DROP POLICY IF EXISTS monitor_read ON public.admin_users",
                    "DROP POLICY IF EXISTS monitor_read ON public.admin_sessions",
                    "ALTER TABLE public.admin_users DISABLE ROW LEVEL SECURITY",
                    "ALTER TABLE public.admin_sessions DISABLE ROW LEVEL SECURITY");
        }
    }
}
