package dev.superadmin.monitor.runbook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.ext.heading.anchor.HeadingAnchorExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Heading;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.commonmark.renderer.text.TextContentRenderer;

/**
 * One runbook as a whole HTML page: its Markdown rendered with every piece of raw HTML in it escaped (it shows as
 * text) and unsafe URL schemes dropped, inside a page whose only style is pinned by hash in {@link #POLICY} and which
 * has no script at all. Links to other runbooks stay links (relative: the pages sit side by side under /runbooks/);
 * links into the repository ({@code ../../docs/...}), which the service does not serve, become their text; images
 * become their text too (the policy would refuse to load them).
 */
public final class RunbookPage {

    private static final Pattern ABSOLUTE = Pattern.compile("(?i)(https?|mailto):.*");

    private static final List<Extension> EXTENSIONS = List.of(TablesExtension.create(), HeadingAnchorExtension.create());
    private static final Parser PARSER = Parser.builder().extensions(EXTENSIONS).build();
    private static final HtmlRenderer HTML = HtmlRenderer.builder().extensions(EXTENSIONS)
            .escapeHtml(true).sanitizeUrls(true).build();
    private static final TextContentRenderer TEXT = TextContentRenderer.builder().build();

    static final String STYLE = """
            :root { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1c1c1c; background: #fff; }
            * { box-sizing: border-box; }
            body { margin: 0 auto; padding: 0 12px 32px; max-width: 52rem; overflow-wrap: anywhere; }
            nav { display: flex; flex-wrap: wrap; gap: 4px 16px; padding: 10px 0; border-bottom: 2px solid #d0d0d0; font-size: .9rem; }
            h1 { font-size: 1.75rem; line-height: 1.2; margin: 16px 0 8px; }
            h2 { font-size: 1.3rem; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 1px solid #d0d0d0; }
            h3 { font-size: 1.1rem; margin: 20px 0 6px; }
            a { color: #0b57d0; }
            code, pre { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: .88em; }
            code { background: #f4f4f4; padding: 1px 4px; border-radius: 4px; }
            pre { background: #f4f4f4; padding: 10px 12px; border-radius: 8px; overflow-x: auto; overflow-wrap: normal; }
            pre code { background: none; padding: 0; }
            table { border-collapse: collapse; display: block; max-width: 100%; overflow-x: auto; font-size: .92rem; }
            th, td { border: 1px solid #d0d0d0; padding: 4px 8px; text-align: left; vertical-align: top; }
            li { margin: 2px 0; }
            """;

    /**
     * The status page's policy without its script and its requests: nothing may load, run or be sent from a runbook
     * but its own stylesheet (and the empty icon), and no other site may frame it.
     */
    public static final String POLICY = "default-src 'none'; img-src data:; style-src '" + sha256(STYLE)
            + "'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private RunbookPage() {
    }

    /** The page of the runbook {@code name}; links to the runbooks in {@code library} stay links. */
    static Runbook render(String name, String markdown, Set<String> library) {
        Node document = PARSER.parse(markdown);
        List<String> titles = new ArrayList<>();
        document.accept(new AbstractVisitor() {
            @Override
            public void visit(Heading heading) {
                if (heading.getLevel() == 1) {
                    titles.add(TEXT.render(heading).strip());
                }
                visitChildren(heading);
            }

            @Override
            public void visit(Link link) {
                visitChildren(link);
                String destination = link.getDestination();
                Matcher runbook = Runbooks.RUNBOOK_LINK.matcher(destination);
                if (runbook.matches() && library.contains(runbook.group(1))) {
                    link.setDestination(runbook.group(1) + (runbook.group(2) == null ? "" : runbook.group(2)));
                } else if (!ABSOLUTE.matcher(destination).matches() && !destination.startsWith("#")) {
                    replaceByChildren(link);
                }
            }

            @Override
            public void visit(Image image) {
                StringBuilder alt = new StringBuilder();
                for (Node child = image.getFirstChild(); child != null; child = child.getNext()) {
                    alt.append(TEXT.render(child));
                }
                image.insertBefore(new Text(alt.toString()));
                image.unlink();
            }
        });
        String title = titles.isEmpty() ? name : titles.get(0);
        String html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<meta name=\"color-scheme\" content=\"light\">\n"
                + "<title>" + escape(title) + " · superadmin-monitor runbooks</title>\n"
                + "<link rel=\"icon\" href=\"data:,\">\n"
                + "<style>" + STYLE + "</style>\n</head>\n<body>\n"
                + "<nav><a href=\"../\">Status page</a><a href=\"" + Runbooks.INDEX + "\">All runbooks</a></nav>\n"
                + "<main>\n" + HTML.render(document) + "</main>\n</body>\n</html>\n";
        return new Runbook(name, title, html);
    }

    private static void replaceByChildren(Node node) {
        Node child = node.getFirstChild();
        while (child != null) {
            Node next = child.getNext();
            node.insertBefore(child);
            child = next;
        }
        node.unlink();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String sha256(String text) {
        try {
            return "sha256-" + Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
