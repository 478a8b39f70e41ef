package dev.superadmin.monitor.metrics;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import dev.superadmin.monitor.check.CheckCatalog;
import dev.superadmin.monitor.check.CheckDefinition;
import dev.superadmin.monitor.config.Shard;
import dev.superadmin.monitor.probe.FailureReason;
import dev.superadmin.monitor.status.CheckResult;
import dev.superadmin.monitor.status.CheckState;
import dev.superadmin.monitor.status.StatusStore;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;

/**
 * The service's series, registered once at start-up over the {@link StatusStore}: a scrape reads memory and never
 * a database. Every series of a target carries its {@code target} label.
 */
@Singleton
public class CheckMetrics {

    private static final String FROM_PROBE = " (from the last probe, not measured at scrape time)";

    private final CheckCatalog catalog;
    private final StatusStore store;
    private final MeterRegistry registry;
    /** The series of each reported row, by target, check and row name. */
    private Map<String, List<Meter>> rowMeters = new HashMap<>();

    CheckMetrics(CheckCatalog catalog, StatusStore store, MeterRegistry registry) {
        this.catalog = catalog;
        this.store = store;
        this.registry = registry;
    }

    void register(@Observes StartupEvent event) {
        // about the instance, not a target: lets an alert see a shard that no instance watches
        Gauge.builder("superadmin_shards", catalog.shard(), Shard::count)
                .description("Shards the targets are split over (superadmin.shards.count); index: this instance's shard")
                .tag("index", Integer.toString(catalog.shard().index()))
                .register(registry);
        for (String target : catalog.targets()) {
            register(target);
        }
    }

    private void register(String target) {
        Gauge.builder("superadmin_database_up", store, s -> s.databaseUp(target) ? 1 : 0)
                .description("1 when the latest probe got an answer from the watched database, else 0" + FROM_PROBE)
                .tag("target", target)
                .register(registry);
        for (CheckDefinition check : catalog.checks(target)) {
            register(target, check);
        }
    }

    /**
     * Follows a reload from {@code before} to the catalog in force: the series of a target or check that is gone go,
     * those of a check whose definition changed are made anew (its thresholds, its metric's name), and a new target or
     * check gets its own.
     */
    public synchronized void apply(CheckCatalog.Snapshot before) {
        CheckCatalog.Snapshot after = catalog.current();
        Set<String> goneTargets = new HashSet<>(before.targets().keySet());
        goneTargets.removeAll(after.targets().keySet());
        Set<String> redone = differing(before, after);
        List<Meter> gone = registry.getMeters().stream().filter(meter -> {
            String target = meter.getId().getTag("target");
            String check = meter.getId().getTag("check");
            return target != null && (goneTargets.contains(target) || check != null && redone.contains(target + "\0" + check));
        }).toList();
        gone.forEach(registry::remove);
        rowMeters.keySet().removeIf(key -> goneTargets.contains(key.substring(0, key.indexOf('\0')))
                || redone.contains(key.substring(0, key.lastIndexOf('\0'))));
        Set<String> fresh = differing(after, before);
        after.targets().forEach((target, plan) -> {
            if (!before.targets().containsKey(target)) {
                register(target);
                return;
            }
            plan.checks().stream().filter(check -> fresh.contains(target + "\0" + check.name()))
                    .forEach(check -> register(target, check));
        });
    }

    /** The checks of {@code from}, as {@code target \0 check}, that {@code to} does not have as they are. */
    private static Set<String> differing(CheckCatalog.Snapshot from, CheckCatalog.Snapshot to) {
        Set<String> differing = new HashSet<>();
        from.targets().forEach((target, plan) -> plan.checks().stream()
                .filter(check -> to.find(target, check.name()).filter(check::equals).isEmpty())
                .forEach(check -> differing.add(target + "\0" + check.name())));
        return differing;
    }

