package dev.superadmin.monitor.reload;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.Config;

import dev.superadmin.monitor.check.CheckCatalog;
import dev.superadmin.monitor.config.ConfigCheck;
import dev.superadmin.monitor.config.MonitorConfig;
import dev.superadmin.monitor.metrics.CheckMetrics;
import dev.superadmin.monitor.probe.ProbeScheduler;
import dev.superadmin.monitor.probe.Targets;
import dev.superadmin.monitor.status.StatusStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.config.SmallRyeConfig;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Applies a changed configuration without a restart: when the files it reads change (looked at every
 * {@code superadmin.reload.poll-interval}), on {@code SIGHUP}, and on {@code POST /-/reload}. The new configuration
 * goes through every check of the start first; a fault leaves the running one in force and is logged by key. Then it
 * replaces the catalog whole, and the targets, series, states and schedules follow it, each keeping what did not
 * change. Reloads run one at a time, on one thread. Application-scoped, so that it is made at start-up after
 * {@link ConfigCheck} has passed (the status and metrics routes need it only on a request).
 */
@ApplicationScoped
public class ConfigReload {

    /** The outcomes of a reload, as the {@code outcome} label of {@code superadmin_config_reloads_total}. */
    public enum Outcome {
        APPLIED, UNCHANGED, FAILED;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * What a reload did.
     *
     * @param version the configuration's version in force after it
     * @param faults why it failed, one line per fault starting with its key; empty otherwise
     */
    public record Result(Outcome outcome, String version, List<String> faults) {
    }

    /** Keys that a reload applies; any other change waits for a restart. */
    private static final List<String> RELOADABLE = List.of("superadmin.checks.", "superadmin.targets.",
            "superadmin.staleness-intervals", "superadmin.target");

