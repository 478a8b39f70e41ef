package dev.superadmin.monitor.status;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.superadmin.monitor.check.CheckDefinition;
import dev.superadmin.monitor.config.Direction;
import dev.superadmin.monitor.check.State;
import dev.superadmin.monitor.probe.FailureReason;
import dev.superadmin.monitor.probe.ProbeResult;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One check of one target as /status shows it at a moment: its {@link CheckState} with the check's definition beside it.
 * {@code lastError} is the error of the latest probe, null when it succeeded.
 */
@RegisterForReflection
@Schema(description = "One check of one target")
public record CheckResult(
        @Schema(required = true) String target,
        @Schema(required = true) String name,
        @Schema(required = true) String description,
        @Schema(required = true, description = "UNKNOWN when never measured, stale, or the database answered with an error") State state,
        @Schema(nullable = true, type = SchemaType.NUMBER, description = "The last value; null while UNKNOWN, and for a rows check") Number value,
        @Schema(required = true, description = "True while the database cannot be reached and the value (or the rows)"
                + " is the last one measured, held until it goes stale: not a fresh fact") boolean held,
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
                + " the check has no fresh answer, and for a value check") List<RowResult> rows,
        @Schema(required = true, description = "The check's runbook: /runbooks/<name> on this service, or the absolute URL"
                + " the check names") String runbook,
        @Schema(required = true, description = "When the check took its current state (the service's start while it has"
                + " had no other)") Instant since,
        @Schema(nullable = true, description = "Its state before that; null when it has had no other since the service"
                + " started") State previousState) {

    /** One row of a rows check. */
    @RegisterForReflection
    @Schema(name = "RowResult", description = "One row of a rows check (the app's own health functions)")
    public record RowResult(
            @Schema(required = true) String name,
            @Schema(nullable = true, type = SchemaType.NUMBER, description = "Its value; null when not a number") Number value,
            @Schema(nullable = true, description = "Its status, as the database wrote it") String status,
            @Schema(required = true, description = "That status as a state: OK, WARNING, CRITICAL, else UNKNOWN") State state,
            @Schema(required = true, description = "When the row took that state (its first report while it has had no"
                    + " other)") Instant since,
            @Schema(nullable = true, description = "Its state before that; null when it has had no other since it"
                    + " first appeared") State previousState) {
    }

    /** The error of a failed probe. */
    @RegisterForReflection
    @Schema(name = "ProbeError", description = "Why the latest probe failed")
    public record ProbeError(
            @Schema(required = true) FailureReason reason,
            @Schema(required = true, description = "The database's or the client's message") String message,
            @Schema(required = true) Instant at) {
    }

    /** The JSON face of a check's state at {@code now}. */
    static CheckResult of(String target, CheckDefinition check, CheckState state, Instant now) {
        ProbeResult failure = state.failure();
        return new CheckResult(
                target,
                check.name(),
                check.description(),
                state.state(),
                state.value() == null ? null : number(state.value()),
                state.held(),
                check.unit(),
                check.direction(),
                check.warning().isPresent() ? number(check.warning().getAsDouble()) : null,
                check.critical().isPresent() ? number(check.critical().getAsDouble()) : null,
                state.measuredAt(),
                state.measuredAt() == null ? null : seconds(Duration.between(state.measuredAt(), now)),
                seconds(check.interval()),
                seconds(check.staleness()),
                state.lastDuration() == null ? null : seconds(state.lastDuration()),
                failure == null ? null : new ProbeError(failure.reason(), failure.error(), failure.finishedAt()),
                state.rows() == null ? null : List.copyOf(state.rows().values()),
                check.runbookLink(),
                state.since(),
                state.previousState());
    }

    /** Counts print as integers, not as 3.0. */
    static Number number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 0x1p53 ? (Number) (long) value : (Number) value;
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }
}
