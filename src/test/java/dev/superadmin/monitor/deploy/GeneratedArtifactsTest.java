package dev.superadmin.monitor.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * What is generated from the shipped checks' definitions ({@code src/main/resources/checks/}) is what is committed:
 * their alert rules (and so the PrometheusRule made from the rules file), the dashboard's per-check rows, the
 * tables of docs/checks.md and the runbooks' index. After changing a definition, write them anew with
 * {@code ./mvnw test -Dtest=GeneratedArtifactsTest -Dregenerate=true}.
 */
class GeneratedArtifactsTest {

    static final String REGENERATE = "./mvnw test -Dtest=GeneratedArtifactsTest -Dregenerate=true";

    private static final Path RULES = Path.of("deploy/prometheus/rules/superadmin-monitor.rules.yml");
    private static final Path DASHBOARD = Path.of("deploy/grafana/dashboards/superadmin-monitor.json");
    private static final Path CHECKS_PAGE = Path.of("docs/checks.md");
    private static final Path RUNBOOKS_INDEX = Path.of("deploy/runbooks/README.md");
    private static final String RULES_BEGIN = "  # ---- generated from src/main/resources/checks/*.properties by GeneratedArtifactsTest: edit there ----\n";
    private static final String RULES_END = "  # ---- end of the generated rules ----\n";
    private static final String TABLE_END = "<!-- end generated -->";

    private final List<ShippedChecks> packs = ShippedChecks.packs();
    private final boolean regenerate = Boolean.getBoolean("regenerate");

    @Test
    void theAlertRulesAreTheChecksOwn() throws Exception {
        String committed = Files.readString(RULES);
        String generated = between(committed, RULES_BEGIN, RULES_END, CheckAlertRules.render(packs));
        compare(RULES, committed, generated);
        if (regenerate) {
            Process sync = new ProcessBuilder("node", "deploy/k8s/validate/sync-prometheusrule.mjs").inheritIO().start();
            assertThat(sync.waitFor(60, TimeUnit.SECONDS) && sync.exitValue() == 0).as("sync-prometheusrule.mjs").isTrue();
        }
    }

    @Test
    void theDashboardHasAGraphPerCheck() throws Exception {
        String committed = Files.readString(DASHBOARD);
        compare(DASHBOARD, committed, CheckDashboard.render(committed, packs));
    }

    @Test
    void theChecksPageHasATablePerPack() throws IOException {
        String committed = Files.readString(CHECKS_PAGE);
        String generated = committed;
        for (ShippedChecks pack : packs) {
            generated = between(generated, "<!-- generated: checks-" + pack.pack() + " -->\n", TABLE_END,
                    "\n" + CheckTables.render(pack) + "\n");
        }
        compare(CHECKS_PAGE, committed, generated);
    }

    @Test
    void theRunbooksIndexListsEveryChecksAlert() throws IOException {
        String committed = Files.readString(RUNBOOKS_INDEX);
        String generated = between(committed, "<!-- generated: runbooks -->\n", TABLE_END,
                "\n" + CheckTables.runbooks(packs) + "\n");
        compare(RUNBOOKS_INDEX, committed, generated);
    }

    @Test
    void everyShippedCheckHasARationaleAndEveryAlertARunbookAndAThreshold() {
        for (ShippedChecks pack : packs) {
            for (ShippedChecks.Check check : pack.checks()) {
                assertThat(check.config().rationale()).as("rationale of %s in %s", check.name(), pack.file()).isPresent();
                check.alert().ifPresent(alert -> {
                    assertThat(Path.of("deploy/runbooks", alert.name() + ".md")).as("runbook of %s", check.name()).exists();
                    assertThat(check.definition().rows()).as("%s: a rows check alerts per row", check.name()).isFalse();
                    assertThat(alert.criticalFor().isEmpty() || check.definition().critical().isPresent())
                            .as("%s alerts on a critical threshold it has", check.name()).isTrue();
                    assertThat(alert.warningFor().isEmpty() || check.definition().warning().isPresent())
                            .as("%s alerts on a warning threshold it has", check.name()).isTrue();
                });
            }
        }
    }

    /** {@code text} with what lies between {@code begin} and {@code end} replaced. */
    private static String between(String text, String begin, String end, String content) {
        int start = text.indexOf(begin);
        int stop = text.indexOf(end, start + 1);
        assertThat(start).as("the line %s", begin.strip()).isNotNegative();
        assertThat(stop).as("the line %s after %s", end.strip(), begin.strip()).isPositive();
        return text.substring(0, start + begin.length()) + content + text.substring(stop);
    }

    private void compare(Path file, String committed, String generated) throws IOException {
        if (regenerate && !committed.equals(generated)) {
            Files.writeString(file, generated);
            return;
        }
        assertThat(committed).as("%s is out of date with the checks' definitions: run %s", file, REGENERATE)
                .isEqualTo(generated);
    }
}
