package dev.superadmin.monitor.status;

import java.time.Instant;
import java.util.List;

import dev.superadmin.monitor.check.State;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** One watched database in /status: its state is its worst check's, or CRITICAL when it cannot be reached. */
@RegisterForReflection
public record TargetReport(String target, State state, Database database, List<CheckResult> checks) {

    /** Whether the latest probe of this target got an answer from its database, and when that probe ended. */
    @RegisterForReflection
    public record Database(boolean up, Instant checkedAt) {
    }
}
