package dev.superadmin.monitor.check;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.superadmin.monitor.config.CheckConfig;
import dev.superadmin.monitor.config.ConfigCheck;
import dev.superadmin.monitor.config.MonitorConfig;
import dev.superadmin.monitor.config.Shard;
import io.quarkus.logging.Log;

/**
 * Every configured check, built once from configuration, and which of them run on which target. A target is a database
 * to watch: each {@code superadmin.targets.<name>}, and the Quarkus datasource when its URL is set (the shorthand for a
 * single database, named by {@code superadmin.target}). Each runs the checks it names, or else every enabled one.
 * Targets, and the checks of each, are in name order. With {@code superadmin.shards.count} above 1, only the
 * targets of this instance's shard are here.
 */
@Singleton
public class CheckCatalog {

    private final Map<String, CheckDefinition> byName;
    private final Map<String, List<CheckDefinition>> byTarget = new TreeMap<>();
    private final Optional<String> defaultTarget;
    private final Shard shard;
    /** Configured targets that another shard watches. */
    private final Set<String> elsewhere = new TreeSet<>();

    CheckCatalog(MonitorConfig config, @ConfigProperty(name = ConfigCheck.URL_KEY) Optional<String> datasourceUrl,
            @ConfigProperty(name = ConfigCheck.HOSTNAME_KEY) Optional<String> hostname) {
        // a shard that cannot be known is reported by ConfigCheck, which stops start-up
        this.shard = Shard.configured(config.shards(), hostname).orElse(Shard.ALL);
        this.byName = config.checks().entrySet().stream()
                .map(entry -> definition(entry.getKey(), entry.getValue(), config.stalenessIntervals()))
                .collect(Collectors.toUnmodifiableMap(CheckDefinition::name, Function.identity()));
        List<CheckDefinition> enabled = config.checks().entrySet().stream()
                .filter(entry -> entry.getValue().enabled())
                .map(entry -> byName.get(entry.getKey()))
                .sorted(Comparator.comparing(CheckDefinition::name))
                .toList();
        // unknown names are left out here and reported by ConfigCheck, which stops start-up
        config.targets().forEach((target, settings) -> byTarget.put(target, settings.checks()
                .map(names -> names.stream().map(byName::get).filter(Objects::nonNull).distinct()
                        .sorted(Comparator.comparing(CheckDefinition::name)).toList())
                .orElse(enabled)));
        datasourceUrl.ifPresent(url -> byTarget.putIfAbsent(config.target(), enabled));
        for (String target : List.copyOf(byTarget.keySet())) {
            if (!shard.watches(target)) {
                byTarget.remove(target);
                elsewhere.add(target);
            }
        }
        this.defaultTarget = byTarget.size() == 1 ? Optional.of(byTarget.keySet().iterator().next())
                : datasourceUrl.map(url -> config.target()).filter(byTarget::containsKey);
        if (shard.count() > 1) {
            Log.infof("%s: watching %d of the %d configured targets, the others' shards watch the rest", shard,
                    byTarget.size(), byTarget.size() + elsewhere.size());
        }
    }

    /** Target names, in order. */
    public List<String> targets() {
        return List.copyOf(byTarget.keySet());
    }

    /** The share of the configured targets that this instance watches. */
    public Shard shard() {
        return shard;
    }

    /** True for a configured target that another shard watches. */
    public boolean elsewhere(String target) {
        return elsewhere.contains(target);
    }

    /** The target a request means when it names none: the only one, or else the Quarkus datasource's. */
    public Optional<String> defaultTarget() {
        return defaultTarget;
    }

    /** The checks that run on a target, in name order; empty for an unknown target. */
    public List<CheckDefinition> checks(String target) {
        return byTarget.getOrDefault(target, List.of());
    }

    public Optional<CheckDefinition> find(String target, String check) {
        return checks(target).stream().filter(definition -> definition.name().equals(check)).findFirst();
    }

    /** A check as it runs: the configuration with its defaults filled in. */
    public static CheckDefinition definition(String name, CheckConfig config, int stalenessIntervals) {
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
                config.staleness().orElse(config.interval().multipliedBy(stalenessIntervals)),
                CheckConfig.runbookOf(config));
    }
}
