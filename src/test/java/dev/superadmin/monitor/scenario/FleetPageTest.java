package dev.superadmin.monitor.scenario;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.superadmin.monitor.testing.HeadlessChromium;
import dev.superadmin.monitor.testing.ManualProbesProfile;
import dev.superadmin.monitor.testing.PgBouncer;
import dev.superadmin.monitor.testing.PrivatePostgres;
import dev.superadmin.monitor.testing.PrivateSql;
import dev.superadmin.monitor.testing.TestDatabase;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The status page at fleet size, in a real browser: 1,000 targets that answer (one check each, all one database
 * behind pgbouncer, which accepts a connection in a millisecond where this machine's PostgreSQL takes 60) and three
 * whose database is down. What is wrong comes first and whole; the databases whose checks are all
 * OK are folded to one line each and render (and fetch the history of) their checks only once opened; the search box
 * finds one database among them.
 */
@QuarkusTest
@TestProfile(FleetPageTest.Profile.class)
class FleetPageTest {

    static final int FLEET = 1000;
    static final int DOWN = 3;
    static final Path ARTIFACTS = Path.of("target", "fleet-page");
    static final Duration LOADED = Duration.ofSeconds(30);

    public static class Profile extends ManualProbesProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = super.getConfigOverrides();
            for (int i = 1; i <= FLEET; i++) {
                String target = "superadmin.targets.client-%04d.".formatted(i);
                config.put(target + "url", "${quarkus.datasource.reactive.url}");
                config.put(target + "username", "${quarkus.datasource.username}");
                config.put(target + "checks", "admin_users");
                config.put(target + "pooler", "true");
            }
            int closed = closedPort();
            for (int i = 1; i <= DOWN; i++) {
                String target = "superadmin.targets.down-%d.".formatted(i);
                config.put(target + "url", "postgresql://127.0.0.1:" + closed + "/gone");
                config.put(target + "checks", "admin_users");
            }
            config.put("superadmin.pooler", "true");
            // a thousand pools: few probes at once, and their connections closed once idle
            config.put("superadmin.first-round-concurrency", "16");
            config.put("quarkus.datasource.reactive.idle-timeout", "PT1S");
            return config;
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(Fleet.class));
        }
    }

    /** A private PostgreSQL with one monitored database, one active admin, and pgbouncer in front. */
    public static class Fleet implements QuarkusTestResourceLifecycleManager {

        private PrivatePostgres postgres;
        private PgBouncer bouncer;

        @Override
        public Map<String, String> start() {
            postgres = PrivatePostgres.create().start();
            postgres.createMonitoredDatabase("fleet");
            new PrivateSql(postgres.port(), "fleet").execute("INSERT INTO admin_users (email, is_active) VALUES ('admin@example.test', true)");
            bouncer = PgBouncer.start("fleet", postgres.port(), "fleet", List.of(TestDatabase.MONITOR_ROLE),
                    "pool_mode = transaction", "ignore_startup_parameters = extra_float_digits", "max_client_conn = 900",
                    "default_pool_size = 10");
            return Map.of("quarkus.datasource.reactive.url", "postgresql://127.0.0.1:" + bouncer.port() + "/fleet",
                    "quarkus.datasource.username", TestDatabase.MONITOR_ROLE);
        }

        @Override
        public void stop() {
            try {
                if (bouncer != null) {
                    bouncer.close();
                }
            } finally {
                if (postgres != null) {
                    postgres.close();
                }
            }
        }
    }

    @TestHTTPResource("/")
    URL root;

    @Test
    void whatIsWrongComesFirstTheRestIsFoldedAndTheSearchFindsOne() throws IOException {
        awaitFirstRound();
        Files.createDirectories(ARTIFACTS);
        int statusBytes = given().get("/status").then().statusCode(200).extract().asByteArray().length;
        try (HeadlessChromium chromium = HeadlessChromium.start(ARTIFACTS)) {
            chromium.phoneViewport(412, 900);
            chromium.navigate(root.toString());
            chromium.await("document.body && document.body.dataset.fetch === 'ok' && document.body.dataset.histories === 'ok'", LOADED);
            JsonNode page = chromium.evaluate("""
                    ({ sections: [...document.querySelectorAll('#targets > .target')].map(t => ({ name: t.dataset.target,
                         folded: t.tagName === 'DETAILS', open: t.open === true, checks: t.querySelectorAll('li.check').length,
                         state: t.querySelector('.badge').textContent })),
                       histories: performance.getEntriesByType('resource').filter(r => r.name.includes('/history')).length,
                       status: performance.getEntriesByType('resource').filter(r => r.name.endsWith('/status')).map(r => r.duration),
                       search: !document.getElementById('search').hidden, nodes: document.querySelectorAll('*').length })""");
            System.out.printf("status page with %d databases: /status %d KB, its fetch %s ms, %d DOM nodes%n",
                    page.path("sections").size(), statusBytes / 1024, page.path("status"), page.path("nodes").asInt());

            JsonNode sections = page.path("sections");
            assertThat(sections).hasSize(FLEET + DOWN + 1); // and the datasource's own target
            for (int i = 0; i < DOWN; i++) {
                JsonNode down = sections.get(i);
                assertThat(down.path("name").asText()).as("worst first").startsWith("down-");
                assertThat(down.path("state").asText()).isEqualTo("CRITICAL");
                assertThat(down.path("folded").asBoolean()).as("%s is shown whole", down).isFalse();
                assertThat(down.path("checks").asInt()).isEqualTo(1);
            }
            int folded = 0;
            for (JsonNode section : sections) {
                if (section.path("state").asText().equals("OK")) {
                    assertThat(section.path("folded").asBoolean()).as("%s", section).isTrue();
                    assertThat(section.path("open").asBoolean()).isFalse();
                    assertThat(section.path("checks").asInt()).as("a folded database renders no check").isZero();
                    folded++;
                }
            }
            assertThat(folded).isGreaterThanOrEqualTo(FLEET);
            assertThat(page.path("histories").asInt()).as("histories fetched: those of the checks shown")
                    .isEqualTo(sections.findValues("checks").stream().mapToInt(JsonNode::asInt).sum());
            assertThat(page.path("search").asBoolean()).isTrue();

            // the search box finds one client among a thousand, and opening it shows its check and fetches its history
            search(chromium, "client-0500");
            JsonNode found = chromium.evaluate("""
                    ({ shown: [...document.querySelectorAll('#targets > .target')].filter(t => !t.hidden).map(t => t.dataset.target),
                       note: document.getElementById('shown').textContent })""");
            assertThat(found.path("shown").toString()).isEqualTo("[\"client-0500\"]");
            assertThat(found.path("note").asText()).isEqualTo("1 of " + (FLEET + DOWN + 1) + " databases match “client-0500”");
            chromium.evaluate("document.querySelector('details[data-target=\"client-0500\"] > summary').click(); 0");
            chromium.await("document.querySelectorAll('details[data-target=\"client-0500\"] li.check').length === 1"
                    + " && document.body.dataset.histories === 'ok'", LOADED);
            assertThat(chromium.evaluate("performance.getEntriesByType('resource').filter(r => r.name.includes('/history')"
                    + " && r.name.includes('target=client-0500')).length").asInt()).isEqualTo(1);
            Files.write(ARTIFACTS.resolve("fleet-search.png"), chromium.screenshot());

            // what was opened stays open, and the search stays applied, through the next refresh
            int before = chromium.evaluate("Number(document.body.dataset.renders)").asInt();
            chromium.await("Number(document.body.dataset.renders) > " + before, LOADED);
            assertThat(chromium.evaluate("""
                    [document.querySelector('details[data-target="client-0500"]').open,
                     document.querySelectorAll('details[data-target="client-0500"] li.check').length,
                     [...document.querySelectorAll('#targets > .target')].filter(t => !t.hidden).length]""").toString())
                    .isEqualTo("[true,1,1]");
            // a search that matches a check's name keeps every database that runs it
            search(chromium, "admin_users");
            assertThat(chromium.evaluate("[...document.querySelectorAll('#targets > .target')].filter(t => !t.hidden).length")
                    .asInt()).isEqualTo(FLEET + DOWN + 1);
        }
    }

    @Test
    void readinessCountsTheDatabasesAndNamesThoseDown() {
        awaitFirstRound();
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks[0].data.'databases.up'", equalTo(FLEET + 1))
                .body("checks[0].data.'databases.down'", equalTo(DOWN))
                .body("checks[0].data.'databases.down.first'", equalTo("down-1, down-2, down-3"))
                .body("checks[0].data.keySet().findAll { it.startsWith('database.') }", empty());
    }

    /** Every target probed once (readiness), so that each has its state: until then they are all UNKNOWN. */
    private static void awaitFirstRound() {
        await().atMost(LOADED).until(() -> given().get("/q/health/ready").statusCode() == 200);
    }

    /** Types into the search box, as a person would: the page filters on each input event. */
    private static void search(HeadlessChromium chromium, String words) {
        chromium.evaluate("{ const box = document.getElementById('search'); box.value = '" + words + "';"
                + " box.dispatchEvent(new Event('input')); } 0");
    }

    /** A port on 127.0.0.1 that nothing listens on: the targets there are refused at once. */
    static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
