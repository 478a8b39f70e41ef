package dev.superadmin.monitor.deploy;

import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

import dev.superadmin.monitor.check.CheckCatalog;
import dev.superadmin.monitor.check.CheckDefinition;
import dev.superadmin.monitor.config.CheckConfig;
import dev.superadmin.monitor.config.CheckPacks;
import dev.superadmin.monitor.config.MonitorConfig;
import dev.superadmin.monitor.testing.MappedConfig;

/**
 * The shipped checks as the service reads them: each pack of {@code src/main/resources/checks/} through the service's
 * own configuration mapping, alone, so that what is generated from a check is what the service runs.
 */
record ShippedChecks(String pack, String title, List<Check> checks) {

    /** A shipped check: as it runs, and as it is configured (its alert and rationale). */
    record Check(CheckDefinition definition, CheckConfig config) {

        String name() {
            return definition.name();
        }

        Optional<CheckConfig.Alert> alert() {
            return config.alert();
        }
    }

    /** Every pack, in {@link CheckPacks#PACKS} order; checks in name order. */
    static List<ShippedChecks> packs() {
        return CheckPacks.PACKS.stream().map(ShippedChecks::load).toList();
    }

    private static ShippedChecks load(String pack) {
        MonitorConfig mapping = MappedConfig.of(CheckPacks.source(ShippedChecks.class.getClassLoader(), pack));
        List<Check> checks = new TreeMap<>(mapping.checks()).entrySet().stream()
                .map(entry -> new Check(CheckCatalog.definition(entry.getKey(), entry.getValue(),
                        mapping.stalenessIntervals()), entry.getValue()))
                .toList();
        return new ShippedChecks(pack, title(pack), checks);
    }

    /** How the pack is headed in the dashboard and the docs. */
    private static String title(String pack) {
        return switch (pack) {
            case "seed" -> "The operations summary's five checks";
            case "app-health" -> "The app's own health functions (opt-in)";
            case "postgres" -> "PostgreSQL health (opt-in)";
            default -> throw new IllegalArgumentException("no title for the pack " + pack);
        };
    }

    /** True when every check of the pack is off until turned on. */
    boolean optIn() {
        return checks.stream().noneMatch(check -> check.config().enabled());
    }

    /** The file a pack's checks are defined in, from the project root. */
    String file() {
        return "src/main/resources/checks/" + pack + ".properties";
    }
}
