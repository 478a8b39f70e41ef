package dev.superadmin.monitor.status;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import dev.superadmin.monitor.check.CheckCatalog;
import dev.superadmin.monitor.check.CheckDefinition;
import dev.superadmin.monitor.check.State;
import dev.superadmin.monitor.config.MonitorConfig;
import dev.superadmin.monitor.probe.DatabaseContact;
import dev.superadmin.monitor.probe.FailureReason;
import dev.superadmin.monitor.probe.ProbeResult;
import io.quarkus.logging.Log;

/**
 * The latest probe results of every target, in memory, kept as the probes announce them. /status, metrics and health
 * only read, through {@link CheckState#assess} and {@link TargetState#assess}, so no request or scrape ever reaches a
 * database.
 */
@Singleton
public class StatusStore {

    /** One check on one target. */
    private record Key(String target, String check) {
    }

    private final CheckCatalog catalog;
    /** When the service started: the histories begin there. */
    private final Instant startedAt = Instant.now();
    private final int capacity;
    /** A check not probed yet; immutable, so every check shares it until its first result. */
    private final CheckHistory notProbed;
    private final ConcurrentMap<Key, CheckHistory> histories = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, TargetHistory> targetHistories = new ConcurrentHashMap<>();
    private final Map<Key, Map<FailureReason, AtomicLong>> failures = new ConcurrentHashMap<>();
    /** Per target, the latest probe that learned something about its database (busy-pool timeouts do not). */
    private final ConcurrentMap<String, ProbeResult> lastContact = new ConcurrentHashMap<>();
    /** Counts recorded results and reloads, so that a reader can tell whether anything changed since it last looked. */
    private final AtomicLong version = new AtomicLong();
    /** Set once every check of the configuration at start-up has had its first result: readiness. */
    private volatile boolean firstRoundComplete;

    StatusStore(CheckCatalog catalog, MonitorConfig config) {
        this.catalog = catalog;
        this.capacity = config.history().changes();
        this.notProbed = CheckHistory.startingAt(startedAt, capacity);
        for (String target : catalog.targets()) {
            targetHistories.put(target, TargetHistory.startingAt(startedAt, capacity));
            for (CheckDefinition check : catalog.checks(target)) {
                failures.put(new Key(target, check.name()), noFailures());
            }
        }
    }

    private static Map<FailureReason, AtomicLong> noFailures() {
        Map<FailureReason, AtomicLong> counts = new EnumMap<>(FailureReason.class);
        for (FailureReason reason : FailureReason.values()) {
            counts.put(reason, new AtomicLong());
        }
        return counts;
    }

    /**
     * Follows a reload from {@code before} to the catalog in force: what is gone is forgotten; a check that measures as
     * it did keeps its results, history and failure counts, and a change in how it judges its value is logged at
     * {@code now} (a threshold lowered turns it CRITICAL at once, no probe needed); a check that measures anew starts
     * afresh, as does a new one or a new target.
     */
    public void apply(CheckCatalog.Snapshot before, Instant now) {
        CheckCatalog.Snapshot after = catalog.current();
        targetHistories.keySet().retainAll(after.targets().keySet());
        lastContact.keySet().retainAll(after.targets().keySet());
        Set<Key> keys = new HashSet<>();
        for (String target : after.targets().keySet()) {
            targetHistories.putIfAbsent(target, TargetHistory.startingAt(now, capacity));
            for (CheckDefinition check : after.checks(target)) {
                Key key = new Key(target, check.name());
                keys.add(key);
                CheckDefinition old = before.find(target, check.name()).orElse(null);
                if (old == null || !old.measuresAs(check)) {
                    histories.remove(key);
                    failures.put(key, noFailures());
                } else if (!old.equals(check)) {
                    histories.computeIfPresent(key, (k, history) -> history.reassessed(old, check, now));
                }
            }
        }
        histories.keySet().retainAll(keys);
        failures.keySet().retainAll(keys);
        version.incrementAndGet();
    }

    void record(@Observes ProbeResult result) {
        Key key = new Key(result.target(), result.check());
        CheckDefinition check = catalog.find(result.target(), result.check()).orElse(null);
        Map<FailureReason, AtomicLong> counts = failures.get(key);
        if (check == null || counts == null) {
            return; // its check or target went with a reload while it ran
        }
        CheckHistory previous = histories.getOrDefault(key, notProbed);
        // One writer per check and target (a probe never overlaps itself), so get-then-put cannot lose an update.
        histories.put(key, previous.with(result, check));
        if (result.contact() != DatabaseContact.UNKNOWN) {
            lastContact.put(result.target(), result);
        }
        // the checks of a target record concurrently: one assessment of the target at a time
        Instant at = result.finishedAt();
        targetHistories.computeIfPresent(result.target(), (target, history) -> history.with(target(target, at, history), at));
        if (!result.succeeded()) {
            counts.get(result.reason()).incrementAndGet();
        }
        version.incrementAndGet();
        logChange(previous.lastAttempt(), result);
    }

    /** Grows with every recorded result. */
    public long version() {
        return version.get();
    }

