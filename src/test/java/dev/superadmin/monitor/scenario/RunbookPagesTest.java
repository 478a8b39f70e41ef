package dev.superadmin.monitor.scenario;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import javax.imageio.ImageIO;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.superadmin.monitor.probe.ProbeScheduler;
import dev.superadmin.monitor.testing.AdminData;
import dev.superadmin.monitor.testing.HeadlessChromium;
import dev.superadmin.monitor.testing.ManualProbesProfile;
import dev.superadmin.monitor.testing.TestDatabase;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * From the status page to a runbook in a real browser: every check in trouble links its runbook, the link opens the
 * rendered page, and a runbook holding a script, an {@code onerror} attribute and a {@code javascript:} link shows
 * them as text without one violation of the page's Content-Security-Policy. The hostile runbook is an operator's own
 * ({@code superadmin.runbooks.directory}), served by the production code like the shipped ones. Screenshots are kept
 * in {@code target/runbook-pages/}; with {@code -Dreadme.screenshots=true} the README's are written anew into
 * {@code docs/images/}.
 */
@QuarkusTest
@TestProfile(RunbookPagesTest.Profile.class)
class RunbookPagesTest {

    static final Path ARTIFACTS = Path.of("target", "runbook-pages");
    static final Path OPERATOR_RUNBOOKS = ARTIFACTS.resolve("operator-runbooks");
    static final Path DOCS_IMAGES = Path.of("docs", "images");
    /** Not under superadmin.: the service's configuration mapping refuses unknown keys of its prefix. */
    static final String REGENERATE = "readme.screenshots";
    static final String HOSTILE = """
            # Hostile <b>runbook</b>

            <script>window.hacked = 'script';</script>

            An image: <img src=x onerror="window.hacked = 'onerror'"> and <svg onload="window.hacked = 'svg'">.

            [A link that would run](javascript:window.hacked='link') · ![a picture](https://example.com/x.png)
            """;
    static final int PHONE_WIDTH = 412;
    static final int PHONE_HEIGHT = 900;
    static final Duration LOADED = Duration.ofSeconds(15);

    /**
     * Collects every Content-Security-Policy violation of each document the browser loads, from before its own
     * content runs: the DevTools protocol's scripts are not subject to the policy.
     */
    static final String COUNT_VIOLATIONS = """
            window.violations = [];
            document.addEventListener('securitypolicyviolation',
              e => window.violations.push(e.effectiveDirective + ' ' + e.blockedURI));""";

