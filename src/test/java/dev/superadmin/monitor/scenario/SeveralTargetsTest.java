package dev.superadmin.monitor.scenario;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.superadmin.monitor.testing.AdminData;
import dev.superadmin.monitor.testing.HeadlessChromium;
import dev.superadmin.monitor.testing.ManualProbesProfile;
import dev.superadmin.monitor.testing.PostgresTestResource;
import dev.superadmin.monitor.testing.Scrape;
import dev.superadmin.monitor.testing.SilentServer;
import dev.superadmin.monitor.testing.TestDatabase;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * Three databases watched at once: "shop" (the Quarkus datasource, every seed check), "blog" (a second real
 * database, two of the checks, other data) and "stuck" (a server that accepts and never answers). Each keeps its
 * own values, state and series, and the stuck one holds up neither of the others.
 */
@QuarkusTest
@TestProfile(SeveralTargetsTest.Profile.class)
class SeveralTargetsTest {

    @TestHTTPResource("/")
    URL root;

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = ManualProbesProfile.hourlySeedChecks();
            config.put("superadmin.target", "shop");
            config.put("superadmin.targets.blog.username", TestDatabase.MONITOR_ROLE);
            config.put("superadmin.targets.blog.checks", "failed_logins,admin_users");
            config.put("superadmin.targets.stuck.username", TestDatabase.MONITOR_ROLE);
            config.put("superadmin.targets.stuck.checks", "admin_users");
            return config;
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(TwoDatabases.class),
                    new TestResourceEntry(SilentServer.class, Map.of("property", "superadmin.targets.stuck.url")));
        }
    }

    /** The shop's database with two active admins, and the blog's with none and 12 failed logins. */
    public static class TwoDatabases extends PostgresTestResource {
        private TestDatabase blog;

        @Override
        public Map<String, String> start() {
            Map<String, String> config = new HashMap<>(super.start());
            new AdminData(database()).reset().activeAdmins(2);
            blog = TestDatabase.createMonitored("superadmin_blog_");
            new AdminData(blog).reset().activeAdmins(0).failedLogins(12);
            config.put("superadmin.targets.blog.url", blog.reactiveUrl());
            return config;
        }

        @Override
        public void stop() {
            super.stop();
            if (blog != null) {
                blog.drop();
            }
        }
    }

    @Test
    void everyTargetHasItsOwnChecksValuesAndSeries() {
        JsonPath status = awaitStuckFailed();

        assertThat(status.getList("targets.target")).containsExactly("blog", "shop", "stuck");
        assertThat(status.getList("targets[1].checks.name")).containsExactlyElementsOf(ManualProbesProfile.SEED_CHECKS);
        assertThat(status.getList("targets[0].checks.name")).containsExactly("admin_users", "failed_logins");
        assertThat(status.getList("targets[2].checks.name")).containsExactly("admin_users");
        for (int i = 0; i < 3; i++) {
            assertThat(status.getList("targets[" + i + "].checks.target")).as("target of every entry of group %d", i)
                    .containsOnly(status.getString("targets[" + i + "].target"));
        }

        assertThat(status.getString("state")).isEqualTo("CRITICAL");
        assertThat(status.getString("targets[1].state")).isEqualTo("OK");
        assertThat(status.getBoolean("targets[1].database.up")).isTrue();
        assertThat(status.getInt("targets[1].checks.find { it.name == 'admin_users' }.value")).isEqualTo(2);
        assertThat(status.getString("targets[0].state")).isEqualTo("CRITICAL");
        assertThat(status.getBoolean("targets[0].database.up")).isTrue();
        assertThat(status.getInt("targets[0].checks.find { it.name == 'admin_users' }.value")).isZero();
        assertThat(status.getString("targets[0].checks.find { it.name == 'failed_logins' }.state")).isEqualTo("WARNING");
        assertThat(status.getString("targets[2].state")).isEqualTo("CRITICAL");
        assertThat(status.getBoolean("targets[2].database.up")).isFalse();
        assertThat(status.getString("targets[2].checks[0].lastError.reason")).isEqualTo("connect");

        Scrape scrape = Scrape.now();
        assertThat(scrape.value("superadmin_admin_users", "target", "shop")).isEqualTo(2);
        assertThat(scrape.value("superadmin_admin_users", "target", "blog")).isZero();
        assertThat(scrape.value("superadmin_failed_logins_last_hour", "target", "blog")).isEqualTo(12);
        assertThat(scrape.value("superadmin_failed_logins_last_hour", "target", "shop")).isZero();
        assertThat(scrape.value("superadmin_database_up", "target", "shop")).isEqualTo(1);
        assertThat(scrape.value("superadmin_database_up", "target", "blog")).isEqualTo(1);
        assertThat(scrape.value("superadmin_database_up", "target", "stuck")).isZero();
        assertThat(scrape.value("superadmin_check_status", "target", "stuck", "check", "admin_users")).isEqualTo(3);
        assertThat(scrape.find("superadmin_database_size_bytes", "target", "blog")).as("a check blog does not run").isEmpty();
        assertThat(scrape.value("superadmin_probe_failures_total", "target", "stuck", "check", "admin_users", "reason",
                "connect")).isEqualTo(1);
        assertThat(scrape.value("superadmin_probe_failures_total", "target", "shop", "check", "admin_users", "reason",
                "connect")).isZero();

        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'superadmin-probes' }.data.'database.shop'", equalTo("up"))
                .body("checks.find { it.name == 'superadmin-probes' }.data.'database.blog'", equalTo("up"))
                .body("checks.find { it.name == 'superadmin-probes' }.data.'database.stuck'", equalTo("down"));
    }

    @Test
    void oneCheckOfOneTarget() {
        given().get("/status/admin_users?target=blog").then().statusCode(200)
                .body("target", equalTo("blog")).body("value", equalTo(0)).body("state", equalTo("CRITICAL"));
        given().get("/status/admin_users").then().statusCode(200)
                .body("target", equalTo("shop")).body("value", equalTo(2)).body("state", equalTo("OK"));
        given().get("/status/database_size?target=blog").then().statusCode(404)
                .body("error", equalTo("not_found"))
                .body("message", equalTo("unknown check 'database_size' on target 'blog'; its checks: admin_users, failed_logins"));
        given().get("/status/admin_users?target=nope").then().statusCode(404)
                .body("message", equalTo("unknown target 'nope'; known targets: blog, shop, stuck"));
    }

    /** Filters choose what /status lists (what is not OK, some targets, a summary); the overall state and counts stay whole. */
    @Test
    void filtersListWhatIsAskedForAndCountEverything() {
        awaitStuckFailed();
        JsonPath notOk = status("?state=WARNING,CRITICAL,UNKNOWN");
        assertThat(notOk.getString("state")).isEqualTo("CRITICAL");
        assertCounts(notOk, "counts", 1, 0, 2, 0);
        assertThat(notOk.getList("targets.target")).as("shop is all OK").containsExactly("blog", "stuck");
        assertThat(notOk.getList("targets[0].checks.name")).containsExactly("admin_users", "failed_logins");
        assertThat(notOk.getList("targets[1].checks.name")).containsExactly("admin_users");
        assertThat(status("?state=warning&state=CRITICAL&state=Unknown").getList("targets.target")).containsExactly("blog", "stuck");

        JsonPath critical = status("?state=CRITICAL");
        assertThat(critical.getList("targets.target")).containsExactly("blog", "stuck");
        assertThat(critical.getList("targets[0].checks.name")).containsExactly("admin_users");
        assertThat(critical.getList("targets[1].checks")).as("stuck is CRITICAL for its database; its check is UNKNOWN").isEmpty();
        assertCounts(critical, "targets[0].counts", 0, 1, 1, 0);

        assertThat(status("?target=stuck&target=shop").getList("targets.target")).containsExactly("shop", "stuck");
        assertThat(status("?target=shop,stuck").getList("targets.target")).containsExactly("shop", "stuck");
        JsonPath shopCritical = status("?target=shop&state=CRITICAL");
        assertThat(shopCritical.getList("targets")).isEmpty();
        assertThat(shopCritical.getString("state")).as("the overall state is of every target").isEqualTo("CRITICAL");

        JsonPath summary = status("?view=summary");
        assertThat(summary.getList("targets.target")).containsExactly("blog", "shop", "stuck");
        for (int i = 0; i < 3; i++) {
            assertThat(summary.getList("targets[" + i + "].checks")).as("no checks in the summary").isEmpty();
        }
        assertCounts(summary, "targets[0].counts", 0, 1, 1, 0);
        assertCounts(summary, "targets[1].counts", 5, 0, 0, 0);
        assertCounts(summary, "targets[2].counts", 0, 0, 0, 1);
        assertThat(summary.getBoolean("targets[2].database.up")).isFalse();
        assertThat(status("?view=summary&state=UNKNOWN").getList("targets.target")).containsExactly("stuck");

        given().get("/status?state=GREEN").then().statusCode(400).body("error", equalTo("bad_request"))
                .body("message", equalTo("unknown state 'GREEN'; states: OK, WARNING, CRITICAL, UNKNOWN"));
        given().get("/status?view=compact").then().statusCode(400)
                .body("message", equalTo("unknown view 'compact'; views: full, summary"));
        given().get("/status?target=blog,nope").then().statusCode(404)
                .body("message", equalTo("unknown target 'nope'; known targets: blog, shop, stuck"));
    }

    private static JsonPath status(String query) {
        return given().get("/status" + query).then().statusCode(200).extract().jsonPath();
    }

    private static void assertCounts(JsonPath report, String path, int ok, int warning, int critical, int unknown) {
        assertThat(List.of(report.getInt(path + ".ok"), report.getInt(path + ".warning"), report.getInt(path + ".critical"),
                report.getInt(path + ".unknown"))).as("%s: ok, warning, critical, unknown", path)
                .containsExactly(ok, warning, critical, unknown);
    }

    /**
     * The first round as the scheduler ran it at start-up: every probe of shop and blog ended long before the
     * stuck target's probe gave up (its client-side limit, the check's 5 s timeout plus 1 s).
     */
    @Test
    void aStuckTargetDelaysNoOther() {
        JsonPath status = awaitStuckFailed();
        Instant stuckGaveUp = Instant.parse(status.getString("targets[2].checks[0].lastError.at"));
        List<String> measured = status.getList("targets[0].checks.measuredAt");
        measured.addAll(status.getList("targets[1].checks.measuredAt"));
        Instant lastAnswer = measured.stream().map(Instant::parse).max(Instant::compareTo).orElseThrow();
        System.out.printf("several targets: last shop/blog result %s before the stuck target gave up%n",
                Duration.between(lastAnswer, stuckGaveUp));
        assertThat(measured).hasSize(7).doesNotContainNull();
        assertThat(Duration.between(lastAnswer, stuckGaveUp)).as("shop and blog done before stuck gave up")
                .isGreaterThan(Duration.ofSeconds(4));
    }

    /**
     * The status page puts the databases worst first, then the longest in their state: blog (CRITICAL since its first
     * admin_users result), stuck (CRITICAL since its probe gave up, seconds later), shop (OK); not in name order.
     */
    @Test
    void thePageShowsTheDatabasesWorstFirstThenLongestInTheirState() {
        JsonPath status = awaitStuckFailed();
        assertThat(Instant.parse(status.getString("targets[0].since")))
                .as("blog CRITICAL before stuck: %s\nblog's admin_users: %s", status.prettify(),
                        given().get("/status/admin_users/history?target=blog").asString()).isBefore(Instant.parse(status.getString("targets[2].since")));
        assertThat(status.getString("targets[2].previousState")).isEqualTo("UNKNOWN");
        assertThat(Instant.parse(status.getString("targets[2].database.since")))
                .isEqualTo(Instant.parse(status.getString("targets[2].checks[0].lastError.at")));
        try (HeadlessChromium chromium = HeadlessChromium.start(StatusPageTest.ARTIFACTS)) {
            chromium.phoneViewport(StatusPageTest.PHONE_WIDTH, StatusPageTest.PHONE_HEIGHT);
            chromium.navigate("http://127.0.0.1:" + root.getPort() + "/");
            chromium.await("document.body && document.body.dataset.fetch === 'ok'", StatusPageTest.RENDERED);
            JsonNode order = chromium.evaluate("[...document.querySelectorAll('#targets > .target')].map(t => t.dataset.target)");
            assertThat(List.of(order.get(0).asText(), order.get(1).asText(), order.get(2).asText()))
                    .containsExactly("blog", "stuck", "shop");
        }
    }

    private static JsonPath awaitStuckFailed() {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() ->
                given().get("/status").then().extract().jsonPath().getString("targets[2].checks[0].lastError") != null);
        return given().get("/status").then().statusCode(200).extract().jsonPath();
    }
}
