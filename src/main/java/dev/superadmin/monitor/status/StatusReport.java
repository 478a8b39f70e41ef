package dev.superadmin.monitor.status;

import java.time.Instant;
import java.util.List;

import dev.superadmin.monitor.check.State;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The body of {@code GET /status}: the overall state (worst check; CRITICAL when the database is unreachable). */
@RegisterForReflection
public record StatusReport(State state, String target, Instant computedAt, Database database, List<CheckResult> checks) {

    /** Whether the latest probe got an answer from the database, and when that probe ended. */
    @RegisterForReflection
    public record Database(boolean up, Instant checkedAt) {
    }
}
