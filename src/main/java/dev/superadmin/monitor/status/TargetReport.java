package dev.superadmin.monitor.status;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.superadmin.monitor.check.State;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** One watched database in /status: its state is its worst check's, or CRITICAL when it cannot be reached. */
@RegisterForReflection
@Schema(description = "One watched database")
public record TargetReport(
        @Schema(required = true, description = "Its name, the target label of its series") String target,
        @Schema(required = true, description = "Its worst check's state; CRITICAL when its database cannot be reached") State state,
        @Schema(required = true) Database database,
        @Schema(required = true, description = "Its checks by state, all of them whatever the filter") StateCounts counts,
        @Schema(required = true, description = "Its checks by name: those in the states asked for (?state=); none in"
                + " the summary (?view=summary)") List<CheckResult> checks,
        @Schema(required = true, description = "When it took its current state") Instant since,
        @Schema(nullable = true, description = "Its state before that; null when it has had no other since the service"
                + " started") State previousState) {

    /** Whether the latest probe of this target got an answer from its database, and when that probe ended. */
    @RegisterForReflection
    @Schema(name = "Database", description = "What the latest probe of the target learned about its database")
    public record Database(
            @Schema(required = true, description = "The latest probe got an answer") boolean up,
            @Schema(nullable = true, description = "When that probe ended; null before the first") Instant checkedAt,
            @Schema(required = true, description = "When the database was first found as it is now, up or not (the"
                    + " service's start before the first probe that reached out to it)") Instant since) {
    }
}
