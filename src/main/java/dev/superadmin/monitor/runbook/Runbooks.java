package dev.superadmin.monitor.runbook;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The runbooks the service serves at {@code /runbooks/<name>}: a fixed set, read at start-up, each page rendered the
 * first time it is asked for and kept (the set bounds the cache). A request looks a name up in a map and never reaches
 * a file. The shipped library is {@code deploy/runbooks/}, packed into the jar under {@code runbooks/}: its index
 * ({@code README.md}) and every runbook the index links to. Beside it, the operator's own: every {@code <name>.md} in
 * {@code superadmin.runbooks.directory}, so that a check added by configuration can name a runbook of its own. What
 * is wrong with that directory is reported by {@link #faults()}, which stops start-up (ConfigCheck). Nothing here
 * renders at start-up: the Markdown library is loaded when the first page is asked for, not by every start.
 */
@Singleton
public class Runbooks {

    /** Where the runbooks are served. */
    public static final String PATH = "/runbooks/";
    /** The index of the shipped runbooks ({@code README.md}). */
    public static final String INDEX = "README";
    public static final String DIRECTORY_KEY = "superadmin.runbooks.directory";

    /** A runbook's name: letters, digits, {@code -} and {@code _}, so that it is one path segment as it stands. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    /** An operator's runbook larger than this is refused: the pages live in memory. */
    private static final long MAX_BYTES = 256 * 1024;
    private static final String SHIPPED = "runbooks/";
    /** A link to a runbook as the Markdown files write it: {@code SuperadminCheck.md#row-level-security}. */
    static final Pattern RUNBOOK_LINK = Pattern.compile("([A-Za-z0-9][A-Za-z0-9_-]*)\\.md(#[A-Za-z0-9_-]*)?");
    /** The same inside a Markdown link, as the index writes them: {@code [SuperadminCheck](SuperadminCheck.md)}. */
    private static final Pattern INDEX_LINK = Pattern.compile("\\]\\(" + RUNBOOK_LINK.pattern() + "\\)");

    private final Map<String, String> sources;
    private final Set<String> shipped;
    private final Map<String, Runbook> pages = new ConcurrentHashMap<>();
    private final List<String> faults = new ArrayList<>();

    Runbooks(@ConfigProperty(name = DIRECTORY_KEY) Optional<String> directory) {
        Map<String, String> library = shippedSources();
        this.shipped = Set.copyOf(library.keySet());
        directory.ifPresent(dir -> library.putAll(operatorSources(Path.of(dir))));
        this.sources = Map.copyOf(library);
    }

    /** The shipped runbooks alone, for what runs without the service (the tests of the configuration, generators). */
    public static Runbooks shipped() {
        return new Runbooks(Optional.empty());
    }

    /** The shipped runbooks and those of an operator's directory, as the service would load them. */
    public static Runbooks withDirectory(Path directory) {
        return new Runbooks(Optional.of(directory.toString()));
    }

    /** The page of a runbook, rendered the first time. */
    public Optional<Runbook> page(String name) {
        String markdown = sources.get(name);
        return markdown == null ? Optional.empty()
                : Optional.of(pages.computeIfAbsent(name, page -> RunbookPage.render(page, markdown, sources.keySet())));
    }

    /** Every runbook's name, in name order. */
    public Set<String> names() {
        return new TreeSet<>(sources.keySet());
    }

    public boolean contains(String name) {
        return sources.containsKey(name);
    }

    /** True for exactly the paths of the runbooks ({@code /runbooks/<name>}, as the request spells it). */
    public boolean isPage(String path) {
        return path.startsWith(PATH) && sources.containsKey(path.substring(PATH.length()));
    }

    /** What is wrong with {@code superadmin.runbooks.directory}, one line per fault, each starting with the key. */
    public List<String> faults() {
        return List.copyOf(faults);
    }

    private static Map<String, String> shippedSources() {
        Map<String, String> sources = new LinkedHashMap<>();
        String index = resource(INDEX);
        sources.put(INDEX, index);
        Matcher link = INDEX_LINK.matcher(index);
        while (link.find()) {
            sources.putIfAbsent(link.group(1), resource(link.group(1)));
        }
        return sources;
    }

    private static String resource(String name) {
        try (InputStream in = Runbooks.class.getClassLoader().getResourceAsStream(SHIPPED + name + ".md")) {
            if (in == null) {
                throw new IllegalStateException(SHIPPED + name + ".md is missing from the class path (the runbooks' index"
                        + " links to it)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Map<String, String> operatorSources(Path dir) {
        Map<String, String> sources = new LinkedHashMap<>();
        if (!Files.isDirectory(dir) || !Files.isReadable(dir)) {
            faults.add(DIRECTORY_KEY + ": no readable directory at " + dir);
            return sources;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(file -> file.getFileName().toString().endsWith(".md")).sorted().toList()) {
                String fileName = file.getFileName().toString();
                String name = fileName.substring(0, fileName.length() - ".md".length());
                if (!NAME.matcher(name).matches()) {
                    faults.add(DIRECTORY_KEY + ": " + fileName + " is no runbook name (1 to 64 letters, digits, - or _,"
                            + " then .md)");
                } else if (shipped.contains(name)) {
                    faults.add(DIRECTORY_KEY + ": " + fileName + " has the name of a shipped runbook; give it another");
                } else if (Files.size(file) > MAX_BYTES) {
                    faults.add(DIRECTORY_KEY + ": " + fileName + " is larger than " + MAX_BYTES / 1024 + " KiB");
                } else {
                    sources.put(name, Files.readString(file));
                }
            }
        } catch (IOException | UncheckedIOException e) {
            faults.add(DIRECTORY_KEY + ": cannot read " + dir + " (" + e.getMessage() + ")");
        }
        return sources;
    }
}