    private final CheckCatalog catalog;
    private final ConfigCheck check;
    private final Targets targets;
    private final StatusStore store;
    private final CheckMetrics metrics;
    private final ProbeScheduler scheduler;
    private final MeterRegistry registry;
    private final ConfigFiles files;
    private final long pollMillis;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "superadmin-config-reload");
        thread.setDaemon(true);
        return thread;
    });

    private static final Signal HUP = new Signal("HUP");

    private SignalHandler previousHandler;
    /** A requested reload that has not started yet; guarded by this. */
    private CompletableFuture<Result> waiting;

    // read and written on the reload thread only, but for the series
    private SmallRyeConfig applied;
    private Set<Path> watched;
    private String appliedFiles;
    private String seenFiles;
    private volatile boolean lastSuccessful = true;
    private volatile Instant lastSuccess = Instant.now();

    ConfigReload(CheckCatalog catalog, ConfigCheck check, Targets targets, StatusStore store, CheckMetrics metrics,
            ProbeScheduler scheduler, MeterRegistry registry, Config config, MonitorConfig monitorConfig) {
        this.catalog = catalog;
        this.check = check;
        this.targets = targets;
        this.store = store;
        this.metrics = metrics;
        this.scheduler = scheduler;
        this.registry = registry;
        this.applied = config.unwrap(SmallRyeConfig.class);
        this.files = new ConfigFiles(applied);
        this.watched = files.watched(monitorConfig);
        this.pollMillis = monitorConfig.reload().pollInterval().toMillis();
    }

    void start(@Observes StartupEvent event) {
        Gauge.builder("superadmin_config_last_reload_successful", this, reload -> reload.lastSuccessful ? 1 : 0)
                .description("1 when the last reload of the configuration was applied (or changed nothing), 0 when it"
                        + " failed and the configuration before it is still in force")
                .register(registry);
        Gauge.builder("superadmin_config_last_reload_success_timestamp_seconds", this,
                        reload -> reload.lastSuccess.toEpochMilli() / 1000.0)
                .description("Unix time of the last successful reload of the configuration, or of the start")
                .register(registry);
        for (Outcome outcome : Outcome.values()) {
            Counter.builder("superadmin_config_reloads")
                    .description("Reloads of the configuration, by outcome: applied, unchanged, failed")
                    .tag("outcome", outcome.label())
                    .register(registry);
        }
        thread.execute(() -> appliedFiles = seenFiles = ConfigFiles.fingerprint(watched));
        if (pollMillis > 0) {
            thread.scheduleWithFixedDelay(this::poll, pollMillis, pollMillis, TimeUnit.MILLISECONDS);
        }
        try {
            previousHandler = Signal.handle(HUP, signal -> request("SIGHUP"));
        } catch (IllegalArgumentException e) { // a JVM started with -Xrs, or a system without SIGHUP
            Log.infof("SIGHUP cannot be handled here (%s): reload by file or POST %s", e.getMessage(), "/-/reload");
        }
    }

    /** Before the probes stop and the pools close: a reload running then would make pools and jobs after them. */
    void stop(@Observes @Priority(1) ShutdownEvent event) throws InterruptedException {
        if (previousHandler != null) {
            Signal.handle(HUP, previousHandler); // a test or dev-mode restart makes a new instance: not this one's
        }
        thread.shutdownNow();
        thread.awaitTermination(2, TimeUnit.SECONDS);
    }

    /**
     * Reloads on the reload thread, after any reload running; the future completes with what it did. A request made
     * while another waits to start joins it (that reload reads the files after both were made): however many requests
     * and signals arrive, at most one reload waits.
     */
    public synchronized CompletableFuture<Result> request(String trigger) {
        if (waiting == null) {
            CompletableFuture<Result> next = new CompletableFuture<>();
            waiting = next;
            thread.execute(() -> {
                synchronized (this) {
                    waiting = null;
                }
                try {
                    next.complete(reload(trigger, ConfigFiles.fingerprint(watched)));
                } catch (RuntimeException e) {
                    Log.errorf(e, "configuration reload (%s) failed", trigger);
                    next.completeExceptionally(e);
                }
            });
        }
        return waiting;
    }

    /** A change is applied once the files have stayed the same for one more look: a burst of writes gives one reload. */
    private void poll() {
        try {
            String now = ConfigFiles.fingerprint(watched);
            if (now.equals(seenFiles) && !now.equals(appliedFiles)) {
                reload("file change", now);
            }
            seenFiles = now;
        } catch (RuntimeException e) {
            // an exception would end the periodic task, and with it every later reload by file
            Log.errorf(e, "configuration reload (file change) failed");
        }
    }

    /** {@code before}: the watched files' fingerprint, taken before they are read. */
    private Result reload(String trigger, String before) {
        SmallRyeConfig next;
        MonitorConfig config;
        List<String> faults;
        try {
            next = files.read();
            config = next.getConfigMapping(MonitorConfig.class);
            faults = check.faults(next, config);
        } catch (Exception e) { // a file that cannot be read, a value that does not convert: SmallRye names the key
            next = null;
            config = null;
            faults = List.of(Objects.requireNonNullElse(e.getMessage(), e.toString()));
        }
        if (!faults.isEmpty()) {
            // the files it names are watched too: the fix may be a password file that was missing
            Set<Path> more = new LinkedHashSet<>(watched);
            if (config != null) {
                more.addAll(files.watched(config));
            }
            watch(more, before); // not read again until one changes
            Log.errorf("configuration reload (%s) failed; version %s stays in force:%n%s", trigger,
                    catalog.current().version(), String.join(System.lineSeparator(), faults));
            return outcome(Outcome.FAILED, faults);
        }
        watch(files.watched(config), before);
        List<String> waiting = restartOnly(applied, next, files.names(applied, next));
        applied = next;
        if (!waiting.isEmpty()) {
            Log.warnf("configuration reload (%s): %s changed, which takes effect at the next start; the rest is applied",
                    trigger, String.join(", ", waiting));
        }
        CheckCatalog.Snapshot from = catalog.current();
        CheckCatalog.Snapshot to = catalog.build(config);
        if (to.equals(from)) {
            Log.infof("configuration reload (%s): version %s, nothing to change", trigger, from.version());
            return outcome(Outcome.UNCHANGED, List.of());
        }
        try {
            scheduler.apply(() -> {
                catalog.replace(to);
                targets.apply(to);
                metrics.apply(from);
                store.apply(from, Instant.now());
            });
        } catch (RuntimeException e) {
            // valid, yet something refused it (a metric name another series has with other labels): part of it may be
            // in force, and the metric says so until a reload succeeds
            Log.errorf(e, "configuration reload (%s): applying version %s failed part way; restart the service to be"
                    + " sure of what runs", trigger, to.version());
            return outcome(Outcome.FAILED, List.of(e.toString()));
        }
        Log.infof("configuration reload (%s): version %s applied (was %s): %d targets, %d probes", trigger, to.version(),
                from.version(), to.targets().size(), to.targets().values().stream().mapToInt(plan -> plan.checks().size()).sum());
        return outcome(Outcome.APPLIED, List.of());
    }

    /**
     * Watches {@code next} from now on, its files as they were before the reload read them ({@code before}, over the
     * files watched until now): a write between that look and the reading is then seen at the next look. When the
     * reload changed which files are watched, the next look reloads once more, to be sure.
     */
    private void watch(Set<Path> next, String before) {
        appliedFiles = seenFiles = next.equals(watched) ? before : null;
        watched = next;
    }

    /** Counts the reload and keeps whether it succeeded, for the series. */
    private Result outcome(Outcome outcome, List<String> faults) {
        registry.counter("superadmin_config_reloads", "outcome", outcome.label()).increment();
        lastSuccessful = outcome != Outcome.FAILED;
        if (lastSuccessful) {
            lastSuccess = Instant.now();
        }
        return new Result(outcome, catalog.current().version(), faults);
    }

    /**
     * The keys of the files whose values differ between two configurations and that a reload does not apply, by name
     * (never a value).
     */
    private static List<String> restartOnly(SmallRyeConfig before, SmallRyeConfig after, Set<String> names) {
        List<String> changed = new ArrayList<>();
        for (String name : names) {
            boolean reloadable = RELOADABLE.stream().anyMatch(prefix -> prefix.endsWith(".") ? name.startsWith(prefix) : name.equals(prefix));
            if (!reloadable && (name.startsWith("superadmin.") || name.startsWith("quarkus."))
                    && !Objects.equals(before.getRawValue(name), after.getRawValue(name))) {
                changed.add(name);
            }
        }
        return changed;
    }
}
