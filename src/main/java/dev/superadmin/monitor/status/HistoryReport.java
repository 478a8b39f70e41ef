package dev.superadmin.monitor.status;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.superadmin.monitor.check.State;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The body of {@code GET /status/{check}/history}: the state changes of one check of one target, oldest first. */
@RegisterForReflection
@Schema(description = "The state changes of one check of one target, oldest first, the current state last")
public record HistoryReport(
        @Schema(required = true) String target,
        @Schema(required = true) String check,
        @Schema(required = true, description = "Its state now, the last change's") State state,
        @Schema(required = true, description = "When it took that state") Instant since,
        @Schema(required = true, description = "From when its states are known: the service's start, or the oldest change"
                + " kept once older ones were dropped (truncated)") Instant historyStart,
        @Schema(required = true, description = "Whether older changes were dropped to keep at most"
                + " superadmin.history.changes") boolean truncated,
        @Schema(required = true, description = "By time; the first is the state at historyStart") List<Change> changes) {

    /** From {@code at} on, the check was in {@code state}. */
    @RegisterForReflection
    @Schema(name = "StateChange", description = "From this moment on, the check was in this state")
    public record Change(
            @Schema(required = true) Instant at,
            @Schema(required = true) State state,
            @Schema(nullable = true, type = SchemaType.NUMBER, description = "The value that made the state; null when"
                    + " UNKNOWN, and for a rows check") Number value,
            @Schema(nullable = true, description = "Why it was UNKNOWN: the failed probe's reason and message, or that its"
                    + " value went stale; null otherwise") String error) {
    }

    static HistoryReport of(String target, String check, CheckState state) {
        StateChanges changes = state.changes();
        return new HistoryReport(target, check, state.state(), state.since(), changes.start(), changes.truncated(),
                changes.list().stream()
                        .map(change -> new Change(change.at(), change.state(),
                                change.value() == null ? null : CheckResult.number(change.value()), change.error()))
                        .toList());
    }
}
