package dev.superadmin.monitor.deploy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

import dev.superadmin.monitor.check.CheckDefinition;
import dev.superadmin.monitor.config.Direction;

/** A pack's table in docs/checks.md, and why each check and its thresholds are what they are. */
final class CheckTables {

    private CheckTables() {
    }

    static String render(ShippedChecks pack) {
        StringBuilder out = new StringBuilder();
        out.append("Defined in [`").append(pack.file()).append("`](../").append(pack.file()).append(")")
                .append(pack.optIn() ? ", every check off until turned on" : "").append(":\n\n");
        out.append("| check | what it measures | WARNING | CRITICAL | every | timeout | gauge | alert |\n");
        out.append("|---|---|---|---|---|---|---|---|\n");
        for (ShippedChecks.Check check : pack.checks()) {
            CheckDefinition definition = check.definition();
            out.append("| `").append(definition.name()).append("` | ").append(definition.description())
                    .append(definition.rows() ? " (rows: each with its own status)" : "")
                    .append(" | ").append(threshold(definition, definition.warning()))
                    .append(" | ").append(threshold(definition, definition.critical()))
                    .append(" | ").append(duration(definition.interval()))
                    .append(" | ").append(duration(definition.timeout()))
                    .append(" | `").append(definition.metric()).append("`")
                    .append(" | ").append(check.alert().map(alert -> "[" + alert.name() + "](../deploy/runbooks/"
                            + alert.name() + ".md)").orElse(definition.rows() ? "SuperadminAppHealth" : "SuperadminCheck"))
                    .append(" |\n");
        }
        out.append("\nWhy:\n");
        for (ShippedChecks.Check check : pack.checks()) {
            out.append("- **`").append(check.name()).append("`**: ")
                    .append(check.config().rationale().orElseThrow(() -> new IllegalStateException(
                            check.name() + " in " + pack.file() + " has no rationale")))
                    .append('\n');
        }
        return out.toString();
    }

    /** The runbooks' index of the shipped checks' alerts: levels with their default thresholds, and timings. */
    static String runbooks(List<ShippedChecks> packs) {
        StringBuilder out = new StringBuilder();
        out.append("| alert | severity | fires after | what it means | page |\n|---|---|---|---|---|\n");
        for (ShippedChecks pack : packs) {
            for (ShippedChecks.Check check : pack.checks()) {
                check.alert().ifPresent(alert -> {
                    CheckDefinition definition = check.definition();
                    List<String> levels = new ArrayList<>();
                    List<String> after = new ArrayList<>();
                    alert.criticalFor().ifPresent(wait -> {
                        levels.add("critical (" + threshold(definition, definition.critical()) + ")");
                        after.add(CheckAlertRules.duration(wait));
                    });
                    alert.warningFor().ifPresent(wait -> {
                        levels.add("warning (" + threshold(definition, definition.warning()) + ")");
                        after.add(CheckAlertRules.duration(wait));
                    });
                    out.append("| ").append(alert.name()).append(" | ").append(String.join(", ", levels))
                            .append(" | ").append(String.join(" / ", after))
                            .append(" | `").append(check.name()).append("` (").append(pack.pack()).append(" pack): ")
                            .append(alert.impact()).append(" | [").append(alert.name()).append("](").append(alert.name())
                            .append(".md) |\n");
                });
            }
        }
        return out.toString();
    }

    private static String threshold(CheckDefinition check, OptionalDouble threshold) {
        if (threshold.isEmpty()) {
            return "";
        }
        return (check.direction() == Direction.ABOVE ? "> " : "< ") + amount(threshold.getAsDouble(), check.unit());
    }

    /** A threshold as people say it: 1 GiB, 300 s, 500 million. */
    static String amount(double value, String unit) {
        if (unit.equals("bytes") && value >= 1024 * 1024) {
            String[] units = {"MiB", "GiB", "TiB"};
            double scaled = value / (1024 * 1024);
            int step = 0;
            while (scaled >= 1024 && step < units.length - 1) {
                scaled /= 1024;
                step++;
            }
            return number(scaled) + " " + units[step];
        }
        if (value >= 1e9 && value % 1e9 == 0) {
            return number(value / 1e9) + " billion";
        }
        if (value >= 1e6 && value % 1e6 == 0) {
            return number(value / 1e6) + " million";
        }
        return number(value) + (unit.equals("seconds") ? " s" : "");
    }

    private static String number(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }

    static String duration(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds % 3600 == 0) {
            return seconds / 3600 + " h";
        }
        return seconds % 60 == 0 && seconds > 60 ? seconds / 60 + " min" : seconds + " s";
    }
}
