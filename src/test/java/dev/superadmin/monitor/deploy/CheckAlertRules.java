package dev.superadmin.monitor.deploy;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import dev.superadmin.monitor.check.CheckDefinition;
import dev.superadmin.monitor.config.CheckConfig.Alert;
import dev.superadmin.monitor.config.CheckConfig.Severity;
import dev.superadmin.monitor.config.CheckConfig;
import dev.superadmin.monitor.config.Direction;
import dev.superadmin.monitor.runbook.Runbooks;

/**
 * The alert rules of the shipped checks, generated from their definitions: one group per pack with each check's own
 * alerts, then the generic alerts for every other check, whose lists of exceptions follow from the first.
 */
final class CheckAlertRules {

    /**
     * Where the monitor's runbook pages are, as people reach it: one external label of the Prometheus that evaluates
     * the rules (deploy/prometheus/prometheus.yml, the Prometheus Operator's externalLabels), set once for every alert.
     */
    static final String RUNBOOKS = "{{ $externalLabels.superadmin_monitor_url }}" + Runbooks.PATH;

    private final List<ShippedChecks> packs;
    private final StringBuilder out = new StringBuilder();

    private CheckAlertRules(List<ShippedChecks> packs) {
        this.packs = packs;
    }

    /** The groups, indented as items of the rules file's {@code groups:} list. */
    static String render(List<ShippedChecks> packs) {
        return new CheckAlertRules(packs).groups();
    }

    private String groups() {
        for (ShippedChecks pack : packs) {
            List<ShippedChecks.Check> alerting = pack.checks().stream().filter(check -> check.alert().isPresent()).toList();
            if (alerting.isEmpty()) {
                continue;
            }
            line("  # " + pack.title() + ": each check's own alerts (" + pack.file() + ").");
            line("  - name: superadmin-monitor." + pack.pack());
            line("    rules:");
            for (ShippedChecks.Check check : alerting) {
                if (check.alert().orElseThrow().criticalFor().isPresent()) {
                    ownRule(check, Severity.CRITICAL);
                }
                if (check.alert().orElseThrow().warningFor().isPresent()) {
                    ownRule(check, Severity.WARNING);
                }
            }
        }
        genericRules();
        return out.toString();
    }

    private void ownRule(ShippedChecks.Check check, Severity severity) {
        CheckDefinition definition = check.definition();
        Alert alert = check.alert().orElseThrow();
        String level = level(severity);
        Duration duration = (severity == Severity.CRITICAL ? alert.criticalFor() : alert.warningFor()).orElseThrow();
        Unit unit = Unit.of(definition.unit());
        String side = definition.direction() == Direction.ABOVE ? "above" : "below";
        line("      - alert: " + alert.name());
        line("        expr: " + definition.metric() + " and superadmin_check_status "
                + (severity == Severity.CRITICAL ? "== 2" : ">= 1 < 3"));
        line("        for: " + duration(duration));
        line("        labels:");
        line("          severity: " + level);
        line("        annotations:");
        line("          summary: " + alert.summary());
        line("          description: >-");
        line("            " + alert.description().replace("{value}", unit.value()) + " (" + level + " " + side + " "
                + unit.threshold(level) + "):");
        line("            " + alert.impact());
        line("          runbook_url: " + runbookUrl(definition.runbook()));
        line("");
    }

    /** The alerts of every check without one of its own at a level, and of every check that has no fresh value. */
    private void genericRules() {
        String withCritical = names(alert -> alert.criticalFor().isPresent());
        String withWarning = names(alert -> alert.warningFor().isPresent());
        String withAny = names(alert -> alert.criticalFor().isPresent() || alert.warningFor().isPresent());
        String pageWhenUnknown = names(alert -> alert.unknownSeverity() == Severity.CRITICAL);
        line("  # Every other check (those added by configuration), and the levels a shipped check has no alert of its");
        line("  # own for. A warning rule matches WARNING and CRITICAL, so a check getting worse keeps its warning until");
        line("  # the critical fires. Rows checks (the app's own health functions) alert per row (SuperadminAppHealth).");
        line("  - name: superadmin-monitor.generic");
        line("    rules:");
        line("      - alert: SuperadminCheck");
        line("        expr: superadmin_check_status" + except(withCritical)
                + " == 2 unless on (target, check) superadmin_check_row_status");
        line("        for: 5m");
        genericAnnotations("critical");
        line("      - alert: SuperadminCheck");
        line("        expr: (superadmin_check_status" + except(withWarning) + " == 1 or superadmin_check_status"
                + except(withAny) + " == 2) unless on (target, check) superadmin_check_row_status");
        line("        for: 15m");
        genericAnnotations("warning");
        line("");
        line("      # Blind to a check whose alert pages is as bad as the alert: those page when UNKNOWN too.");
        unknownRule("critical", pageWhenUnknown.isEmpty() ? "" : "{check=~\"" + pageWhenUnknown + "\"}");
        line("");
        unknownRule("warning", except(pageWhenUnknown));
    }

