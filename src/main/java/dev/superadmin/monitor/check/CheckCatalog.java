package dev.superadmin.monitor.check;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.inject.Singleton;

import dev.superadmin.monitor.config.CheckConfig;
import dev.superadmin.monitor.config.MonitorConfig;

/**
 * Every configured check, built once from configuration, and which of them run on which target: the Quarkus
 * datasource's target ({@code superadmin.target}) first, running the enabled checks, then every
 * {@code superadmin.targets.<name>} in name order, running the checks it names or else the enabled ones. Checks
 * are in name order within a target.
 */
@Singleton
public class CheckCatalog {

    private final Map<String, CheckDefinition> byName;
    private final Map<String, List<CheckDefinition>> byTarget = new LinkedHashMap<>();

    CheckCatalog(MonitorConfig config) {
        this.byName = config.checks().entrySet().stream()
                .map(entry -> definition(entry.getKey(), entry.getValue(), config.stalenessIntervals()))
                .collect(Collectors.toUnmodifiableMap(CheckDefinition::name, Function.identity()));
        List<CheckDefinition> enabled = config.checks().entrySet().stream()
                .filter(entry -> entry.getValue().enabled())
                .map(entry -> byName.get(entry.getKey()))
                .sorted(Comparator.comparing(CheckDefinition::name))
                .toList();
        byTarget.put(config.target(), enabled);
        // unknown names are left out here and reported by ConfigCheck, which stops start-up
        new TreeMap<>(config.targets()).forEach((target, settings) -> byTarget.putIfAbsent(target, settings.checks()
                .map(names -> names.stream().map(byName::get).filter(Objects::nonNull).distinct()
                        .sorted(Comparator.comparing(CheckDefinition::name)).toList())
                .orElse(enabled)));
    }

    /** Target names, the Quarkus datasource's first. */
    public List<String> targets() {
        return List.copyOf(byTarget.keySet());
    }

    /** The checks that run on a target, in name order; empty for an unknown target. */
    public List<CheckDefinition> checks(String target) {
        return byTarget.getOrDefault(target, List.of());
    }

    public Optional<CheckDefinition> find(String target, String check) {
        return checks(target).stream().filter(definition -> definition.name().equals(check)).findFirst();
    }

    static CheckDefinition definition(String name, CheckConfig config, int stalenessIntervals) {
        return new CheckDefinition(
                name,
                config.description().orElse("Value of the " + name + " check"),
                config.sql().strip(),
                config.rows(),
                config.tables().orElse(List.of()),
                new TreeMap<>(config.settings()),
                config.direction(),
                config.warning(),
                config.critical(),
                config.unit().orElse(""),
                config.metric().orElse("superadmin_" + name),
                config.interval(),
                config.timeout(),
                config.staleness().orElse(config.interval().multipliedBy(stalenessIntervals)));
    }
}