    private void register(String target, CheckDefinition check) {
        String name = check.name();
        if (!check.rows()) {
            checkGauge(check.metric(), target, check, state -> state.value() == null ? Double.NaN : state.value(),
                    check.description() + unit(check) + "; NaN when unknown or stale" + FROM_PROBE);
        }
        checkGauge("superadmin_check_status", target, check, state -> state.state().code(),
                "State of the check: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (failed or stale)" + FROM_PROBE);
        checkGauge("superadmin_check_status_since_timestamp_seconds", target, check,
                state -> state.since().toEpochMilli() / 1000.0,
                "Unix time at which the check took its current state (the service's start while it has had no other)"
                        + FROM_PROBE);
        checkGauge("superadmin_check_held", target, check, state -> state.held() ? 1 : 0,
                "1 while the database cannot be reached and the check's value and state are the last ones measured,"
                        + " held until they go stale; else 0" + FROM_PROBE);
        check.warning().ifPresent(value -> threshold(target, name, "warning", value));
        check.critical().ifPresent(value -> threshold(target, name, "critical", value));
        checkGauge("superadmin_probe_duration_seconds", target, check,
                state -> state.lastDuration() == null ? Double.NaN : state.lastDuration().toNanos() / 1e9,
                "Duration of the check's last probe, in seconds");
        checkGauge("superadmin_probe_last_success_timestamp_seconds", target, check,
                state -> state.measuredAt() == null ? 0 : state.measuredAt().toEpochMilli() / 1000.0,
                "Unix time of the check's last successful probe, 0 before the first");
        for (FailureReason reason : FailureReason.values()) {
            FunctionCounter.builder("superadmin_probe_failures", store, s -> s.failures(target, name, reason))
                    .description("Failed probes of the check, by reason")
                    .tags("target", target, "check", name, "reason", reason.label())
                    .register(registry);
        }
    }

    /**
     * Makes the series of the rows that rows checks reported follow those rows: a row that appears gets its value and
     * state gauges, one that is gone loses them. Called before each rendering of /q/metrics, the only reader.
     */
    public synchronized void syncRows() {
        Map<String, List<Meter>> current = new HashMap<>();
        for (String target : catalog.targets()) {
            for (CheckDefinition check : catalog.checks(target)) {
                if (check.rows()) {
                    for (String row : store.reportedRows(target, check.name())) {
                        String key = target + "\0" + check.name() + "\0" + row;
                        current.put(key, rowMeters.containsKey(key) ? rowMeters.get(key) : register(target, check, row));
                    }
                }
            }
        }
        rowMeters.forEach((key, meters) -> {
            if (!current.containsKey(key)) {
                meters.forEach(registry::remove);
            }
        });
        rowMeters = current;
    }

    private List<Meter> register(String target, CheckDefinition check, String row) {
        return List.of(
                Gauge.builder(check.metric(), store, s -> rowValue(s, target, check, row,
                                result -> result.value() == null ? Double.NaN : result.value().doubleValue()))
                        .description(check.description() + ", by row; NaN when not a number, unknown or stale" + FROM_PROBE)
                        .tags("target", target, "check", check.name(), "row", row)
                        .register(registry),
                Gauge.builder("superadmin_check_row_status", store, s -> rowValue(s, target, check, row,
                                result -> result.state().code()))
                        .description("State of a row of a rows check, from its status: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN"
                                + FROM_PROBE)
                        .tags("target", target, "check", check.name(), "row", row)
                        .register(registry),
                Gauge.builder("superadmin_check_row_status_since_timestamp_seconds", store, s -> rowValue(s, target, check,
                                row, result -> result.since().toEpochMilli() / 1000.0))
                        .description("Unix time at which a row of a rows check took its current state (its first report"
                                + " while it has had no other); NaN while the check has no fresh answer" + FROM_PROBE)
                        .tags("target", target, "check", check.name(), "row", row)
                        .register(registry));
    }

    private static double rowValue(StatusStore store, String target, CheckDefinition check, String row,
            ToDoubleFunction<CheckResult.RowResult> value) {
        Map<String, CheckResult.RowResult> rows = store.check(target, check, Instant.now()).rows();
        CheckResult.RowResult result = rows == null ? null : rows.get(row);
        return result == null ? Double.NaN : value.applyAsDouble(result);
    }

    private void checkGauge(String metric, String target, CheckDefinition check, ToDoubleFunction<CheckState> value,
            String help) {
        Gauge.builder(metric, store, s -> value.applyAsDouble(s.check(target, check, Instant.now())))
                .description(help)
                .tags("target", target, "check", check.name())
                .register(registry);
    }

    private void threshold(String target, String check, String level, double value) {
        Gauge.builder("superadmin_check_threshold", () -> value)
                .description("Configured threshold of the check, by level")
                .tags("target", target, "check", check, "level", level)
                .register(registry);
    }

    private static String unit(CheckDefinition check) {
        return check.unit().isEmpty() ? "" : ", in " + check.unit();
    }
}