    private void genericAnnotations(String level) {
        line("        labels:");
        line("          severity: " + level);
        line("        annotations:");
        line("          summary: Check {{ $labels.check }} is " + level.toUpperCase() + " on {{ $labels.target }}");
        line("          description: >-");
        line("            The configured check {{ $labels.check }} on {{ $labels.target }} crossed its " + level
                + " threshold");
        line("            (" + Unit.PLAIN.threshold(level) + "); GET /status/{{ $labels.check }} on the monitor shows its value.");
        line("          runbook_url: " + runbookUrl(CheckConfig.GENERIC_RUNBOOK));
    }

    private void unknownRule(String level, String selector) {
        line("      - alert: SuperadminCheckUnknown");
        line("        expr: superadmin_check_status" + selector + " == 3");
        line("        for: 5m");
        line("        labels:");
        line("          severity: " + level);
        line("        annotations:");
        line("          summary: Check {{ $labels.check }} on {{ $labels.target }} has no fresh value");
        line("          description: >-");
        line("            The last successful probe of {{ $labels.check }} on {{ $labels.target }} is older than its staleness");
        line("            window (or there never was one): whatever it watches is unwatched. GET /status/{{ $labels.check }}");
        line("            on the monitor shows the error.");
        line("          runbook_url: " + runbookUrl("SuperadminCheckUnknown"));
    }

    /** A runbook's page on the monitor, or the URL a check names instead, quoted for YAML (it may start with a brace). */
    static String runbookUrl(String runbook) {
        return "'" + (CheckConfig.isUrl(runbook) ? runbook : RUNBOOKS + runbook).replace("'", "''") + "'";
    }

    /** The names of the shipped checks whose alert matches, as a regular expression alternation. */
    private String names(Predicate<Alert> matches) {
        return packs.stream().flatMap(pack -> pack.checks().stream())
                .filter(check -> check.alert().filter(matches).isPresent())
                .map(ShippedChecks.Check::name)
                .collect(Collectors.joining("|"));
    }

    private static String except(String names) {
        return names.isEmpty() ? "" : "{check!~\"" + names + "\"}";
    }

    private static String level(Severity severity) {
        return severity.name().toLowerCase();
    }

    /** A duration as Prometheus writes it: 30s, 2m, 1h. */
    static String duration(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }

    private void line(String text) {
        out.append(text).append('\n');
    }

    /** How a value of a unit reads best in a notification. */
    enum Unit {
        BYTES(" | humanize1024", "B"),
        RATIO(" | humanizePercentage", ""),
        SECONDS(" | humanizeDuration", ""),
        /** A count: whole numbers, never 5e+08. */
        COUNT(" | printf \"%.0f\"", ""),
        /** A configured check's value, unit unknown. */
        PLAIN("", "");

        private final String pipe;
        private final String suffix;

        Unit(String pipe, String suffix) {
            this.pipe = pipe;
            this.suffix = suffix;
        }

        static Unit of(String unit) {
            return switch (unit) {
                case "bytes" -> BYTES;
                case "ratio" -> RATIO;
                case "seconds" -> SECONDS;
                default -> COUNT;
            };
        }

        String value() {
            return "{{ $value" + pipe + " }}" + suffix;
        }

        /** The check's configured threshold at a level, read from the service's own series. */
        String threshold(String level) {
            return "{{ with printf \"superadmin_check_threshold{target=%q,check=%q,level=\\\"" + level
                    + "\\\"}\" $labels.target $labels.check | query }}{{ . | first | value" + pipe + " }}{{ end }}"
                    + suffix;
        }
    }
}
