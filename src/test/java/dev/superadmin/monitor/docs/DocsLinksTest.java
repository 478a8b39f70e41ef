package dev.superadmin.monitor.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The README is a doorway to the pages under {@code docs/}, {@code bench/} and {@code deploy/}: every relative link
 * of those Markdown pages leads to a file or folder that exists, and every {@code #anchor} to a heading of its page
 * as GitHub names it. The README stays small.
 */
class DocsLinksTest {

    static final int README_MAX_BYTES = 15_000;

    private static final Path README = Path.of("README.md");
    private static final Path DOCS = Path.of("docs");
    private static final List<Path> TREES = List.of(Path.of("bench"), Path.of("deploy"));

    /** {@code [text](target)} and {@code ![alt](target)}, with an optional title. */
    private static final Pattern LINK = Pattern.compile("\\[(?:[^\\[\\]]|\\[[^\\[\\]]*\\])*\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    private static final Pattern CODE_SPAN = Pattern.compile("(`+)(.+?)\\1");
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");
    private static final Pattern FENCE = Pattern.compile("^\\s{0,3}(`{3,}|~{3,})");
    private static final Pattern HEADING = Pattern.compile("^\\s{0,3}#{1,6}\\s+(.*?)(?:\\s+#+)?\\s*$");
    private static final Pattern HTML_ANCHOR = Pattern.compile("<a\\s+(?:name|id)=\"([^\"]+)\"");
    /** What GitHub drops from a heading's text to make its anchor: all but letters, marks, digits, {@code _}, space, {@code -}. */
    private static final Pattern NOT_IN_ANCHOR = Pattern.compile("[^\\p{L}\\p{M}\\p{N}\\p{Pc} -]");

    @Test
    void everyRelativeLinkLeadsToAFileAndEveryAnchorToAHeading() throws IOException {
        List<String> broken = new ArrayList<>();
        List<Path> pages = pages();
        assertThat(pages).contains(README).hasSizeGreaterThan(10);
        for (Path page : pages) {
            broken.addAll(brokenLinks(page));
        }
        assertThat(broken).as("broken links (file:line: target: why)%n  %s", String.join("\n  ", broken)).isEmpty();
    }

    @Test
    void theReadmeIsADoorwayOfAtMost15000BytesThatLinksEveryDocsPage() throws IOException {
        assertThat(Files.size(README)).as("bytes of README.md").isLessThanOrEqualTo(README_MAX_BYTES);
        Set<String> targets = new LinkedHashSet<>();
        for (Link link : links(README)) {
            targets.add(link.target().replaceFirst("#.*", ""));
        }
        try (Stream<Path> docs = Files.list(DOCS)) {
            assertThat(docs.filter(DocsLinksTest::isMarkdown).map(page -> "docs/" + page.getFileName()))
                    .isNotEmpty()
                    .allSatisfy(page -> assertThat(targets).as("README links %s", page).contains(page));
        }
    }

    @Test
    void aBrokenLinkOrAnchorIsReportedWithItsFileAndLine(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path page = dir.resolve("page.md");
        Files.writeString(dir.resolve("other.md"), "# Other page\n\n## Several databases\n\n## Several databases\n");
        Files.writeString(page, String.join("\n",
                "# Page",
                "[fine](other.md#several-databases) [second of two](other.md#several-databases-1)",
                "[missing file](nowhere.md)",
                "[missing anchor](other.md#single-database)",
                "[missing here](#nowhere) [here](#page) [web](https://example.com/x.md)",
                "```",
                "[in a code block](nowhere.md)",
                "```",
                "`[in a code span](nowhere.md)`"));
        assertThat(brokenLinks(page)).containsExactly(
                page + ":3: nowhere.md: no such file or directory",
                page + ":4: other.md#single-database: no heading #single-database in " + dir.resolve("other.md"),
                page + ":5: #nowhere: no heading #nowhere in " + page);
    }

    @Test
    void anchorsFollowGitHubsRule() {
        assertThat(anchors(List.of(
                "# Security: what is bounded and by what",
                "## The app's own health functions",
                "## The database: `deploy/sql`",
                "## Deploy: Prometheus, Alertmanager, Grafana, Kubernetes",
                "### Alerts, dashboard, tests",
                "## Images, start-up and memory",
                "## Tests", "## Tests", "## Tests",
                "## Alerting end to end (`AlertingE2EIT`)",
                "## [Linked](x.md) *emphasis* snake_case")))
                .containsExactly(
                        "security-what-is-bounded-and-by-what",
                        "the-apps-own-health-functions",
                        "the-database-deploysql",
                        "deploy-prometheus-alertmanager-grafana-kubernetes",
                        "alerts-dashboard-tests",
                        "images-start-up-and-memory",
                        "tests", "tests-1", "tests-2",
                        "alerting-end-to-end-alertinge2eit",
                        "linked-emphasis-snake_case");
    }

    /** README.md, every docs/*.md, and every Markdown file under bench/ and deploy/ (node_modules left out). */
    private static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>();
        pages.add(README);
        try (Stream<Path> docs = Files.list(DOCS)) {
            docs.filter(DocsLinksTest::isMarkdown).sorted().forEach(pages::add);
        }
        for (Path tree : TREES) {
            try (Stream<Path> files = Files.walk(tree)) {
                files.filter(DocsLinksTest::isMarkdown)
                        .filter(file -> !file.toString().contains("node_modules"))
                        .sorted()
                        .forEach(pages::add);
            }
        }
        return pages;
    }

    private static boolean isMarkdown(Path file) {
        return Files.isRegularFile(file) && file.getFileName().toString().endsWith(".md");
    }

    private record Link(int line, String target) {
    }

    private static List<String> brokenLinks(Path page) throws IOException {
        List<String> broken = new ArrayList<>();
        Map<Path, Set<String>> anchorsByPage = new HashMap<>();
        for (Link link : links(page)) {
            String target = link.target();
            if (SCHEME.matcher(target).find()) {
                continue; // http, https, mailto: not ours to check
            }
            int hash = target.indexOf('#');
            String file = URLDecoder.decode(hash < 0 ? target : target.substring(0, hash), StandardCharsets.UTF_8);
            String anchor = hash < 0 ? "" : target.substring(hash + 1);
            Path resolved = file.isEmpty() ? page : page.toAbsolutePath().getParent().resolve(file).normalize();
            String where = page + ":" + link.line() + ": " + target + ": ";
            if (!Files.exists(resolved)) {
                broken.add(where + "no such file or directory");
                continue;
            }
            if (anchor.isEmpty()) {
                continue;
            }
            Path headed = Files.isDirectory(resolved) ? resolved.resolve("README.md") : resolved;
            if (!isMarkdown(headed)) {
                broken.add(where + "an anchor into " + headed + ", which is not a Markdown page");
                continue;
            }
            Set<String> anchors = anchorsByPage.computeIfAbsent(headed, DocsLinksTest::anchorsOf);
            if (!anchors.contains(URLDecoder.decode(anchor, StandardCharsets.UTF_8))) {
                broken.add(where + "no heading #" + anchor + " in " + (file.isEmpty() ? page : shown(resolved)));
            }
        }
        return broken;
    }

    /** A path under the project root as a relative one, as the pages name them. */
    private static Path shown(Path path) {
        Path root = Path.of("").toAbsolutePath();
        return path.startsWith(root) ? root.relativize(path) : path;
    }

    /** The links of a page, outside fenced code blocks and code spans. */
    private static List<Link> links(Path page) throws IOException {
        List<Link> links = new ArrayList<>();
        List<String> lines = Files.readAllLines(page);
        String fence = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher opening = FENCE.matcher(line);
            if (opening.find()) {
                String marker = opening.group(1);
                if (fence == null) {
                    fence = marker;
                    continue;
                }
                if (marker.charAt(0) == fence.charAt(0) && marker.length() >= fence.length()
                        && line.strip().equals(marker)) {
                    fence = null;
                    continue;
                }
            }
            if (fence != null) {
                continue;
            }
            Matcher link = LINK.matcher(CODE_SPAN.matcher(line).replaceAll("``"));
            while (link.find()) {
                links.add(new Link(i + 1, link.group(1)));
            }
        }
        return links;
    }

    private static Set<String> anchorsOf(Path page) {
        try {
            return new LinkedHashSet<>(anchors(Files.readAllLines(page)));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The anchors GitHub gives a page's headings, in order: {@code -1}, {@code -2} ... for repeats; HTML anchors too. */
    static List<String> anchors(List<String> lines) {
        List<String> anchors = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        String fence = null;
        for (String line : lines) {
            Matcher opening = FENCE.matcher(line);
            if (opening.find()) {
                String marker = opening.group(1);
                if (fence == null) {
                    fence = marker;
                } else if (marker.charAt(0) == fence.charAt(0) && marker.length() >= fence.length()
                        && line.strip().equals(marker)) {
                    fence = null;
                }
                continue;
            }
            if (fence != null) {
                continue;
            }
            Matcher html = HTML_ANCHOR.matcher(line);
            while (html.find()) {
                anchors.add(html.group(1));
            }
            Matcher heading = HEADING.matcher(line);
            if (heading.matches()) {
                String slug = slug(heading.group(1));
                int repeats = seen.merge(slug, 1, Integer::sum) - 1;
                anchors.add(repeats == 0 ? slug : slug + "-" + repeats);
            }
        }
        return anchors;
    }

    /** GitHub's rule on the heading's text as rendered: lower case, punctuation but {@code -} and {@code _} dropped, spaces to {@code -}. */
    static String slug(String heading) {
        String text = heading
                .replaceAll("!?\\[([^\\]]*)\\]\\([^)]*\\)", "$1") // a link shows its text
                .replace("`", "")
                .replaceAll("(\\*+|(?<![\\p{L}\\p{N}])_+|_+(?![\\p{L}\\p{N}]))", "") // emphasis markers
                .replaceAll("<[^>]+>", "");
        return NOT_IN_ANCHOR.matcher(text.strip().toLowerCase(Locale.ROOT)).replaceAll("").replace(' ', '-');
    }
}
