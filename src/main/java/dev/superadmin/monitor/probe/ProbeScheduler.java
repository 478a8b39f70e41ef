package dev.superadmin.monitor.probe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;

import dev.superadmin.monitor.check.CheckDefinition;
import dev.superadmin.monitor.config.MonitorConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduler;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;

/**
 * Decides when each check runs on each target. At start-up every probe runs once: a target's checks 10 ms apart (a
 * pool's two connections keep its database from seeing a burst), the targets side by side, at most
 * {@code superadmin.first-round-concurrency} probes at once; then each repeats on its check's interval, the schedules of
 * one target's checks offset by {@code superadmin.stagger} one after another so that checks with equal intervals do
 * not meet on its database, and the targets spread over the interval so that a fleet's probes do not meet in the
 * service. When a target's database answers again after being unreachable, its checks that failed
 * for want of it run at once, in the same spaced way, instead of staying UNKNOWN until their next turn (up to five
 * minutes for the slow ones).
 * Probes never wait for each other, so a target that hangs delays no other. A reload ({@link #apply}) keeps the
 * schedule of every probe whose check keeps its interval, and probes at once what is new or measures anew.
 */
@ApplicationScoped
public class ProbeScheduler {

    static final Duration SPACING = Duration.ofMillis(10);

    private static final String JOB = "probe-";

    /** How long shutdown waits for the running probes' statements to be cancelled. */
    static final Duration ABORT_LIMIT = Duration.ofSeconds(2);

    /** One check on one target. */
    record Probe(Target target, CheckDefinition check) {

        String key() {
            return key(target.name(), check.name());
        }

        static String key(String target, String check) {
            return target + "/" + check;
        }

        /** Whether the two measure the same on the same pool: a reload that changed neither keeps the results. */
        boolean sameAs(Probe other) {
            return target == other.target && check.measuresAs(other.check);
        }
    }

    private final Targets targets;
    /** Every probe by {@link Probe#key()}, in catalog order; replaced whole by a reload. */
    private volatile Map<String, Probe> probes;
    private final ProbeRunner runner;
    /** Where results go: the status store observes them. */
    private final Event<ProbeResult> results;
    /** What each target's latest result learned of its database (busy-pool timeouts learn nothing), by target name. */
    private final Map<String, DatabaseContact> targetContact = new ConcurrentHashMap<>();
    /** What each probe's latest result learned of it, by {@link Probe#key()}: which to run again after an outage. */
    private final Map<String, DatabaseContact> probeContact = new ConcurrentHashMap<>();
    private final Scheduler scheduler;
    private final Duration stagger;
    private final int firstRoundConcurrency;
    /** The probe running for each key, if any: a probe joins it rather than overlap it. */
    private final Map<String, Running> inFlight = new ConcurrentHashMap<>();
    /**
     * Held to record a result, and held exclusively by a reload while it replaces the configuration: a result is
     * recorded against the configuration its probe ran with, or not at all.
     */
    private final ReentrantReadWriteLock swapping = new ReentrantReadWriteLock();
    private volatile Cancellable firstRound;
    private volatile boolean stopping;

    ProbeScheduler(Targets targets, ProbeRunner runner, Event<ProbeResult> results, Scheduler scheduler, MonitorConfig config) {
        this.targets = targets;
        this.probes = probesOf(targets.all());
        this.runner = runner;
        this.results = results;
        this.scheduler = scheduler;
        this.stagger = config.stagger();
        this.firstRoundConcurrency = config.firstRoundConcurrency();
    }

    private static Map<String, Probe> probesOf(List<Target> targets) {
        Map<String, Probe> probes = new LinkedHashMap<>();
        targets.forEach(target -> target.checks().forEach(check -> {
            Probe probe = new Probe(target, check);
            probes.put(probe.key(), probe);
        }));
        return Collections.unmodifiableMap(probes);
    }

    void start(@Observes StartupEvent event) {
        List<Probe> probes = List.copyOf(this.probes.values());
        firstRound = spaced(probes).subscribe().with(done -> Log.debugf("first round of %d probes done", probes.size()));
        List<String> targetOfEach = probes.stream().map(probe -> probe.target().name()).toList();
        List<Duration> offsets = offsets(targetOfEach, stagger);
        List<Duration> spread = spread(targetOfEach, probes.stream().map(probe -> probe.check().interval()).toList());
        for (int i = 0; i < probes.size(); i++) {
            schedule(probes.get(i), spread.get(i).plus(offsets.get(i)));
        }
        Log.infof("watching %d targets, %d probes (checks on targets); superadmin.stagger %s between the checks of a"
                + " target", targets.all().size(), probes.size(), stagger);
    }

