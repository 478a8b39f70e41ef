package dev.superadmin.monitor.check;

import java.util.Collections;
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
import dev.superadmin.monitor.config.ContentHash;
import dev.superadmin.monitor.config.MonitorConfig;
import dev.superadmin.monitor.config.Shard;
import dev.superadmin.monitor.config.TargetConnection;
import io.quarkus.logging.Log;

/**
 * Every configured check, and which of them run on which target, as of the configuration in force: built at start-up
 * and replaced whole by a reload ({@link #replace}), so that a reader sees one configuration or the next, never a mix
 * within one call. A target is a database to watch: each {@code superadmin.targets.<name>}, and the Quarkus datasource
 * when its URL is set (the shorthand for a single database, named by {@code superadmin.target}). Each runs the checks
 * it names, or else every enabled one. Targets, and the checks of each, are in name order. With
 * {@code superadmin.shards.count} above 1, only the targets of this instance's shard are here.
 */
@Singleton
public class CheckCatalog {

    private final Optional<String> datasourceUrl;
    /** This instance's shard, as of the start: a reload does not move targets between instances. */
    private final Shard shard;
    private volatile Snapshot current;

    CheckCatalog(MonitorConfig config, @ConfigProperty(name = ConfigCheck.URL_KEY) Optional<String> datasourceUrl,
            @ConfigProperty(name = ConfigCheck.HOSTNAME_KEY) Optional<String> hostname) {
        this.datasourceUrl = datasourceUrl;
        // a shard that cannot be known is reported by ConfigCheck, which stops start-up
        this.shard = Shard.configured(config.shards(), hostname).orElse(Shard.ALL);
        this.current = build(config);
        if (shard.count() > 1) {
            Log.infof("%s: watching %d of the %d configured targets, the others' shards watch the rest", shard,
                    current.targets().size(), current.targets().size() + current.elsewhere().size());
        }
    }

    /**
     * The catalog that {@code config} describes on this instance, whose datasource URL and shard are those of the
     * start: they change only with a restart.
     */
    public Snapshot build(MonitorConfig config) {
        Map<String, CheckDefinition> byName = config.checks().entrySet().stream()
                .map(entry -> definition(entry.getKey(), entry.getValue(), config.stalenessIntervals()))
                .collect(Collectors.toUnmodifiableMap(CheckDefinition::name, Function.identity()));
        List<CheckDefinition> enabled = config.checks().entrySet().stream()
                .filter(entry -> entry.getValue().enabled())
                .map(entry -> byName.get(entry.getKey()))
                .sorted(Comparator.comparing(CheckDefinition::name))
                .toList();
        Map<String, TargetPlan> targets = new TreeMap<>();
        Set<String> elsewhere = new TreeSet<>();
        // unknown names are left out here and reported by ConfigCheck
        config.targets().forEach((target, settings) -> {
            if (!shard.watches(target)) {
                elsewhere.add(target);
                return;
            }
            List<CheckDefinition> checks = settings.checks()
                    .map(names -> names.stream().map(byName::get).filter(Objects::nonNull).distinct()
                            .sorted(Comparator.comparing(CheckDefinition::name)).toList())
                    .orElse(enabled);
            targets.put(target, new TargetPlan(target, Optional.of(TargetConnection.of(settings)), checks));
        });
        datasourceUrl.filter(url -> shard.watches(config.target()))
                .ifPresent(url -> targets.putIfAbsent(config.target(), new TargetPlan(config.target(), Optional.empty(), enabled)));
        datasourceUrl.filter(url -> !shard.watches(config.target())).ifPresent(url -> elsewhere.add(config.target()));
        Optional<String> defaultTarget = targets.size() == 1 ? Optional.of(targets.keySet().iterator().next())
                : datasourceUrl.map(url -> config.target()).filter(targets::containsKey);
        return new Snapshot(Collections.unmodifiableMap(targets), Collections.unmodifiableSet(elsewhere), defaultTarget,
                shard, Snapshot.version(targets, shard));
    }

    /** The catalog in force. */
    public Snapshot current() {
        return current;
    }

    /** Puts a reloaded configuration in force. */
    public void replace(Snapshot next) {
        current = next;
    }

    /** Target names, in order. */
    public List<String> targets() {
        return List.copyOf(current.targets().keySet());
    }

    /** The share of the configured targets that this instance watches. */
    public Shard shard() {
        return current.shard();
    }

    /** True for a configured target that another shard watches. */
    public boolean elsewhere(String target) {
        return current.elsewhere().contains(target);
    }

    /** The target a request means when it names none: the only one, or else the Quarkus datasource's. */
    public Optional<String> defaultTarget() {
        return current.defaultTarget();
    }

    /** The checks that run on a target, in name order; empty for an unknown target. */
    public List<CheckDefinition> checks(String target) {
        return current.checks(target);
    }

    public Optional<CheckDefinition> find(String target, String check) {
        return current.find(target, check);
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

    /**
     * A watched database as configured: its name, how its pool connects (empty for the Quarkus datasource's, whose pool
     * Quarkus makes), and its checks in name order.
     */
    public record TargetPlan(String name, Optional<TargetConnection> connection, List<CheckDefinition> checks) {

        public TargetPlan {
            checks = List.copyOf(checks);
        }
    }

    /**
     * One configuration's catalog, immutable.
     *
     * @param targets this instance's targets by name, in order
     * @param elsewhere configured targets that another shard watches
     * @param version twelve hex digits that change when anything here changes but a password: the version of the
     *        configuration in /status (a password's hash would be a clue to it, and anyone who can read /status has it)
     */
    public record Snapshot(Map<String, TargetPlan> targets, Set<String> elsewhere, Optional<String> defaultTarget,
            Shard shard, String version) {

        public List<CheckDefinition> checks(String target) {
            TargetPlan plan = targets.get(target);
            return plan == null ? List.of() : plan.checks();
        }

        public Optional<CheckDefinition> find(String target, String check) {
            return checks(target).stream().filter(definition -> definition.name().equals(check)).findFirst();
        }

        static String version(Map<String, TargetPlan> targets, Shard shard) {
            StringBuilder text = new StringBuilder().append(shard).append('\n');
            targets.values().forEach(plan -> text.append(plan.name()).append(' ')
                    .append(plan.connection().map(TargetConnection::describe).orElse("datasource")).append('\n')
                    .append(plan.checks()).append('\n'));
            return ContentHash.of(text.toString()).substring(0, 12);
        }
    }
}