    /** The seed checks, the configured one that names the operator's hostile runbook, and that runbook. */
    public static class Profile extends ManualProbesProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Files.createDirectories(OPERATOR_RUNBOOKS);
                Files.writeString(OPERATOR_RUNBOOKS.resolve("HostileRunbook.md"), HOSTILE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Map<String, String> config = new HashMap<>(super.getConfigOverrides());
            config.put("superadmin.runbooks.directory", OPERATOR_RUNBOOKS.toAbsolutePath().toString());
            config.put("superadmin.checks.always_warning.description", "A check that is always WARNING");
            config.put("superadmin.checks.always_warning.sql", "SELECT 5");
            config.put("superadmin.checks.always_warning.warning", "1");
            config.put("superadmin.checks.always_warning.interval", "1h");
            config.put("superadmin.checks.always_warning.runbook", "HostileRunbook");
            config.put("superadmin.checks.broken.description", "A check whose query always fails");
            config.put("superadmin.checks.broken.sql", "SELECT 1 / 0");
            config.put("superadmin.checks.broken.warning", "1");
            config.put("superadmin.checks.broken.interval", "1h");
            return config;
        }
    }

    @Inject
    ProbeScheduler probes;

    @TestHTTPResource("/")
    URL root;

    @BeforeEach
    void noActiveAdmin() {
        new AdminData(TestDatabase.current()).reset().activeAdmins(0);
        probes.runRound().await().atMost(Duration.ofSeconds(30));
    }

    @Test
    void everyCheckInTroubleLinksItsRunbookAndTheLinkOpensTheRenderedPage() throws IOException {
        try (HeadlessChromium chromium = openStatusPage()) {
            JsonNode status = json(given().get("/status").then().statusCode(200).extract().asString());
            JsonNode cards = chromium.evaluate("""
                    [...document.querySelectorAll('li.check')].map(c => ({
                      name: c.dataset.check, state: c.dataset.state,
                      links: [...c.querySelectorAll('.runbooks a')].map(a => ({ text: a.textContent, href: a.href }))
                    }))""");
            int inTrouble = 0;
            for (JsonNode check : status.path("targets").get(0).path("checks")) {
                JsonNode card = card(cards, check.path("name").asText());
                if (check.path("state").asText().equals("OK")) {
                    assertThat(card.path("links")).as("an OK check: %s", card).isEmpty();
                    continue;
                }
                inTrouble++;
                assertThat(card.path("links").get(0).path("href").asText()).as("%s", card)
                        .isEqualTo(base() + check.path("runbook").asText().substring(1));
            }
            assertThat(inTrouble).as("admin_users CRITICAL, broken UNKNOWN, always_warning WARNING").isEqualTo(3);
            assertThat(card(cards, "admin_users").path("links").findValuesAsText("text"))
                    .containsExactly("Runbook: SuperadminNoActiveAdmin");
            // an UNKNOWN check also leads to why a check is UNKNOWN
            assertThat(card(cards, "broken").path("links").findValuesAsText("href"))
                    .containsExactly(base() + "runbooks/SuperadminCheck", base() + "runbooks/SuperadminCheckUnknown");
            save(chromium, "status-page-runbook-link");

            follow(chromium, "admin_users", "/runbooks/SuperadminNoActiveAdmin");
            JsonNode page = chromium.evaluate("""
                    ({ title: document.title, h1: document.querySelector('h1').textContent,
                       sections: [...document.querySelectorAll('h2')].map(h => h.textContent),
                       code: document.querySelectorAll('pre code').length,
                       links: [...document.querySelectorAll('nav a')].map(a => a.href),
                       styled: getComputedStyle(document.querySelector('pre')).backgroundColor,
                       scroll: document.documentElement.scrollWidth, violations: window.violations })""");
            assertThat(page.path("title").asText()).isEqualTo("SuperadminNoActiveAdmin · superadmin-monitor runbooks");
            assertThat(page.path("h1").asText()).isEqualTo("SuperadminNoActiveAdmin");
            assertThat(page.path("sections").toString()).contains("Meaning", "Impact", "First look", "Fix", "Escalate when");
            assertThat(page.path("code").asInt()).as("code blocks").isGreaterThanOrEqualTo(3);
            assertThat(page.path("links").toString()).contains(base(), base() + "runbooks/README");
            // the pinned stylesheet applies: code blocks sit on their grey panel
            assertThat(page.path("styled").asText()).isEqualTo("rgb(244, 244, 244)");
            assertThat(page.path("scroll").asInt()).as("nothing scrolls sideways on a phone").isLessThanOrEqualTo(PHONE_WIDTH);
            assertNoViolation(page.path("violations"));
            save(chromium, "runbook-page");

            // its links to other runbooks open them too
            chromium.evaluate("setTimeout(() => document.querySelector('main a[href=\"EmergencyAdmin\"]').click(), 0)");
            awaitPage(chromium, "/runbooks/EmergencyAdmin");
            assertThat(chromium.evaluate("document.querySelector('h1').textContent").asText()).isEqualTo("EmergencyAdmin");
        }
    }

    @Test
    void aRunbookHoldingMarkupShowsItAsTextWithoutAPolicyViolation() {
        try (HeadlessChromium chromium = openStatusPage()) {
            follow(chromium, "always_warning", "/runbooks/HostileRunbook");
            JsonNode page = chromium.evaluate("""
                    ({ text: document.querySelector('main').innerText, title: document.title,
                       scripts: document.scripts.length, images: document.images.length,
                       svg: document.querySelectorAll('svg, b').length,
                       handlers: [...document.querySelectorAll('*')].flatMap(e => [...e.attributes].map(a => a.name))
                         .filter(name => name.startsWith('on')),
                       hrefs: [...document.querySelectorAll('a')].map(a => a.getAttribute('href')),
                       hacked: window.hacked === undefined ? null : window.hacked, violations: window.violations })""");
            assertThat(page.path("text").asText()).contains("Hostile <b>runbook</b>",
                    "<script>window.hacked = 'script';</script>", "<img src=x onerror=\"window.hacked = 'onerror'\">",
                    "<svg onload=\"window.hacked = 'svg'\">", "A link that would run", "a picture");
            assertThat(page.path("title").asText()).isEqualTo("Hostile <b>runbook</b> · superadmin-monitor runbooks");
            assertThat(page.path("scripts").asInt()).isZero();
            assertThat(page.path("images").asInt()).isZero();
            assertThat(page.path("svg").asInt()).as("elements made of the runbook's markup").isZero();
            assertThat(page.path("handlers")).isEmpty();
            assertThat(page.path("hrefs").toString()).doesNotContain("javascript");
            assertThat(page.path("hacked").isNull()).as("window.hacked").isTrue();
            assertNoViolation(page.path("violations"));
            save(chromium, "hostile-runbook");

            // the count is real: an inline script added to this page is refused, and counted
            chromium.evaluate("const s = document.createElement('script'); s.textContent = 'window.hacked = 1';"
                    + " document.body.append(s); 0");
            chromium.await("window.violations.length > 0", LOADED);
            assertThat(chromium.evaluate("window.violations[0]").asText()).startsWith("script-src");
            assertThat(chromium.evaluate("window.hacked === undefined").asBoolean()).isTrue();
        }
    }

    @Test
    void theReadmeShowsScreenshotsTheTestsMade() throws IOException {
        for (String name : new String[] { "status-page-runbook-link", "runbook-page" }) {
            Path committed = DOCS_IMAGES.resolve(name + ".png");
            assertThat(committed).as("made by this test with -D" + REGENERATE + "=true").exists();
            BufferedImage image = ImageIO.read(committed.toFile());
            assertThat(image.getWidth()).isEqualTo(PHONE_WIDTH);
            assertThat(Files.readString(Path.of("README.md"))).contains("](" + committed + ")");
        }
    }

    /** The status page on a phone, showing data, with every later document's violations counted. */
    private HeadlessChromium openStatusPage() {
        HeadlessChromium chromium = HeadlessChromium.start(ARTIFACTS);
        try {
            chromium.phoneViewport(PHONE_WIDTH, PHONE_HEIGHT);
            chromium.beforeEveryDocument(COUNT_VIOLATIONS);
            chromium.navigate(base());
            chromium.await("document.body && document.body.dataset.fetch === 'ok'", LOADED);
            assertNoViolation(chromium.evaluate("window.violations"));
            return chromium;
        } catch (RuntimeException e) {
            chromium.close();
            throw e;
        }
    }

    /** None counted, by a counter that is there (an undefined one would read as none). */
    private static void assertNoViolation(JsonNode violations) {
        assertThat(violations.isArray()).as("the violations counter in the page: %s", violations).isTrue();
        assertThat(violations).as("Content-Security-Policy violations").isEmpty();
    }

    /** Clicks the runbook link of a check's card, as a person would, and waits for the runbook's page. */
    private static void follow(HeadlessChromium chromium, String check, String path) {
        chromium.evaluate("setTimeout(() => document.querySelector('li.check[data-check=\"" + check
                + "\"] .runbooks a').click(), 0)");
        awaitPage(chromium, path);
    }

    /** Waits for a page at {@code path} to be loaded; while the old one goes, the browser may not answer. */
    private static void awaitPage(HeadlessChromium chromium, String path) {
        long deadline = System.nanoTime() + LOADED.toNanos();
        while (true) {
            try {
                if (chromium.evaluate("location.pathname === '" + path + "' && document.readyState === 'complete'")
                        .asBoolean(false)) {
                    return;
                }
            } catch (IllegalStateException e) {
                // the old document went away under the question
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no page at " + path + " after " + LOADED);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private String base() {
        return "http://127.0.0.1:" + root.getPort() + "/";
    }

    private static JsonNode card(JsonNode cards, String name) {
        for (JsonNode card : cards) {
            if (card.path("name").asText().equals(name)) {
                return card;
            }
        }
        throw new AssertionError("no card of " + name + " in " + cards);
    }

    private static JsonNode json(String body) {
        try {
            return new ObjectMapper().readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The screenshot in target/, and in docs/images/ when the README's are to be made anew. */
    private static void save(HeadlessChromium chromium, String name) {
        try {
            byte[] png = chromium.screenshot();
            assertThat(ImageIO.read(new ByteArrayInputStream(png)).getWidth()).isEqualTo(PHONE_WIDTH);
            Files.write(ARTIFACTS.resolve(name + ".png"), png);
            if (Boolean.getBoolean(REGENERATE) && !name.equals("hostile-runbook")) {
                Files.write(Files.createDirectories(DOCS_IMAGES).resolve(name + ".png"), png);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