    /**
     * The earliest moment after {@code now} at which a check's last value goes stale: until then (and until the
     * next {@link #version()}), what the checks say does not change.
     */
    public Instant nextStaleness(Instant now) {
        Instant next = Instant.MAX;
        for (String target : catalog.targets()) {
            for (CheckDefinition check : catalog.checks(target)) {
                ProbeResult success = history(target, check.name()).lastSuccess();
                if (success != null) {
                    Instant staleAt = success.finishedAt().plus(check.staleness());
                    if (staleAt.isAfter(now) && staleAt.isBefore(next)) {
                        next = staleAt;
                    }
                }
            }
        }
        return next;
    }

    /** Every target; the overall state is the worst of theirs. */
    public StatusReport report(Instant now) {
        return report(now, StatusFilter.ALL);
    }

    /** The targets and checks the filter lists; the overall state and the counts are of every target. */
    public StatusReport report(Instant now, StatusFilter filter) {
        CheckCatalog.Snapshot catalog = this.catalog.current(); // one configuration throughout, whatever a reload does
        List<TargetReport> listed = new ArrayList<>();
        List<State> targetStates = new ArrayList<>(catalog.targets().size());
        for (String target : catalog.targets().keySet()) {
            List<CheckDefinition> checks = catalog.checks(target);
            List<CheckState> states = checks.stream().map(check -> check(target, check, now)).toList();
            TargetState state = TargetState.assess(lastContact.get(target), states, targetHistory(target));
            StateCounts counts = StateCounts.of(states.stream().map(CheckState::state).toList());
            targetStates.add(state.state());
            if (!filter.lists(state, counts, target)) {
                continue;
            }
            List<CheckResult> results = new ArrayList<>();
            for (int i = 0; i < checks.size() && !filter.summary(); i++) {
                if (filter.lists(states.get(i).state())) {
                    results.add(CheckResult.of(target, checks.get(i), states.get(i), now));
                }
            }
            listed.add(new TargetReport(target, state.state(),
                    new TargetReport.Database(state.up(), state.checkedAt(), state.databaseSince()), counts, results,
                    state.since(), state.previousState()));
        }
        State overall = targetStates.stream().reduce(State.OK, State::worst);
        return new StatusReport(overall, now, StateCounts.of(targetStates), listed, startedAt, catalog.version());
    }

    CheckResult result(String target, CheckDefinition check, Instant now) {
        return CheckResult.of(target, check, check(target, check, now), now);
    }

    public CheckState check(String target, CheckDefinition check, Instant now) {
        return CheckState.assess(check, history(target, check.name()), databaseUnreachable(target), now);
    }

    /** The state changes of one check of one target, up to {@code now}. */
    HistoryReport history(String target, CheckDefinition check, Instant now) {
        return HistoryReport.of(target, check.name(), check(target, check, now));
    }

    public TargetState target(String target, Instant now) {
        return target(target, now, targetHistory(target));
    }

    /** A target's history; a target that a reload is adding has one that starts now. */
    private TargetHistory targetHistory(String target) {
        TargetHistory history = targetHistories.get(target);
        return history != null ? history : TargetHistory.startingAt(Instant.now(), capacity);
    }

    private TargetState target(String target, Instant now, TargetHistory history) {
        return TargetState.assess(lastContact.get(target),
                catalog.checks(target).stream().map(check -> check(target, check, now)).toList(), history);
    }

    /** Whether the target's database answered the latest probe that reached out to it. */
    public boolean databaseUp(String target) {
        return TargetState.up(lastContact.get(target));
    }

    /** Whether the latest probe that reached out to the target's database found it out of reach. */
    private boolean databaseUnreachable(String target) {
        return TargetState.unreachable(lastContact.get(target));
    }

    /** The names of the rows a rows check reported last, fresh or not. */
    public Set<String> reportedRows(String target, String check) {
        return history(target, check).rows().keySet();
    }

    /**
     * True once every check has been probed at least once on every target, whatever the outcome; it stays true
     * through reloads, whose new checks are probed at once: a reload does not take the instance out of service.
     */
    public boolean firstRoundComplete() {
        if (!firstRoundComplete && histories.size() >= failures.size()) {
            firstRoundComplete = true;
        }
        return firstRoundComplete;
    }

    /** Failed probes of a check by reason; 0 for a check a reload has just removed. */
    public long failures(String target, String check, FailureReason reason) {
        Map<FailureReason, AtomicLong> counts = failures.get(new Key(target, check));
        return counts == null ? 0 : counts.get(reason).get();
    }

    private CheckHistory history(String target, String check) {
        return histories.getOrDefault(new Key(target, check), notProbed);
    }

    /** Logs a failure when it starts or changes, and the recovery; a failing check does not flood the log. */
    private static void logChange(ProbeResult previous, ProbeResult current) {
        if (!current.succeeded() && (previous == null || !current.error().equals(previous.error()))) {
            Log.warnf("check %s on %s failed (%s): %s", current.check(), current.target(), current.reason().label(),
                    current.error());
        } else if (current.succeeded() && previous != null && !previous.succeeded()) {
            Log.infof("check %s on %s recovered", current.check(), current.target());
        }
    }
}
