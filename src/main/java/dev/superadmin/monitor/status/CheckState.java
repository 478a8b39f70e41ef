package dev.superadmin.monitor.status;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import dev.superadmin.monitor.check.CheckDefinition;
import dev.superadmin.monitor.check.CheckEvaluator;
import dev.superadmin.monitor.check.State;
import dev.superadmin.monitor.probe.DatabaseContact;
import dev.superadmin.monitor.probe.ProbeResult;

/**
 * What a check says at a moment, decided by {@link #assess} alone; /status, the metrics and readiness only map it.
 *
 * @param value the measured value while it stands (fresh, and the database did not answer the latest probe with an
 *        error), null otherwise and for a rows check
 * @param held the value (or rows) stands although the database cannot be reached now: the last one measured, not a
 *        fresh fact
 * @param measuredAt when the last successful probe ended; null before the first
 * @param lastDuration how long the latest probe took; null before the first
 * @param failure the latest probe when it failed, else null
 * @param rows a rows check's rows by name while they stand, else null
 * @param since when the check took its current state
 * @param previousState its state before that; null when it has had no other since the history began
 * @param changes its state changes, the current state's included (a change by staleness alone, which no probe has
 *        recorded yet, is added here)
 */
public record CheckState(State state, Double value, boolean held, Instant measuredAt, Duration lastDuration,
        ProbeResult failure, Map<String, CheckResult.RowResult> rows, Instant since, State previousState,
        StateChanges changes) {

    /**
     * The state at {@code now} of a check with this history. A database that answered the latest probe with an error
     * (SQL, permission, result, row-level security) has said that the query no longer measures: UNKNOWN at once.
     * Only a database out of reach leaves the last value standing, until it is older than the staleness window, and
     * then it is held: every check of that target says so at once, the slow ones included, whose own probe may not
     * have run since the database went away.
     */
    public static CheckState assess(CheckDefinition check, CheckHistory history, boolean databaseUnreachable, Instant now) {
        ProbeResult success = history.lastSuccess();
        ProbeResult attempt = history.lastAttempt();
        Instant measuredAt = success == null ? null : success.finishedAt();
        boolean answeredWithError = attempt != null && !attempt.succeeded() && attempt.contact() == DatabaseContact.ANSWERED;
        boolean stands = success != null && !answeredWithError && !CheckEvaluator.isStale(check, measuredAt, now);
        State state = !stands ? State.UNKNOWN
                : check.rows() ? history.rowsState()
                : CheckEvaluator.evaluate(check, success.value());
        ProbeResult failure = attempt == null || attempt.succeeded() ? null : attempt;
        StateChanges changes = history.changes();
        if (changes.last().state() != state) {
            // The log holds the state at each recorded result; only time changes it between results, by making the
            // value stale. That happened when the staleness window closed.
            Instant staleAt = measuredAt == null ? now : measuredAt.plus(check.staleness());
            changes = changes.append(staleAt, state, null, reason(failure, "stale: no value since " + measuredAt));
        }
        StateChanges.Change previous = changes.previous();
        return new CheckState(
                state,
                stands && !check.rows() && state != State.UNKNOWN ? success.value() : null,
                stands && databaseUnreachable,
                measuredAt,
                attempt == null ? null : attempt.duration(),
                failure,
                stands && check.rows() ? history.rows() : null,
                changes.last().at(),
                previous == null ? null : previous.state(),
                changes);
    }

    /** Why a check is in its state, as its change is logged: the failed probe's reason and message, if any. */
    static String why(CheckState state) {
        return state.state() == State.UNKNOWN ? reason(state.failure(), null) : null;
    }

    private static String reason(ProbeResult failure, String otherwise) {
        return failure == null ? otherwise : failure.reason().label() + ": " + failure.error();
    }
}
