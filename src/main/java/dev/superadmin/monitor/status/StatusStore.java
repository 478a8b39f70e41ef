package dev.superadmin.monitor.status;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

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
 * The latest probe results, in memory. Probes are the only writers; /status, metrics and health only read, so no
 * request or scrape ever reaches the database.
 */
@Singleton
public class StatusStore {

    private final List<CheckDefinition> checks;
    private final String target;
    private final ConcurrentMap<String, CheckHistory> histories = new ConcurrentHashMap<>();
    private final Map<String, Map<FailureReason, AtomicLong>> failures;
    /** The latest probe that learned something about the database itself (busy-pool timeouts do not). */
    private volatile ProbeResult lastContact;
    /** Counts recorded results, so that a reader can tell whether anything changed since it last looked. */
    private final AtomicLong version = new AtomicLong();

    StatusStore(CheckCatalog catalog, MonitorConfig config) {
        this.checks = catalog.all();
        this.target = config.target();
        this.failures = checks.stream().collect(Collectors.toUnmodifiableMap(CheckDefinition::name, check -> {
            Map<FailureReason, AtomicLong> counts = new EnumMap<>(FailureReason.class);
            for (FailureReason reason : FailureReason.values()) {
                counts.put(reason, new AtomicLong());
            }
            return counts;
        }));
    }

    public void record(ProbeResult result) {
        CheckHistory previous = histories.getOrDefault(result.check(), CheckHistory.NONE);
        // One writer per check (a check never overlaps itself), so get-then-put cannot lose an update.
        histories.put(result.check(), previous.with(result));
        if (result.contact() != DatabaseContact.UNKNOWN) {
            lastContact = result;
        }
        if (!result.succeeded()) {
            failures.get(result.check()).get(result.reason()).incrementAndGet();
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
        for (CheckDefinition check : checks) {
            ProbeResult success = histories.getOrDefault(check.name(), CheckHistory.NONE).lastSuccess();
            if (success != null) {
                Instant staleAt = success.finishedAt().plus(check.staleness());
                if (staleAt.isAfter(now) && staleAt.isBefore(next)) {
                    next = staleAt;
                }
            }
        }
        return next;
    }

    public StatusReport report(Instant now) {
        List<CheckResult> results = checks.stream().map(check -> result(check, now)).toList();
        ProbeResult last = lastContact;
        boolean up = last != null && last.contact() == DatabaseContact.ANSWERED;
        // Unreachable is CRITICAL; before the first probe there is nothing to say beyond the checks' UNKNOWN.
        State overall = last != null && !up ? State.CRITICAL : State.OK;
        for (CheckResult result : results) {
            overall = overall.worst(result.state());
        }
        return new StatusReport(overall, target, now,
                new StatusReport.Database(up, last == null ? null : last.finishedAt()), results);
    }

    public CheckResult result(CheckDefinition check, Instant now) {
        return CheckResult.of(check, histories.getOrDefault(check.name(), CheckHistory.NONE), now);
    }

    /** True when the latest probe that reached out to the database, of any check, got an answer. */
    public boolean databaseUp() {
        ProbeResult last = lastContact;
        return last != null && last.contact() == DatabaseContact.ANSWERED;
    }

    /** True when the latest probe that reached out to the database, of any check, did not get through. */
    public boolean databaseUnreachable() {
        ProbeResult last = lastContact;
        return last != null && last.contact() == DatabaseContact.UNREACHABLE;
    }

    /** True once every check has been probed at least once, whatever the outcome. */
    public boolean firstRoundComplete() {
        return histories.size() == checks.size();
    }

    public Optional<ProbeResult> lastAttempt(String check) {
        return Optional.ofNullable(histories.getOrDefault(check, CheckHistory.NONE).lastAttempt());
    }

    public Optional<ProbeResult> lastSuccess(String check) {
        return Optional.ofNullable(histories.getOrDefault(check, CheckHistory.NONE).lastSuccess());
    }

    public long failures(String check, FailureReason reason) {
        return failures.get(check).get(reason).get();
    }

    public String target() {
        return target;
    }

    /** Logs a failure when it starts or changes, and the recovery; a failing check does not flood the log. */
    private static void logChange(ProbeResult previous, ProbeResult current) {
        if (!current.succeeded() && (previous == null || !current.error().equals(previous.error()))) {
            Log.warnf("check %s failed (%s): %s", current.check(), current.reason().label(), current.error());
        } else if (current.succeeded() && previous != null && !previous.succeeded()) {
            Log.infof("check %s recovered", current.check());
        }
    }
}
