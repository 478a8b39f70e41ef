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
 */
public record CheckState(State state, Double value, boolean held, Instant measuredAt, Duration lastDuration, ProbeResult failure,
        Map<String, CheckResult.RowResult> rows) {

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
        return new CheckState(
                state,
                stands && !check.rows() && state != State.UNKNOWN ? success.value() : null,
                stands && databaseUnreachable,
                measuredAt,
                attempt == null ? null : attempt.duration(),
                attempt == null || attempt.succeeded() ? null : attempt,
                stands && check.rows() ? history.rows() : null);
    }
}
