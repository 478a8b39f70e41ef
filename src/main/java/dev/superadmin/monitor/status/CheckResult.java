package dev.superadmin.monitor.status;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.superadmin.monitor.check.CheckDefinition;
import dev.superadmin.monitor.check.CheckEvaluator;
import dev.superadmin.monitor.check.Direction;
import dev.superadmin.monitor.check.State;
import dev.superadmin.monitor.probe.DatabaseContact;
import dev.superadmin.monitor.probe.FailureReason;
import dev.superadmin.monitor.probe.ProbeResult;
import dev.superadmin.monitor.probe.StatusRow;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One check of one target as /status shows it at a moment. {@code value} is the last measured value while it is fresh and the
 * database has not answered the latest probe with an error, else null; {@code lastError} is the error of the latest
 * probe, null when it succeeded.
 */
@RegisterForReflection
@Schema(description = "One check of one target")
public record CheckResult(
        @Schema(required = true) String target,
        @Schema(required = true) String name,
        @Schema(required = true) String description,
        @Schema(required = true, description = "UNKNOWN when never measured, stale, or the database answered with an error") State state,
        @Schema(nullable = true, type = SchemaType.NUMBER, description = "The last value; null while UNKNOWN, and for a rows check") Number value,
        @Schema(required = true, description = "Unit of the value, in words; empty when none") String unit,
        @Schema(required = true) Direction direction,
        @Schema(nullable = true, type = SchemaType.NUMBER, description = "WARNING threshold; null when not set") Number warning,
        @Schema(nullable = true, type = SchemaType.NUMBER, description = "CRITICAL threshold; null when not set") Number critical,
        @Schema(nullable = true, description = "When the last successful probe ended") Instant measuredAt,
        @Schema(nullable = true, description = "Age of that value, in seconds") Double ageSeconds,
        @Schema(required = true) double intervalSeconds,
        @Schema(required = true, description = "Age past which the value is UNKNOWN") double stalenessSeconds,
        @Schema(nullable = true, description = "Duration of the latest probe, in seconds") Double durationSeconds,
        @Schema(nullable = true, description = "The latest probe's error; null when it succeeded") ProbeError lastError,
        @Schema(nullable = true, description = "A rows check's rows, each with the state of its status; null while"
                + " the check has no fresh answer, and for a value check") List<RowResult> rows) {

    /** One row of a rows check. */
    @RegisterForReflection
    @Schema(name = "RowResult", description = "One row of a rows check (the app's own health functions)")
    public record RowResult(
            @Schema(required = true) String name,
            @Schema(nullable = true, type = SchemaType.NUMBER, description = "Its value; null when not a number") Number value,
            @Schema(nullable = true, description = "Its status, as the database wrote it") String status,
            @Schema(required = true, description = "That status as a state: OK, WARNING, CRITICAL, else UNKNOWN") State state) {
    }

    /** The error of a failed probe. */
    @RegisterForReflection
    @Schema(name = "ProbeError", description = "Why the latest probe failed")
    public record ProbeError(
            @Schema(required = true) FailureReason reason,
            @Schema(required = true, description = "The database's or the client's message") String message,
            @Schema(required = true) Instant at) {
    }

    static CheckResult of(String target, CheckDefinition check, CheckHistory history, Instant now) {
        ProbeResult success = history.lastSuccess();
        ProbeResult attempt = history.lastAttempt();
        Instant measuredAt = success == null ? null : success.finishedAt();
        // A database that answered with an error (SQL, permission, result, row-level security) has said the
        // query no longer measures: UNKNOWN at once. Only a database out of reach keeps the last value, until stale.
        boolean answeredWithError = attempt != null && !attempt.succeeded() && attempt.contact() == DatabaseContact.ANSWERED;
        boolean fresh = success != null && !answeredWithError && !CheckEvaluator.isStale(check, measuredAt, now);
        State state = !fresh ? State.UNKNOWN
                : check.rows() ? rowsState(success)
                : CheckEvaluator.evaluate(check, success.value(), measuredAt, now);
        return new CheckResult(
                target,
                check.name(),
                check.description(),
                state,
                fresh && !check.rows() && state != State.UNKNOWN ? number(success.value()) : null,
                check.unit(),
                check.direction(),
                check.warning().isPresent() ? number(check.warning().getAsDouble()) : null,
                check.critical().isPresent() ? number(check.critical().getAsDouble()) : null,
                measuredAt,
                measuredAt == null ? null : seconds(Duration.between(measuredAt, now)),
                seconds(check.interval()),
                seconds(check.staleness()),
                attempt == null ? null : seconds(attempt.duration()),
                attempt == null || attempt.succeeded() ? null
                        : new ProbeError(attempt.reason(), attempt.error(), attempt.finishedAt()),
                fresh && check.rows() ? success.rows().stream().map(CheckResult::row).toList() : null);
    }

    /** The worst state among the rows; OK when there are none. */
    private static State rowsState(ProbeResult success) {
        State state = State.OK;
        for (StatusRow row : success.rows()) {
            state = state.worst(State.ofStatus(row.status()));
        }
        return state;
    }

    private static RowResult row(StatusRow row) {
        return new RowResult(row.name(), row.value() == null ? null : number(row.value()), row.status(),
                State.ofStatus(row.status()));
    }

    /** Counts print as integers, not as 3.0. */
    static Number number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 0x1p53 ? (Number) (long) value : (Number) value;
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }
}