    /** Runs the probe every interval of its check from {@code delay} on, as it is configured at each turn. */
    private void schedule(Probe probe, Duration delay) {
        String key = probe.key();
        scheduler.newJob(JOB + key)
                .setInterval(probe.check().interval().toString())
                .setDelayed(delay.toString())
                .setAsyncTask(execution -> {
                    Probe current = probes.get(key);
                    return current == null ? Uni.createFrom().voidItem() : probe(current);
                })
                .schedule();
        Log.debugf("probe %s every %ds", key, probe.check().interval().toSeconds());
    }

    /**
     * Runs {@code swap}, a reload's change of the catalog, targets, series and states, while no result is being
     * recorded, then takes its targets and checks: a probe that is gone stops, one whose check's interval changed starts
     * its new schedule one interval from now, a new one one interval from now (a target's new checks
     * {@code superadmin.stagger} apart), and a probe that is new, or whose check measures anew or whose target has a
     * new pool, runs at once as well (spaced as in the first round). No result of a probe of the old configuration is
     * recorded afterwards, unless its check measures as before on the same pool.
     */
    public void apply(Runnable swap) {
        List<Probe> now = new ArrayList<>();
        swapping.writeLock().lock();
        try {
            swap.run();
            Map<String, Probe> before = probes;
            Map<String, Probe> after = probesOf(targets.all());
            probes = after;
            Set<String> watched = after.values().stream().map(probe -> probe.target().name()).collect(Collectors.toSet());
            targetContact.keySet().retainAll(watched);
            for (String key : before.keySet()) {
                if (!after.containsKey(key)) {
                    scheduler.unscheduleJob(JOB + key);
                    probeContact.remove(key);
                }
            }
            List<Probe> fresh = new ArrayList<>();
            for (Probe probe : after.values()) {
                Probe old = before.get(probe.key());
                if (old == null) {
                    fresh.add(probe);
                } else if (!old.check().interval().equals(probe.check().interval())) {
                    scheduler.unscheduleJob(JOB + probe.key());
                    schedule(probe, probe.check().interval());
                }
                if (old == null || !old.sameAs(probe)) {
                    now.add(probe);
                }
            }
            List<Duration> offsets = offsets(fresh.stream().map(probe -> probe.target().name()).toList(), stagger);
            for (int i = 0; i < fresh.size(); i++) {
                schedule(fresh.get(i), fresh.get(i).check().interval().plus(offsets.get(i)));
            }
        } finally {
            swapping.writeLock().unlock();
        }
        if (!now.isEmpty() && !stopping) {
            spaced(now).subscribe().with(done -> Log.debugf("%d probes new to the configuration probed", now.size()));
        }
    }

    /**
     * How long after its first interval each probe's schedule starts, in probe order, given the target of each probe
     * in that order: the checks of one target are {@code stagger} apart so that they do not meet on its database. The offsets start again for each target, as targets are separate databases: a fleet of them does
     * not push the last target's schedules back by the stagger of every check before it.
     */
    static List<Duration> offsets(List<String> targets, Duration stagger) {
        Map<String, Integer> checksBefore = new HashMap<>();
        return targets.stream()
                .map(target -> stagger.multipliedBy(checksBefore.merge(target, 1, Integer::sum) - 1))
                .toList();
    }

    /**
     * When each probe's schedule first runs after the first round, before its target's stagger: target i of n after
     * (i + 1)/n of the check's interval, so that a fleet's probes of a check spread over its interval instead of all
     * falling on the same second (as Prometheus spreads its scrapes), and none waits longer than one interval after
     * its first result. With one target, one interval.
     */
    static List<Duration> spread(List<String> targets, List<Duration> intervals) {
        Map<String, Integer> place = new HashMap<>();
        targets.forEach(target -> place.putIfAbsent(target, place.size()));
        int count = place.size();
        List<Duration> spread = new ArrayList<>(targets.size());
        for (int i = 0; i < targets.size(); i++) {
            spread.add(intervals.get(i).multipliedBy(place.get(targets.get(i)) + 1).dividedBy(count));
        }
        return spread;
    }

