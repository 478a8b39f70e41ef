package dev.superadmin.monitor.probe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
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
 * Probes never wait for each other, so a target that hangs delays no other.
 */
@ApplicationScoped
public class ProbeScheduler {

    static final Duration SPACING = Duration.ofMillis(10);

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
    }

    private final List<Probe> probes;
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
    private final Map<String, AtomicReference<Uni<Void>>> inFlight;
    private volatile Cancellable firstRound;
    private volatile boolean stopping;

    ProbeScheduler(Targets targets, ProbeRunner runner, Event<ProbeResult> results, Scheduler scheduler, MonitorConfig config) {
        this.probes = targets.all().stream()
                .flatMap(target -> target.checks().stream().map(check -> new Probe(target, check)))
                .toList();
        this.runner = runner;
        this.results = results;
        this.scheduler = scheduler;
        this.stagger = config.stagger();
        this.firstRoundConcurrency = config.firstRoundConcurrency();
        this.inFlight = probes.stream()
                .collect(Collectors.toUnmodifiableMap(Probe::key, probe -> new AtomicReference<Uni<Void>>()));
    }

    void start(@Observes StartupEvent event) {
        firstRound = spaced(probes).subscribe().with(done -> Log.debugf("first round of %d probes done", probes.size()));
        List<String> targetOfEach = probes.stream().map(probe -> probe.target().name()).toList();
        List<Duration> offsets = offsets(targetOfEach, stagger);
        List<Duration> spread = spread(targetOfEach, probes.stream().map(probe -> probe.check().interval()).toList());
        for (int i = 0; i < probes.size(); i++) {
            Probe probe = probes.get(i);
            scheduler.newJob("probe-" + probe.key())
                    .setInterval(probe.check().interval().toString())
                    .setDelayed(spread.get(i).plus(offsets.get(i)).toString())
                    .setAsyncTask(execution -> probe(probe))
                    .schedule();
            Log.debugf("probe %s every %ds", probe.key(), probe.check().interval().toSeconds());
        }
        long targets = probes.stream().map(probe -> probe.target().name()).distinct().count();
        Log.infof("watching %d targets, %d probes (checks on targets); superadmin.stagger %s between the checks of a"
                + " target", targets, probes.size(), stagger);
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
        List<Uni<Void>> aborted = probes.stream().map(Probe::target).distinct().map(Target::abortProbes).toList();
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
        return Multi.createFrom().iterable(probes)
                .onItem().transformToUniAndConcatenate(this::probe)
                .collect().last();
    }

    /**
     * Runs one probe, or joins the same one that is still running: a check never overlaps itself on a target. The
     * probe ends at the latest at its client-side timeout, just after the server has cancelled the statement.
     */
    Uni<Void> probe(Probe probe) {
        AtomicReference<Uni<Void>> running = inFlight.get(probe.key());
        Uni<Void> started = runner.run(probe.target(), probe.check())
                .invoke(this::record)
                .replaceWithVoid()
                .memoize().indefinitely();
        Uni<Void> current = running.compareAndExchange(null, started);
        if (current != null) {
            Log.debugf("%s: previous probe still running, joined", probe.key());
            return current;
        }
        started.subscribe().with(done -> running.set(null), failure -> running.set(null));
        return started;
    }

    private void record(ProbeResult result) {
        if (stopping) {
            return; // a probe cut short by the shutdown says nothing about the database
        }
        boolean wasUnreachable = targetContact.get(result.target()) == DatabaseContact.UNREACHABLE;
        probeContact.put(Probe.key(result.target(), result.check()), result.contact());
        if (result.contact() != DatabaseContact.UNKNOWN) {
            targetContact.put(result.target(), result.contact());
        }
        results.fire(result);
        if (wasUnreachable && result.contact() == DatabaseContact.ANSWERED) {
            List<Probe> missed = probes.stream()
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
