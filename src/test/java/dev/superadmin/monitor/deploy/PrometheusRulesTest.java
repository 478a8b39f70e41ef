package dev.superadmin.monitor.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The Prometheus alert rules: {@code promtool check rules} accepts them, every unit test file in
 * {@code deploy/prometheus/tests} passes ({@code promtool test rules}), every alert carries a severity and the three
 * annotations that Alertmanager and the runbooks rely on, and every alert has at least one unit test.
 * <p>
 * No YAML parser is on the test classpath, so the rules are read by {@link RulesFile}, which understands the block
 * style the file is written in (including anchors and aliases); promtool's rule count cross-checks it.
 */
class PrometheusRulesTest {

    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final String RULES = "deploy/prometheus/rules/superadmin-monitor.rules.yml";
    private static final String TESTS = "deploy/prometheus/tests";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Set<String> SEVERITIES = Set.of("critical", "warning");
    private static final List<String> ANNOTATIONS = List.of("summary", "description", "runbook_url");
    private static final Pattern RULES_FOUND = Pattern.compile("SUCCESS: (\\d+) rules found");
    private static final Pattern ALERTNAME = Pattern.compile("(?m)^\\s*-?\\s*alertname:\\s*[\"']?([A-Za-z_:][\\w:]*)");

    @Test
    void promtoolAcceptsTheRules() {
        Result result = promtool("check", "rules", RULES);

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.output()).as(result.describe()).contains("SUCCESS");
    }

    @TestFactory
    Stream<DynamicTest> everyUnitTestFilePasses() {
        List<String> files = testFiles();
        assertThat(files).as("promtool unit test files (*.test.yml) in %s", TESTS).isNotEmpty();
        return files.stream().map(file -> dynamicTest(file, () -> {
            Result result = promtool("test", "rules", file);

            assertThat(result.exitCode()).as(result.describe()).isZero();
            assertThat(result.output()).as(result.describe()).contains("SUCCESS").doesNotContain("FAILED");
        }));
    }

    @Test
    void theRulesAreReadAsPromtoolCountsThem() {
        Result result = promtool("check", "rules", RULES);
        Matcher found = RULES_FOUND.matcher(result.output());
        assertThat(found.find()).as(result.describe()).isTrue();

        assertThat(RulesFile.read(ROOT.resolve(RULES)))
                .as("rules read from %s (promtool: %s)", RULES, found.group())
                .hasSize(Integer.parseInt(found.group(1)));
    }

    @Test
    void everyAlertHasASeverityAndTheAnnotationsPeopleNeed() {
        List<Rule> alerts = alerts();
        assertThat(alerts).as("alerting rules in %s", RULES).isNotEmpty();

        List<String> problems = new ArrayList<>();
        for (Rule alert : alerts) {
            String severity = alert.labels().get("severity");
            if (severity == null || !SEVERITIES.contains(severity)) {
                problems.add(alert + ": severity label is " + severity + ", not one of " + SEVERITIES);
            }
            for (String annotation : ANNOTATIONS) {
                String value = alert.annotations().get(annotation);
                if (value == null || value.isBlank()) {
                    problems.add(alert + ": no " + annotation + " annotation");
                }
            }
        }
        assertThat(problems).as("alerting rules of %s", RULES).isEmpty();
    }

    @Test
    void everyAlertHasAUnitTest() {
        Set<String> tested = new TreeSet<>();
        for (String file : testFiles()) {
            Matcher alertname = ALERTNAME.matcher(read(ROOT.resolve(file)));
            while (alertname.find()) {
                tested.add(alertname.group(1));
            }
        }
        Set<String> alertNames = alerts().stream().map(Rule::name).collect(Collectors.toCollection(TreeSet::new));

        assertThat(tested).as("alertnames tested in %s/*.test.yml", TESTS).containsAll(alertNames);
    }

    private static List<Rule> alerts() {
        return RulesFile.read(ROOT.resolve(RULES)).stream().filter(Rule::alerting).toList();
    }

    /** The unit test files, as paths relative to the project (the form promtool is given). */
    private static List<String> testFiles() {
        try (Stream<Path> files = Files.list(ROOT.resolve(TESTS))) {
            return files.filter(file -> file.getFileName().toString().endsWith(".test.yml"))
                    .map(file -> ROOT.relativize(file).toString())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs promtool in the project's folder, its output and errors together, for at most {@link #TIMEOUT}. */
    private static Result promtool(String... args) {
        List<String> command = new ArrayList<>(List.of("promtool"));
        command.addAll(List.of(args));
        String commandLine = String.join(" ", command);
        Path output = null;
        try {
            output = Files.createTempFile("promtool-", ".out");
            Process process;
            try {
                process = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true)
                        .redirectOutput(output.toFile()).start();
            } catch (IOException e) {
                throw new AssertionError("cannot run " + commandLine + " (install Debian's prometheus package, "
                        + "as bash .ci/run does): " + e.getMessage(), e);
            }
            process.getOutputStream().close();
            if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(commandLine + " did not finish within " + TIMEOUT + ":\n"
                        + Files.readString(output, StandardCharsets.UTF_8));
            }
            return new Result(commandLine, process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + commandLine, e);
        } finally {
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException e) {
                    // a temporary file left behind is no reason to fail
                }
            }
        }
    }

    record Result(String command, int exitCode, String output) {

        String describe() {
            return command + " exited with " + exitCode + ", output:\n" + output;
        }
    }

    record Rule(String kind, String name, int line, Map<String, String> labels, Map<String, String> annotations) {

        boolean alerting() {
            return kind.equals("alert");
        }

        @Override
        public String toString() {
            return kind + " " + name + " (line " + line + ")";
        }
    }

    /**
     * Reads the rules of a Prometheus rule file written in YAML block style: each {@code - alert:} or
     * {@code - record:} item, and its {@code labels} and {@code annotations} maps, whether written out or given as an
     * alias ({@code *name}) of an anchored map ({@code &name}). Values may be plain, quoted or block scalars; only the
     * keys and the plain or quoted values are needed here. Flow-style maps are refused rather than misread.
     */
    static final class RulesFile {

        private static final Pattern RULE = Pattern.compile("^(\\s*)-\\s+(alert|record):\\s*(.*?)\\s*$");
        private static final Pattern KEY = Pattern.compile("^(\\s*)([A-Za-z_][\\w.-]*):(?:\\s+(.*?))?\\s*$");
        private static final Pattern ANCHOR = Pattern.compile("^&([\\w.-]+)(?:\\s+(.*))?$");
        private static final Pattern ALIAS = Pattern.compile("^\\*([\\w.-]+)$");

        private final List<String> lines;
        private final Map<String, Map<String, String>> anchors = new HashMap<>();

        private RulesFile(List<String> lines) {
            this.lines = lines;
        }

        static List<Rule> read(Path file) {
            try {
                return new RulesFile(Files.readAllLines(file, StandardCharsets.UTF_8)).rules(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private List<Rule> rules(Path file) {
            List<Rule> rules = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                Matcher rule = RULE.matcher(lines.get(i));
                if (!rule.matches()) {
                    continue;
                }
                int itemIndent = rule.group(1).length();
                int keyIndent = lines.get(i).indexOf(rule.group(2));
                int end = endOfBlock(i, itemIndent);
                Map<String, String> labels = Map.of();
                Map<String, String> annotations = Map.of();
                for (int j = i + 1; j < end; j++) {
                    Matcher key = KEY.matcher(lines.get(j));
                    if (!key.matches() || key.group(1).length() != keyIndent) {
                        continue;
                    }
                    if (key.group(2).equals("labels")) {
                        labels = map(file, j, key.group(3), keyIndent);
                    } else if (key.group(2).equals("annotations")) {
                        annotations = map(file, j, key.group(3), keyIndent);
                    }
                }
                rules.add(new Rule(rule.group(2), unquote(rule.group(3)), i + 1, labels, annotations));
            }
            return rules;
        }

        /** The map under the key on line {@code at}: written out below it, anchored there, or an alias. */
        private Map<String, String> map(Path file, int at, String inline, int keyIndent) {
            String value = inline == null ? "" : stripComment(inline);
            Matcher alias = ALIAS.matcher(value);
            if (alias.matches()) {
                Map<String, String> anchored = anchors.get(alias.group(1));
                if (anchored == null) {
                    throw new AssertionError(file + ":" + (at + 1) + ": alias *" + alias.group(1) + " of no anchor");
                }
                return anchored;
            }
            String anchor = null;
            Matcher anchored = ANCHOR.matcher(value);
            if (anchored.matches()) {
                anchor = anchored.group(1);
                value = anchored.group(2) == null ? "" : anchored.group(2).trim();
            }
            if (!value.isEmpty()) {
                throw new AssertionError(file + ":" + (at + 1) + ": only block-style maps are read here, not: " + value);
            }
            Map<String, String> map = new LinkedHashMap<>();
            int end = endOfBlock(at, keyIndent);
            int childIndent = -1;
            String lastKey = null;
            for (int j = at + 1; j < end; j++) {
                String line = lines.get(j);
                if (isBlankOrComment(line)) {
                    continue;
                }
                int indent = indentOf(line);
                if (childIndent < 0) {
                    childIndent = indent;
                }
                Matcher key = KEY.matcher(line);
                if (indent == childIndent && key.matches()) {
                    lastKey = key.group(2);
                    map.put(lastKey, scalar(key.group(3)));
                } else if (indent > childIndent && lastKey != null) {
                    // a block scalar (>-, |) or a multi-line plain scalar continues the last key's value
                    String sofar = map.get(lastKey);
                    map.put(lastKey, (sofar.isEmpty() ? "" : sofar + " ") + line.trim());
                } else {
                    throw new AssertionError(file + ":" + (j + 1) + ": unexpected line in a map: " + line);
                }
            }
            if (anchor != null) {
                anchors.put(anchor, map);
            }
            return map;
        }

        /** The line after the last one that belongs to the item or key on line {@code start}. */
        private int endOfBlock(int start, int indent) {
            int j = start + 1;
            while (j < lines.size() && (isBlankOrComment(lines.get(j)) || indentOf(lines.get(j)) > indent)) {
                j++;
            }
            return j;
        }

        private static String scalar(String inline) {
            if (inline == null) {
                return "";
            }
            String value = stripComment(inline);
            // a block scalar's text follows on the next lines
            return value.matches("[>|][+-]?") ? "" : unquote(value);
        }

        private static String stripComment(String value) {
            String trimmed = value.trim();
            if (trimmed.startsWith("\"") || trimmed.startsWith("'")) {
                return trimmed;
            }
            int comment = trimmed.indexOf(" #");
            return comment < 0 ? trimmed : trimmed.substring(0, comment).trim();
        }

        private static String unquote(String value) {
            String trimmed = value.trim();
            if (trimmed.length() >= 2 && (trimmed.startsWith("\"") && trimmed.endsWith("\"")
                    || trimmed.startsWith("'") && trimmed.endsWith("'"))) {
                return trimmed.substring(1, trimmed.length() - 1);
            }
            return trimmed;
        }

        private static boolean isBlankOrComment(String line) {
            String trimmed = line.trim();
            return trimmed.isEmpty() || trimmed.startsWith("#");
        }

        private static int indentOf(String line) {
            int indent = 0;
            while (indent < line.length() && line.charAt(indent) == ' ') {
                indent++;
            }
            return indent;
        }
    }
}
