package dev.superadmin.monitor.metrics;

import java.time.Instant;
import java.util.function.ToDoubleFunction;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import dev.superadmin.monitor.check.CheckCatalog;
import dev.superadmin.monitor.check.CheckDefinition;
import dev.superadmin.monitor.probe.FailureReason;
import dev.superadmin.monitor.probe.ProbeResult;
import dev.superadmin.monitor.status.CheckResult;
import dev.superadmin.monitor.status.StatusStore;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
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

    CheckMetrics(CheckCatalog catalog, StatusStore store, MeterRegistry registry) {
        this.catalog = catalog;
        this.store = store;
        this.registry = registry;
    }

    void register(@Observes StartupEvent event) {
        for (String target : catalog.targets()) {
            Gauge.builder("superadmin_database_up", store, s -> s.databaseUp(target) ? 1 : 0)
                    .description("1 when the latest probe got an answer from the watched database, else 0" + FROM_PROBE)
                    .tag("target", target)
                    .register(registry);
            for (CheckDefinition check : catalog.checks(target)) {
                register(target, check);
            }
        }
    }

    private void register(String target, CheckDefinition check) {
        String name = check.name();
        checkGauge(check.metric(), target, check, result -> result.value() == null ? Double.NaN : result.value().doubleValue(),
                check.description() + unit(check) + "; NaN when unknown or stale" + FROM_PROBE);
        checkGauge("superadmin_check_status", target, check, result -> result.state().code(),
                "State of the check: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (failed or stale)" + FROM_PROBE);
        check.warning().ifPresent(value -> threshold(target, name, "warning", value));
        check.critical().ifPresent(value -> threshold(target, name, "critical", value));
        Gauge.builder("superadmin_probe_duration_seconds", store,
                        s -> s.lastAttempt(target, name).map(r -> r.duration().toNanos() / 1e9).orElse(Double.NaN))
                .description("Duration of the check's last probe, in seconds")
                .tags("target", target, "check", name)
                .register(registry);
        Gauge.builder("superadmin_probe_last_success_timestamp_seconds", store,
                        s -> s.lastSuccess(target, name).map(CheckMetrics::epochSeconds).orElse(0.0))
                .description("Unix time of the check's last successful probe, 0 before the first")
                .tags("target", target, "check", name)
                .register(registry);
        for (FailureReason reason : FailureReason.values()) {
            FunctionCounter.builder("superadmin_probe_failures", store, s -> s.failures(target, name, reason))
                    .description("Failed probes of the check, by reason")
                    .tags("target", target, "check", name, "reason", reason.label())
                    .register(registry);
        }
    }

    private void checkGauge(String metric, String target, CheckDefinition check, ToDoubleFunction<CheckResult> value,
            String help) {
        Gauge.builder(metric, store, s -> value.applyAsDouble(s.result(target, check, Instant.now())))
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

    private static double epochSeconds(ProbeResult result) {
        return result.finishedAt().toEpochMilli() / 1000.0;
    }
}
