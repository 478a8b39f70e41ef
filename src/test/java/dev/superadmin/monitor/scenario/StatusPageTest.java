package dev.superadmin.monitor.scenario;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Base64;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import jakarta.inject.Inject;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.superadmin.monitor.check.State;
import dev.superadmin.monitor.probe.ProbeScheduler;
import dev.superadmin.monitor.testing.AdminData;
import dev.superadmin.monitor.testing.HeadlessChromium;
import dev.superadmin.monitor.testing.ManualProbesProfile;
import dev.superadmin.monitor.testing.TestDatabase;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The status page at / in a real browser, on a phone-sized screen, over a real database: what it says is what
 * /status says at that moment, and its colours are those of exactly the states /status reports. Screenshots and the
 * DOM are kept in {@code target/status-page/}.
 */
@QuarkusTest
@TestProfile(StatusPageTest.Profile.class)
class StatusPageTest {

    /** The seed checks plus one that fails (division by zero) while there are no products, with markup in its description. */
    public static class Profile extends ManualProbesProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(super.getConfigOverrides());
            config.put("superadmin.checks.images_per_product.description", DESCRIPTION);
            config.put("superadmin.checks.images_per_product.sql",
                    "SELECT count(*) / (SELECT count(*) FROM public.products) FROM public.product_images");
            config.put("superadmin.checks.images_per_product.warning", "10");
            config.put("superadmin.checks.images_per_product.unit", "images");
            config.put("superadmin.checks.images_per_product.interval", "1h");
            return config;
        }
    }

    static final String MARKUP = "<img src=x onerror=alert(1)>";
    /** Markup, and a word with no break in it far wider than a phone: it must wrap, not widen the page. */
    static final String DESCRIPTION = MARKUP + " per product, counted in public.product_images_with_a_name_wider_than_any_phone";
    static final Path ARTIFACTS = Path.of("target", "status-page");
    /**
     * Made by {@link #theStripShowsEachStateInOrderAndTheSinceTextSaysSinceWhen}, shown in the README: written there
     * with {@code -Dreadme.screenshots=true} (as RunbookPagesTest's), into target/status-page/ always.
     */
    static final Path README_SCREENSHOT = Path.of("docs", "images", "status-page.png");
    static final int PHONE_WIDTH = 412;
    static final int PHONE_HEIGHT = 2600;
    static final int SMALL_PHONE_WIDTH = 360;
    /** A badge alone is over 1,000 pixels of its colour. */
    static final int PRESENT_PIXELS = 500;
    /**
     * Per channel. Under 18, half the distance between UNKNOWN's blue-grey (blue 36 above red) and any neutral grey, so
     * anti-aliased text never passes for UNKNOWN; at 30, it does.
     */
    static final int COLOUR_TOLERANCE = 12;
    static final Duration RENDERED = Duration.ofSeconds(15);
    /** Two refresh periods of 5 s: the page refreshes by itself. */
    static final Duration REFRESHED = Duration.ofSeconds(12);
    static final ObjectMapper JSON = new ObjectMapper();

    /** What a person sees of the page, read from its DOM. */
    static final String READ_PAGE = """
            (() => {
              const text = (node, selector) => node.querySelector(selector) ? node.querySelector(selector).textContent : null;
              return {
                overall: text(document, '#overall-state'),
                overallClass: document.getElementById('overall').className,
                title: document.title,
                refreshed: text(document, '#refreshed'),
                problem: document.getElementById('problem').hidden ? null : text(document, '#problem'),
                images: document.querySelectorAll('img').length,
                targets: [...document.querySelectorAll('section.target')].map(t => ({
                  name: text(t, 'h2'),
                  state: text(t, '.target-head .badge'),
                  database: text(t, '.database'),
                  checks: [...t.querySelectorAll('li.check')].map(c => ({
                    name: text(c, 'h3'),
                    state: text(c, '.badge'),
                    description: text(c, '.description'),
                    value: text(c, '.value'),
                    exactValue: c.querySelector('.value').title,
                    thresholds: text(c, '.thresholds'),
                    age: text(c, '.age'),
                    error: text(c, '.error'),
                    held: text(c, '.held'),
                    visible: c.checkVisibility()
                  }))
                }))
              };
            })()""";

    @Inject
    ProbeScheduler probes;

    @TestHTTPResource("/")
    URL root;

    AdminData data;

    @BeforeEach
    void resetData() {
        data = new AdminData(TestDatabase.current()).reset();
    }

    @Test
    void everyStateTheServiceReportsIsOnThePageInItsColour() {
        // admin_users CRITICAL, failed_logins WARNING, images_per_product UNKNOWN (no products), the others OK
        data.activeAdmins(0).failedLogins(12);
        runRound();

        try (HeadlessChromium chromium = openPage()) {
            JsonNode status = status();
            assertThat(reportedStates(status)).containsExactlyInAnyOrder(State.values());
            JsonNode page = chromium.evaluate(READ_PAGE);
            assertPageShows(page, status);
            assertThat(check(page, "images_per_product").path("error").asText())
                    .startsWith("sql: division by zero");
            assertThat(check(page, "images_per_product").path("age").asText()).isEqualTo("never measured");
            assertColoursOf(reportedStates(status), chromium, "all-states");
            assertNoHorizontalScroll(chromium);
        }
    }

    @Test
    void aStateNotReportedLeavesNoTraceOfItsColour() {
        // everything OK but failed_logins: no CRITICAL, no UNKNOWN anywhere, not even in the overall banner
        data.failedLogins(12).orphanedImages(0);
        runRound();

        try (HeadlessChromium chromium = openPage()) {
            JsonNode status = status();
            assertThat(reportedStates(status)).containsExactlyInAnyOrder(State.OK, State.WARNING);
            assertPageShows(chromium.evaluate(READ_PAGE), status);
            assertColoursOf(reportedStates(status), chromium, "ok-and-warning");
        }
    }

    @Test
    void valuesAndThresholdsAreReadable() {
        data.failedLogins(14).activeAdmins(0);
        runRound();

        try (HeadlessChromium chromium = openPage()) {
            JsonNode page = chromium.evaluate(READ_PAGE);
            assertThat(check(page, "failed_logins").path("value").asText()).isEqualTo("14 events");
            assertThat(check(page, "failed_logins").path("thresholds").asText()).isEqualTo("warning > 10 events · critical > 25 events");
            assertThat(check(page, "admin_users").path("thresholds").asText()).isEqualTo("critical < 1 users");
            assertThat(check(page, "database_size").path("thresholds").asText()).isEqualTo("warning > 1 GiB · critical > 5 GiB");
            // bytes in binary units ("7.7 MiB"), the exact count on hover
            long size = check(status(), "database_size").path("value").asLong();
            Matcher mebibytes = Pattern.compile("(\\d+(?:\\.\\d)?) MiB").matcher(check(page, "database_size").path("value").asText());
            assertThat(mebibytes.matches()).as("database size shown in MiB: %s", check(page, "database_size")).isTrue();
            assertThat(Double.parseDouble(mebibytes.group(1))).isCloseTo(size / 1048576.0, Offset.offset(0.051));
            assertThat(check(page, "database_size").path("exactValue").asText()).isEqualTo(size + " bytes");
            // checks in trouble first: what the person on call needs is at the top of a phone's screen
            assertThat(page.path("targets").get(0).path("checks").findValuesAsText("name"))
                    .startsWith("admin_users", "images_per_product", "failed_logins");
        }
    }

    @Test
    void markupFromConfigurationIsShownAsText() {
        try (HeadlessChromium chromium = openPage()) {
            JsonNode page = chromium.evaluate(READ_PAGE);
            assertThat(check(page, "images_per_product").path("description").asText()).isEqualTo(DESCRIPTION);
            assertThat(page.path("images").asInt()).as("elements made from a description").isZero();
        }
    }

    @Test
    void unreachableStatusKeepsTheLastDataMarkedStaleAndTheNextRefreshRecovers() {
        runRound(); // UNKNOWN: images_per_product without products

        try (HeadlessChromium chromium = openPage()) {
            chromium.offline(true);
            chromium.await("document.body.dataset.fetch === 'failed'", REFRESHED);
            JsonNode page = chromium.evaluate(READ_PAGE);
            assertThat(page.path("problem").asText()).startsWith("Cannot reach /status").contains("Showing the last data, from");
            assertThat(page.path("refreshed").asText()).startsWith("Stale: last refreshed");
            assertThat(page.path("title").asText()).isEqualTo("(stale) UNKNOWN · superadmin-monitor");
            assertThat(page.path("targets").get(0).path("checks")).hasSize(7);
            screenshot(chromium, "stale");

            // the database changes while the phone is offline; back online, the page refreshes by itself
            data.activeAdmins(0);
            runRound();
            chromium.offline(false);
            chromium.await("document.body.dataset.fetch === 'ok'", REFRESHED);
            page = chromium.evaluate(READ_PAGE);
            assertThat(page.path("problem").isNull()).isTrue();
            assertPageShows(page, status());
        }
    }

    /**
     * failed_logins driven OK, WARNING, CRITICAL, OK, WARNING 1.5 s apart: its strip shows each state of its history
     * in order, each as wide as it lasted and in its colour; a tap on a segment says its state, times and value; the
     * since text says the state, for how long, since when and the state before. The screenshot of this page is the
     * README's.
     */
    @Test
    void theStripShowsEachStateInOrderAndTheSinceTextSaysSinceWhen() throws Exception {
        data.activeAdmins(0).failedLogins(0);
        runRound();
        pause();
        for (int count : new int[] { 12, 30, 0, 14 }) {
            data.failedLogins(count);
            runRound();
            pause();
        }
        JsonNode check = check(status(), "failed_logins");
        JsonNode history = history("failed_logins");
        assertThat(history.path("changes").findValuesAsText("state")).endsWith("OK", "WARNING", "CRITICAL", "OK", "WARNING");

        try (HeadlessChromium chromium = openPage()) {
            chromium.await("document.body.dataset.histories === 'ok' && !!document.querySelector('li.check[data-check=failed_logins]"
                    + " .strip[data-segments]')", RENDERED);
            JsonNode strip = chromium.evaluate(READ_STRIP.replace("CHECK", "failed_logins"));
            List<String> states = history.path("changes").findValuesAsText("state");
            assertThat(strip.path("segments").findValuesAsText("state")).as("segments of %s", strip).isEqualTo(states);
            // each as wide as its share of the time since the service started
            double window = strip.path("to").asDouble() - strip.path("from").asDouble();
            assertThat(strip.path("from").asLong()).as("the strip starts at the service's start")
                    .isEqualTo(Instant.parse(status().path("startedAt").asText()).toEpochMilli());
            for (int i = 1; i < states.size() - 1; i++) {
                double lasted = at(history, i + 1) - at(history, i);
                assertThat(strip.path("segments").get(i).path("width").asDouble())
                        .as("width of segment %d (%s ms of %s)", i, lasted, window)
                        .isCloseTo(lasted / window * strip.path("width").asDouble(), Offset.offset(2.0));
            }

            // in its colour, in the picture
            BufferedImage image = screenshot(chromium, "strip");
            for (JsonNode segment : strip.path("segments")) {
                if (segment.path("width").asDouble() >= 4) {
                    int[] colour = rgb(chromium.evaluate("getComputedStyle(document.documentElement).getPropertyValue('--"
                            + segment.path("state").asText().toLowerCase() + "')").asText());
                    int x = (int) (segment.path("left").asDouble() + segment.path("width").asDouble() / 2);
                    assertThat(count(image, colour, x, segment.path("top").asInt() + 4, 1, 1)).as("colour in the middle of %s", segment)
                            .isOne();
                }
            }

            // a tap on the CRITICAL segment says what it was
            JsonNode tapped = chromium.evaluate("""
                    (() => {
                      const card = document.querySelector('li.check[data-check=failed_logins]');
                      const segments = [...card.querySelectorAll('.strip span')];
                      const critical = segments.findLastIndex(s => s.dataset.state === 'CRITICAL');
                      segments[critical].dispatchEvent(new MouseEvent('click', { bubbles: true }));
                      return { detail: card.querySelector('.strip-detail').textContent, title: segments[critical - 1].title };
                    })()""");
            assertThat(tapped.path("detail").asText()).matches("CRITICAL \\d\\d:\\d\\d–\\d\\d:\\d\\d \\(\\d s\\): 30 events");
            assertThat(tapped.path("title").asText()).as("on hover").matches("WARNING \\d\\d:\\d\\d–\\d\\d:\\d\\d \\(\\d s\\): 12 events");

            String since = LocalTime.ofInstant(Instant.parse(check.path("since").asText()), ZoneId.systemDefault())
                    .format(DateTimeFormatter.ofPattern("HH:mm"));
            assertThat(strip.path("since").asText()).matches("WARNING for \\d+ s, since " + since + " \\(before: OK\\)");
            assertThat(chromium.evaluate("document.getElementById('history-note').textContent").asText())
                    .startsWith("History kept since ").contains("when the service started");
            readmeScreenshot(chromium);
        }
    }

    /** Worst first: by state, then the longest in it; a check that has just become WARNING comes after one that has been for longer. */
    @Test
    void checksOfOneStateComeLongestInItFirst() {
        data.failedLogins(12);
        runRound();
        data.orphanedImages(2);
        runRound(); // failed_logins WARNING before orphaned_images
        try (HeadlessChromium chromium = openPage()) {
            assertThat(warnings(chromium)).containsExactly("failed_logins", "orphaned_images");
        }
        data.failedLogins(0);
        runRound();
        data.failedLogins(12);
        runRound(); // now orphaned_images has been WARNING longer
        try (HeadlessChromium chromium = openPage()) {
            assertThat(warnings(chromium)).containsExactly("orphaned_images", "failed_logins");
        }
    }

    private static List<String> warnings(HeadlessChromium chromium) {
        JsonNode names = chromium.evaluate("[...document.querySelectorAll('li.check[data-state=WARNING]')].map(c => c.dataset.check)");
        List<String> list = new ArrayList<>();
        names.forEach(name -> list.add(name.asText()));
        return list;
    }

    /** The strip of one check: its segments (state and box), its span in the service's time, and the check's since text. */
    static final String READ_STRIP = """
            (() => {
              const card = document.querySelector('li.check[data-check=CHECK]');
              const strip = card.querySelector('.strip');
              const box = strip.getBoundingClientRect();
              return {
                width: box.width,
                from: Number(strip.dataset.from),
                to: Number(strip.dataset.to),
                since: card.querySelector('.since').textContent,
                segments: [...strip.children].map(s => {
                  const b = s.getBoundingClientRect();
                  return { state: s.dataset.state, left: b.left, top: b.top, width: b.width, title: s.title };
                })
              };
            })()""";

    /** The README's picture of the page: the top of the phone's screen, down to the end of failed_logins' card. */
    private static void readmeScreenshot(HeadlessChromium chromium) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(chromium.screenshot()));
        int height = Math.min(image.getHeight(), chromium.evaluate(
                "Math.ceil(document.querySelector('li.check[data-check=failed_logins]').getBoundingClientRect().bottom) + 12").asInt());
        BufferedImage top = image.getSubimage(0, 0, image.getWidth(), height);
        ImageIO.write(top, "png", ARTIFACTS.resolve("readme-status-page.png").toFile());
        if (Boolean.getBoolean(RunbookPagesTest.REGENERATE)) {
            ImageIO.write(top, "png", Files.createDirectories(README_SCREENSHOT.getParent()).resolve("status-page.png").toFile());
        }
    }

    /** Long enough for a state to be a few pixels of the strip. */
    private static void pause() throws InterruptedException {
        Thread.sleep(1500);
    }

    private static double at(JsonNode history, int change) {
        return Instant.parse(history.path("changes").get(change).path("at").asText()).toEpochMilli();
    }

    private static JsonNode history(String check) {
        try {
            return JSON.readTree(given().get("/status/" + check + "/history").then().statusCode(200).extract().asString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void theRootServesThePageAndOtherUnknownPathsStayJson404() {
        given().get("/").then()
                .statusCode(200)
                .contentType(startsWith("text/html"))
                // never "immutable": an upgraded page must replace the old one at the next load
                .header("Cache-Control", nullValue())
                .body(containsString("<meta name=\"viewport\""));
        for (String path : new String[] { "/favicon.ico", "/index.htm", "/status.html" }) {
            given().get(path).then()
                    .statusCode(404)
                    .contentType("application/json")
                    .body("error", equalTo("not_found"));
        }
    }

    @Test
    void theContentSecurityPolicyPinsTheInlineStyleAndScript() {
        String html = given().get("/").then().statusCode(200).extract().asString();
        String policy = between(html, "http-equiv=\"Content-Security-Policy\" content=\"", "\"");
        // an edit to the style or the script needs its new hash here, or the browser refuses to apply it
        assertThat(policy)
                .contains("style-src '" + sha256(between(html, "<style>", "</style>")) + "'")
                .contains("script-src '" + sha256(between(html, "<script>", "</script>")) + "'")
                .contains("default-src 'none'", "connect-src 'self'");
    }

    /** The page, loaded into a phone-sized screen, once it has shown data from /status. */
    private HeadlessChromium openPage() {
        HeadlessChromium chromium = HeadlessChromium.start(ARTIFACTS);
        try {
            chromium.phoneViewport(PHONE_WIDTH, PHONE_HEIGHT);
            chromium.navigate("http://127.0.0.1:" + root.getPort() + "/");
            chromium.await("document.body && document.body.dataset.fetch === 'ok'", RENDERED);
            return chromium;
        } catch (RuntimeException e) {
            chromium.close();
            throw e;
        }
    }

    /** The overall state, every target and every check as /status reports them. */
    private static void assertPageShows(JsonNode page, JsonNode status) {
        String overall = status.path("state").asText();
        assertThat(page.path("overall").asText()).isEqualTo(overall);
        assertThat(page.path("overallClass").asText()).isEqualTo("state-" + overall);
        assertThat(page.path("title").asText()).isEqualTo(overall + " · superadmin-monitor");
        assertThat(page.path("refreshed").asText()).startsWith("Refreshed ");
        assertThat(page.path("problem").isNull()).isTrue();
        assertThat(page.path("targets")).hasSameSizeAs(status.path("targets"));
        for (int t = 0; t < status.path("targets").size(); t++) {
            JsonNode target = status.path("targets").get(t);
            JsonNode shown = page.path("targets").get(t);
            assertThat(shown.path("name").asText()).isEqualTo(target.path("target").asText());
            assertThat(shown.path("state").asText()).isEqualTo(target.path("state").asText());
            assertThat(shown.path("database").asText()).isEqualTo(target.path("database").path("up").asBoolean() ? "database up" : "database DOWN");
            assertThat(shown.path("checks").findValuesAsText("name"))
                    .containsExactlyInAnyOrderElementsOf(target.path("checks").findValuesAsText("name"));
            for (JsonNode check : target.path("checks")) {
                JsonNode card = check(shown, check.path("name").asText());
                assertThat(card.path("visible").asBoolean()).as("%s visible", card).isTrue();
                assertThat(card.path("state").asText()).as("state of %s", card).isEqualTo(check.path("state").asText());
                assertThat(card.path("description").asText()).isEqualTo(check.path("description").asText());
                JsonNode value = check.path("value");
                if (value.isNull()) {
                    assertThat(card.path("value").asText()).isEqualTo("no value");
                } else {
                    assertThat(card.path("exactValue").asText()).isEqualTo(value.asText() + " " + check.path("unit").asText());
                    if (!check.path("unit").asText().equals("bytes")) {
                        assertThat(card.path("value").asText()).isEqualTo(value.asText() + " " + check.path("unit").asText());
                    }
                }
                if (check.path("measuredAt").isNull()) {
                    assertThat(card.path("age").asText()).isEqualTo("never measured");
                } else {
                    assertThat(card.path("age").asText()).matches("measured \\d+ s ago");
                }
                String sign = check.path("direction").asText().equals("below") ? "<" : ">";
                for (String level : new String[] { "warning", "critical" }) {
                    if (check.path(level).isNull()) {
                        assertThat(card.path("thresholds").asText()).doesNotContain(level);
                    } else {
                        assertThat(card.path("thresholds").asText()).contains(level + " " + sign + " ");
                    }
                }
                assertThat(card.path("held").isNull()).as("%s not held", card).isEqualTo(!check.path("held").asBoolean());
                JsonNode error = check.path("lastError");
                assertThat(card.path("error").asText(null)).isEqualTo(error.isNull() ? null
                        : error.path("reason").asText() + ": " + error.path("message").asText());
            }
        }
    }

    /**
     * In a screenshot, counts the pixels of each state's colour (as the page's stylesheet defines it) outside the
     * strips, which show past states: hundreds for each reported state, none for the others. And each state word (the overall banner, every badge) is drawn on
     * its own state's colour.
     */
    private static void assertColoursOf(Set<State> reported, HeadlessChromium chromium, String name) {
        Map<State, int[]> colours = new EnumMap<>(State.class);
        for (State state : State.values()) {
            colours.put(state, rgb(chromium.evaluate("getComputedStyle(document.documentElement).getPropertyValue('--"
                    + state.name().toLowerCase() + "')").asText()));
        }
        BufferedImage image = screenshot(chromium, name);
        assertThat(image.getWidth()).isEqualTo(PHONE_WIDTH);
        JsonNode strips = chromium.evaluate("[...document.querySelectorAll('.strip')].map(s => { const b = s.getBoundingClientRect();"
                + " return { x: Math.floor(b.left), y: Math.floor(b.top), width: Math.ceil(b.width) + 1, height: Math.ceil(b.height) + 1 }; })");
        assertThat(strips).as("a strip per check").isNotEmpty();
        for (JsonNode strip : strips) {
            for (int y = strip.path("y").asInt(); y < Math.min(image.getHeight(), strip.path("y").asInt() + strip.path("height").asInt()); y++) {
                for (int x = strip.path("x").asInt(); x < Math.min(image.getWidth(), strip.path("x").asInt() + strip.path("width").asInt()); x++) {
                    image.setRGB(x, y, 0xffffff);
                }
            }
        }
        Map<State, Integer> counts = new EnumMap<>(State.class);
        for (State state : State.values()) {
            counts.put(state, count(image, colours.get(state), 0, 0, image.getWidth(), image.getHeight()));
        }
        for (State state : State.values()) {
            if (reported.contains(state)) {
                assertThat(counts.get(state)).as("pixels of %s's colour in %s.png: %s", state, name, counts)
                        .isGreaterThanOrEqualTo(PRESENT_PIXELS);
            } else {
                assertThat(counts.get(state)).as("pixels of %s's colour in %s.png: %s", state, name, counts).isZero();
            }
        }
        JsonNode words = chromium.evaluate("""
                [document.getElementById('overall'), ...document.querySelectorAll('.badge')].map(node => {
                  const box = node.getBoundingClientRect();
                  return { state: node.id === 'overall' ? document.getElementById('overall-state').textContent : node.textContent,
                           x: Math.ceil(box.left), y: Math.ceil(box.top), width: Math.floor(box.width), height: Math.floor(box.height) };
                })""");
        for (JsonNode word : words) {
            int area = word.path("width").asInt() * word.path("height").asInt();
            int painted = count(image, colours.get(State.valueOf(word.path("state").asText())),
                    word.path("x").asInt(), word.path("y").asInt(), word.path("width").asInt(), word.path("height").asInt());
            assertThat(painted).as("pixels of its colour behind %s in %s.png", word, name).isGreaterThan(area / 2);
        }
    }

    private static int count(BufferedImage image, int[] rgb, int left, int top, int width, int height) {
        int count = 0;
        for (int y = top; y < top + height; y++) {
            for (int x = left; x < left + width; x++) {
                int pixel = image.getRGB(x, y);
                if (Math.abs(((pixel >> 16) & 0xff) - rgb[0]) <= COLOUR_TOLERANCE
                        && Math.abs(((pixel >> 8) & 0xff) - rgb[1]) <= COLOUR_TOLERANCE
                        && Math.abs((pixel & 0xff) - rgb[2]) <= COLOUR_TOLERANCE) {
                    count++;
                }
            }
        }
        return count;
    }

    /** The page fits the phone: nothing to scroll sideways at 412 or 360 px, nothing cut off below the screenshot. */
    private static void assertNoHorizontalScroll(HeadlessChromium chromium) {
        for (int width : new int[] { PHONE_WIDTH, SMALL_PHONE_WIDTH }) {
            chromium.phoneViewport(width, PHONE_HEIGHT);
            JsonNode size = chromium.evaluate("({ inner: innerWidth, scroll: document.documentElement.scrollWidth,"
                    + " height: document.documentElement.scrollHeight })");
            assertThat(size.path("inner").asInt()).as("layout width").isEqualTo(width);
            assertThat(size.path("scroll").asInt()).as("scroll width at %d px", width).isLessThanOrEqualTo(width);
            assertThat(size.path("height").asInt()).as("page height at %d px", width).isLessThanOrEqualTo(PHONE_HEIGHT);
        }
        screenshot(chromium, "small-phone");
    }

    private static BufferedImage screenshot(HeadlessChromium chromium, String name) {
        try {
            byte[] png = chromium.screenshot();
            Files.write(ARTIFACTS.resolve(name + ".png"), png);
            Files.writeString(ARTIFACTS.resolve(name + ".html"), chromium.evaluate("document.documentElement.outerHTML").asText());
            return ImageIO.read(new ByteArrayInputStream(png));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int[] rgb(String hex) {
        String digits = hex.trim().substring(1);
        int value = Integer.parseInt(digits, 16);
        return new int[] { (value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff };
    }

    private static Set<State> reportedStates(JsonNode status) {
        Set<State> states = EnumSet.noneOf(State.class);
        states.add(State.valueOf(status.path("state").asText()));
        for (JsonNode target : status.path("targets")) {
            states.add(State.valueOf(target.path("state").asText()));
            target.path("checks").forEach(check -> states.add(State.valueOf(check.path("state").asText())));
        }
        return states;
    }

    private static JsonNode check(JsonNode pageOrTarget, String name) {
        for (JsonNode check : pageOrTarget.findValue("checks")) {
            if (check.path("name").asText().equals(name)) {
                return check;
            }
        }
        throw new AssertionError("no check " + name + " on the page: " + pageOrTarget);
    }

    private static JsonNode status() {
        try {
            return JSON.readTree(given().get("/status").then().statusCode(200).extract().asString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String between(String text, String start, String end) {
        int from = text.indexOf(start) + start.length();
        return text.substring(from, text.indexOf(end, from));
    }

    private static String sha256(String text) {
        try {
            return "sha256-" + Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void runRound() {
        probes.runRound().await().atMost(Duration.ofSeconds(30));
    }
}
