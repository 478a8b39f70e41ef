package dev.superadmin.monitor.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Every alert links its own runbook page, and every page belongs to an alert or is one of the procedures of the
 * operations summary that the index lists. (That the service serves each page: RunbookUrlsTest.)
 */
class RunbooksTest {

    private static final Path RULES = Path.of("deploy/prometheus/rules/superadmin-monitor.rules.yml");
    private static final Path RUNBOOKS = Path.of("deploy/runbooks");
    private static final Pattern ALERT = Pattern.compile("- alert: (\\w+)");
    private static final Pattern RUNBOOK = Pattern.compile(
            "runbook_url: '\\{\\{ \\$externalLabels\\.superadmin_monitor_url }}/runbooks/(\\w+)'");
    /** The procedures of the operations summary, which no alert names: the index lists them in their own section. */
    private static final List<String> PROCEDURES = List.of("EmergencyAdmin", "MorningHealthCheck", "RecoverySequence");

    @Test
    void everyAlertLinksItsOwnExistingPage() throws IOException {
        String rules = Files.readString(RULES);
        List<String> alerts = all(ALERT, rules);
        List<String> links = all(RUNBOOK, rules);
        assertThat(links).as("one runbook_url per alerting rule, named after the alert").isEqualTo(alerts);
        for (String page : links) {
            Path file = RUNBOOKS.resolve(page + ".md");
            assertThat(file).exists();
            assertThat(Files.readString(file)).startsWith("# " + page).contains("## Meaning").contains("## Fix");
        }
    }

    @Test
    void everyPageBelongsToAnAlertOrIsAProcedure() throws IOException {
        Set<String> alerts = new TreeSet<>(all(ALERT, Files.readString(RULES)));
        Set<String> pagesOrProcedures = new TreeSet<>(alerts);
        pagesOrProcedures.addAll(PROCEDURES);
        try (Stream<Path> pages = Files.list(RUNBOOKS)) {
            assertThat(pages.map(page -> page.getFileName().toString())
                    .filter(name -> !name.equals("README.md"))
                    .map(name -> name.replace(".md", "")))
                    .allMatch(pagesOrProcedures::contains);
        }
        String index = Files.readString(RUNBOOKS.resolve("README.md"));
        assertThat(alerts).allSatisfy(alert -> assertThat(index).contains("(" + alert + ".md)"));
        String procedures = index.substring(index.indexOf("## Procedures"), index.indexOf("\n## ", index.indexOf("## Procedures") + 1));
        assertThat(PROCEDURES).allSatisfy(procedure -> {
            assertThat(procedures).contains("(" + procedure + ".md)");
            assertThat(RUNBOOKS.resolve(procedure + ".md")).exists();
        });
    }

    private static List<String> all(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        return matcher.results().map(result -> result.group(1)).toList();
    }
}
