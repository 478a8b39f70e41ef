package dev.superadmin.monitor.probe;

import java.time.Duration;
import java.util.ArrayList;
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
 * Decides when each check runs. At start-up every check runs once, 10 ms apart (the pool's two connections keep
 * the database from seeing a burst); then each check repeats on its own interval, the schedules offset by
 * {@code superadmin.stagger} per check so that checks with equal intervals do not meet. When the database answers
 * again after being unreachable, the checks that failed for want of it run at once, in the same spaced way, instead
 * of staying UNKNOWN until their next turn (up to five minutes for the slow ones).
 */
@ApplicationScoped
public class ProbeScheduler {

    static final Duration SPACING = Duration.ofMillis(10);

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
        firstRound = firstRound().subscribe().with(done -> Log.debugf("first round of %d probes done", checks.size()));
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

    /**
     * Every check once at start-up, started {@link #SPACING} apart without waiting for each other:
     * readiness then comes after the slowest probe rather than the sum of all, which matters when the database
     * is silent and every probe runs into its timeout.
     */
    Uni<Void> firstRound() {
        return spaced(checks);
    }

    private Uni<Void> spaced(List<CheckDefinition> checks) {
        List<Uni<Void>> probes = new ArrayList<>();
        for (int i = 0; i < checks.size(); i++) {
            CheckDefinition check = checks.get(i);
            probes.add(i == 0 ? probe(check) : Uni.createFrom().voidItem().onItem()
                    .delayIt().by(SPACING.multipliedBy(i)).chain(() -> probe(check)));
        }
        return probes.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(probes).andFailFast().replaceWithVoid();
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
                .invoke(this::record)
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

    private void record(ProbeResult result) {
        boolean wasUnreachable = store.databaseUnreachable();
        store.record(result);
        if (wasUnreachable && result.contact() == DatabaseContact.ANSWERED) {
            List<CheckDefinition> missed = checks.stream()
                    .filter(check -> !check.name().equals(result.check()))
                    .filter(check -> store.lastAttempt(check.name())
                            .map(last -> last.contact() == DatabaseContact.UNREACHABLE).orElse(false))
                    .toList();
            if (missed.isEmpty()) {
                return;
            }
            Log.infof("the database answers again; probing now what failed while it did not: %s",
                    missed.stream().map(CheckDefinition::name).collect(Collectors.joining(", ")));
            spaced(missed).subscribe().with(done -> Log.debugf("%d checks probed after the outage", missed.size()));
        }
    }
}
