package dev.superadmin.monitor.check;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.inject.Singleton;

import dev.superadmin.monitor.config.CheckConfig;
import dev.superadmin.monitor.config.MonitorConfig;

/** The enabled checks, built once from configuration, in name order. */
@Singleton
public class CheckCatalog {

    private final List<CheckDefinition> checks;
    private final Map<String, CheckDefinition> byName;

    CheckCatalog(MonitorConfig config) {
        this.checks = config.checks().entrySet().stream()
                .filter(entry -> entry.getValue().enabled())
                .map(entry -> definition(entry.getKey(), entry.getValue(), config.stalenessIntervals()))
                .sorted(Comparator.comparing(CheckDefinition::name))
                .toList();
        this.byName = checks.stream().collect(Collectors.toUnmodifiableMap(CheckDefinition::name, Function.identity()));
    }

    public List<CheckDefinition> all() {
        return checks;
    }

    public Optional<CheckDefinition> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    static CheckDefinition definition(String name, CheckConfig config, int stalenessIntervals) {
        return new CheckDefinition(
                name,
                config.description().orElse("Value of the " + name + " check"),
                config.sql().strip(),
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
