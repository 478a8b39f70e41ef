package dev.superadmin.monitor.status;

import java.time.Instant;
import java.util.List;

import dev.superadmin.monitor.check.State;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The body of {@code GET /status}: every target, and the overall state, the worst of theirs. */
@RegisterForReflection
public record StatusReport(State state, Instant computedAt, List<TargetReport> targets) {
}
