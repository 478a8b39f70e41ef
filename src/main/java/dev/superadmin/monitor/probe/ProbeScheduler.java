package dev.superadmin.monitor.probe;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.superadmin.monitor.check.CheckCatalog;
import dev.superadmin.monitor.check.CheckDefinition;
import dev.superadmin.monitor.config.MonitorConfig;
import dev.superadmin.monitor.status.StatusStore;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduler;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;

/**
 * Decides when each check runs. At start-up one round runs the checks one after another, so that readiness comes
 * quickly without a burst on the database; then each check repeats on its own interval, the first repetitions
 * offset by {@code superadmin.stagger} per check so that checks with equal intervals do not meet.
 */
@ApplicationScoped
public class ProbeScheduler {

    private final List<CheckDefinition> checks;
    private final ProbeRunner runner;
    private final StatusStore store;
    private final Scheduler scheduler;
    private final Duration stagger;
    private final Map<String, AtomicReference<Uni<Void>>> inFlight;
    private volatile Cancellable firstRound;

    ProbeScheduler(CheckCatalog catalog, ProbeRunner runner, StatusStore store, Scheduler scheduler, MonitorConfig config) {
        this.checks = catalog.all();
        this.runner = runner;
        this.store = store;
        this.scheduler = scheduler;
        this.stagger = config.stagger();
        this.inFlight = checks.stream()
                .collect(Collectors.toUnmodifiableMap(CheckDefinition::name, check -> new AtomicReference<Uni<Void>>()));
    }

    void start(@Observes StartupEvent event) {
        firstRound = runRound().subscribe().with(done -> Log.debugf("first round of %d probes done", checks.size()));
        Duration offset = Duration.ZERO;
        for (CheckDefinition check : checks) {
            scheduler.newJob("probe-" + check.name())
                    .setInterval(check.interval().toString())
                    .setDelayed(check.interval().plus(offset).toString())
                    .setAsyncTask(execution -> probe(check))
                    .schedule();
            offset = offset.plus(stagger);
        }
        Log.infof("watching %d checks: %s", checks.size(),
                checks.stream().map(check -> check.name() + " every " + check.interval().toSeconds() + "s")
                        .collect(Collectors.joining(", ")));
    }

    /** A first round still running at shutdown stops there, rather than ask a closing pool for connections. */
    void stop(@Observes ShutdownEvent event) {
        Cancellable round = firstRound;
        if (round != null) {
            round.cancel();
        }
    }

    /** Runs every check once, one after another; completes when all are recorded. */
    public Uni<Void> runRound() {
        return Multi.createFrom().iterable(checks)
                .onItem().transformToUniAndConcatenate(this::probe)
                .collect().last();
    }

    /**
     * Runs one check, or joins its probe that is still running: a check never overlaps itself. The probe ends at
     * the latest at its client-side timeout, just after the server has cancelled the statement.
     */
    Uni<Void> probe(CheckDefinition check) {
        AtomicReference<Uni<Void>> running = inFlight.get(check.name());
        Uni<Void> started = runner.run(check)
                .invoke(store::record)
                .replaceWithVoid()
                .memoize().indefinitely();
        Uni<Void> current = running.compareAndExchange(null, started);
        if (current != null) {
            Log.debugf("%s: previous probe still running, joined", check.name());
            return current;
        }
        started.subscribe().with(done -> running.set(null), failure -> running.set(null));
        return started;
    }
}
