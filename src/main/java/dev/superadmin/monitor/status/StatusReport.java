package dev.superadmin.monitor.status;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.superadmin.monitor.check.State;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The body of {@code GET /status}: every target, and the overall state, the worst of theirs. */
@RegisterForReflection
@Schema(description = "Every watched database and its checks")
public record StatusReport(
        @Schema(required = true, description = "The worst state of the targets") State state,
        @Schema(required = true, description = "When this report was made") Instant computedAt,
        @Schema(required = true, description = "Every target by state, whatever the filter") StateCounts counts,
        @Schema(required = true, description = "By name: those named (?target=) and, with ?state=, those in one of"
                + " the states or holding a check in one") List<TargetReport> targets,
        @Schema(required = true, description = "When the service started: the states it remembers begin there") Instant startedAt,
        @Schema(required = true, description = "The version of the configuration in force, twelve hex digits that a"
                + " reload changes when it changes a target or a check (a password excepted)") String configVersion) {
}
