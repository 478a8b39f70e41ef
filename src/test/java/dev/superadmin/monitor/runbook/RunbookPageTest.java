package dev.superadmin.monitor.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The runbooks as the service renders them, without the service: every file of deploy/runbooks is served, the links
 * between them land on pages and headings that exist, and Markdown cannot put markup, script or a dangerous URL into
 * a page. The browser's view of the same is RunbookPagesTest.
 */
class RunbookPageTest {

    private static final Path SOURCE = Path.of("deploy/runbooks");
    private static final Pattern HREF = Pattern.compile("<a [^>]*href=\"([^\"]*)\"");
    /** Every start tag, with its attributes. */
    private static final Pattern TAG = Pattern.compile("<([a-zA-Z0-9]+)([^>]*)>");
    private static final Pattern ID = Pattern.compile(" id=\"([^\"]+)\"");

    private final Runbooks runbooks = Runbooks.shipped();

    @Test
    void everyFileOfTheRunbooksFolderIsServedUnderItsName() throws IOException {
        try (Stream<Path> files = Files.list(SOURCE)) {
            Set<String> names = new TreeSet<>(files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".md")).map(name -> name.substring(0, name.length() - 3)).toList());
            assertThat(runbooks.names()).as("the index links every runbook in %s", SOURCE).isEqualTo(names);
        }
        assertThat(runbooks.faults()).isEmpty();
    }

    @Test
    void everyLinkBetweenRunbooksLandsOnAPageAndAHeadingThatExist() {
        int links = 0;
        for (String name : runbooks.names()) {
            Matcher href = HREF.matcher(runbooks.page(name).orElseThrow().html());
            while (href.find()) {
                String target = href.group(1);
                if (target.startsWith("http") || target.equals("../")) {
                    continue;
                }
                String page = target.startsWith("#") ? name : target.replaceFirst("#.*", "");
                assertThat(runbooks.contains(page)).as("%s links %s", name, target).isTrue();
                if (target.contains("#")) {
                    assertThat(ids(runbooks.page(page).orElseThrow().html())).as("%s links %s", name, target)
                            .contains(target.substring(target.indexOf('#') + 1));
                }
                links++;
            }
        }
        assertThat(links).as("links between runbooks").isGreaterThan(100);
    }

    @Test
    void markupInARunbookIsShownAsTextAndUnsafeUrlsAreDropped() {
        String markdown = """
                # Hostile <img src=x onerror=alert(1)>

                <script>alert(1)</script>

                Inline <img src=x onerror=alert(2)> and <a href="javascript:alert(3)">a link</a>.

                [click](javascript:alert(4)) ![picture](https://example.com/x.png) [docs](../../docs/checks.md#x)
                [index](README.md#before-you-start) [elsewhere](https://example.com/runbook)
                """;
        Runbook runbook = RunbookPage.render("Hostile", markdown, Set.of("Hostile", "README"));
        String html = runbook.html();
        String body = html.substring(html.indexOf("<main>"));

        assertThat(body).doesNotContain("<script", "<img", "href=\"javascript", "x.png", "docs/checks.md")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src=x onerror=alert(2)&gt;",
                        "&lt;a href=&quot;javascript:alert(3)&quot;&gt;")
                .contains("<a rel=\"nofollow\" href=\"README#before-you-start\">index</a>",
                        "<a rel=\"nofollow\" href=\"https://example.com/runbook\">elsewhere</a>")
                .contains("click picture docs");
        // no attribute but the link's target, its rel and the headings' ids came out of the Markdown
        Matcher tag = TAG.matcher(body);
        while (tag.find()) {
            assertThat(tag.group(2).replaceAll(" (href|rel|id)=\"[^\"]*\"", "")).as(tag.group()).isEmpty();
        }
        assertThat(runbook.title()).isEqualTo("Hostile <img src=x onerror=alert(1)>");
        assertThat(html).contains("<title>Hostile &lt;img src=x onerror=alert(1)&gt; · superadmin-monitor runbooks</title>");
        // the only element that runs or loads anything is the style the policy pins
        assertThat(html).doesNotContain("<script").containsOnlyOnce("<style>");
    }

    @Test
    void thePolicyPinsThePagesOnlyStyleAndAllowsNoScript() throws Exception {
        String html = runbooks.page("SuperadminCheck").orElseThrow().html();
        String style = html.substring(html.indexOf("<style>") + 7, html.indexOf("</style>"));
        String hash = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(style.getBytes(StandardCharsets.UTF_8)));

        assertThat(RunbookPage.POLICY).isEqualTo("default-src 'none'; img-src data:; style-src 'sha256-" + hash
                + "'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
    }

    @Test
    void aPageIsTitledByItsHeadingAndLeadsBackToTheStatusPageAndTheIndex() {
        Runbook runbook = runbooks.page("SuperadminNoActiveAdmin").orElseThrow();

        assertThat(runbook.title()).isEqualTo("SuperadminNoActiveAdmin");
        assertThat(runbook.html()).contains("<nav><a href=\"../\">Status page</a><a href=\"README\">All runbooks</a></nav>")
                .contains("<h2 id=\"fix\">Fix</h2>");
    }

    @Test
    void onlyTheExactPathOfARunbookIsOne() {
        assertThat(runbooks.isPage("/runbooks/SuperadminCheck")).isTrue();
        assertThat(runbooks.isPage("/runbooks/README")).isTrue();
        for (String path : new String[] { "/runbooks/", "/runbooks", "/runbooks/SuperadminCheck/", "/runbooks/SuperadminCheck.md",
                "/runbooks/%53uperadminCheck", "/runbooks/superadmincheck", "/runbooks/README/../../status", "//runbooks/README",
                "/runbooks/README;x", "/x/runbooks/README" }) {
            assertThat(runbooks.isPage(path)).as(path).isFalse();
        }
    }

    private static Set<String> ids(String html) {
        Set<String> ids = new TreeSet<>();
        Matcher id = ID.matcher(html);
        while (id.find()) {
            ids.add(id.group(1));
        }
        return ids;
    }
}