    /**
     * A first round still running at shutdown stops there, rather than ask a closing pool for connections, and the
     * statements that probes are running are cancelled: the database should not keep working for a service that is
     * gone (a probe waiting on a lock would wait out its whole timeout). What those probes end with is not recorded.
     */
    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        Cancellable round = firstRound;
        if (round != null) {
            round.cancel();
        }
        // every target's at once, under one limit: a database lost to the network holds its cancel request until then
        List<Uni<Void>> aborted = targets.all().stream().map(Target::abortProbes).toList();
        if (!aborted.isEmpty()) {
            // each target's own Uni never fails: its failed closes are recovered in Target
            Uni.join().all(aborted).andCollectFailures().replaceWithVoid()
                    .ifNoItem().after(ABORT_LIMIT).recoverWithItem((Void) null)
                    .await().indefinitely();
        }
    }

    /**
     * The given probes, each target's {@link #SPACING} apart and the targets side by side, at most
     * {@code firstRoundConcurrency} at once, without waiting for each other otherwise: the round then ends after about
     * the slowest probe rather than the sum of all, which matters when a database is silent and every probe runs
     * into its timeout, and a fleet of targets that answer is probed in about the time of one.
     */
    private Uni<Void> spaced(List<Probe> probes) {
        List<Duration> delays = offsets(probes.stream().map(probe -> probe.target().name()).toList(), SPACING);
        List<Integer> order = startOrder(delays);
        long started = System.nanoTime();
        return Multi.createFrom().iterable(order)
                .onItem().transformToUni(i -> {
                    Duration wait = delays.get(i).minusNanos(System.nanoTime() - started);
                    Uni<Void> probe = Uni.createFrom().deferred(() -> probe(probes.get(i)));
                    return !wait.isNegative() && !wait.isZero() ? Uni.createFrom().voidItem().onItem().delayIt().by(wait).chain(() -> probe) : probe;
                })
                .merge(firstRoundConcurrency)
                .collect().last().replaceWithVoid();
    }

    /** The probes' indexes by their delay, the earliest first (in probe order among equals): every target's first check, then every second. */
    static List<Integer> startOrder(List<Duration> delays) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < delays.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparing(delays::get));
        return order;
    }

    /** Runs every check of every target once, one after another; completes when all are recorded. */
    public Uni<Void> runRound() {
        return Multi.createFrom().iterable(List.copyOf(probes.values()))
                .onItem().transformToUniAndConcatenate(this::probe)
                .collect().last();
    }

    /**
     * Runs one probe, or joins the same one that is still running: a check never overlaps itself on a target. (A probe
     * of a configuration that a reload replaced is not the same one: its result will not be recorded, so the new one
     * runs beside it.) The probe ends at the latest at its client-side timeout, just after the server has cancelled
     * the statement.
     */
    Uni<Void> probe(Probe probe) {
        Uni<Void> started = runner.run(probe.target(), probe.check())
                .invoke(result -> record(probe, result))
                .replaceWithVoid()
                .memoize().indefinitely();
        Running mine = new Running(probe, started);
        Running current = inFlight.compute(probe.key(),
                (key, running) -> running != null && running.probe().sameAs(probe) ? running : mine);
        if (current != mine) {
            Log.debugf("%s: previous probe still running, joined", probe.key());
            return current.done();
        }
        started.subscribe().with(done -> inFlight.remove(probe.key(), mine), failure -> inFlight.remove(probe.key(), mine));
        return started;
    }

    /** A probe running, and its end. */
    private record Running(Probe probe, Uni<Void> done) {
    }

    private void record(Probe recorded, ProbeResult result) {
        swapping.readLock().lock();
        try {
            recordInForce(recorded, result);
        } finally {
            swapping.readLock().unlock();
        }
    }

    private void recordInForce(Probe recorded, ProbeResult result) {
        if (stopping) {
            return; // a probe cut short by the shutdown says nothing about the database
        }
        Probe current = probes.get(recorded.key());
        if (current == null || !current.sameAs(recorded)) {
            return; // a probe of a configuration that a reload replaced: it says nothing of the one in force
        }
        boolean wasUnreachable = targetContact.get(result.target()) == DatabaseContact.UNREACHABLE;
        probeContact.put(Probe.key(result.target(), result.check()), result.contact());
        if (result.contact() != DatabaseContact.UNKNOWN) {
            targetContact.put(result.target(), result.contact());
        }
        results.fire(result);
        if (wasUnreachable && result.contact() == DatabaseContact.ANSWERED) {
            List<Probe> missed = probes.values().stream()
                    .filter(probe -> probe.target().name().equals(result.target()))
                    .filter(probe -> !probe.check().name().equals(result.check()))
                    .filter(probe -> probeContact.get(probe.key()) == DatabaseContact.UNREACHABLE)
                    .toList();
            if (missed.isEmpty()) {
                return;
            }
            Log.infof("the database of %s answers again; probing now what failed while it did not: %s", result.target(),
                    missed.stream().map(probe -> probe.check().name()).collect(Collectors.joining(", ")));
            spaced(missed).subscribe().with(done -> Log.debugf("%d checks probed after the outage", missed.size()));
        }
    }
}
