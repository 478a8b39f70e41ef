package dev.superadmin.monitor.status;

import java.time.Instant;

import dev.superadmin.monitor.check.State;

/**
 * What the store keeps of one target beside its checks: the changes of its state and of its database (kept as OK
 * for up, CRITICAL for down, UNKNOWN before the first probe that reached out to it), and when its state was last
 * assessed, at a recorded result: later changes can only be its checks' values going stale.
 */
public record TargetHistory(StateChanges changes, StateChanges database, Instant assessedAt) {

    /** A target not probed yet: UNKNOWN, its database not reached yet, from {@code start} on. */
    public static TargetHistory startingAt(Instant start, int capacity) {
        return new TargetHistory(StateChanges.startingAt(start, State.UNKNOWN, capacity),
                StateChanges.startingAt(start, State.UNKNOWN, capacity), start);
    }

    /** This history with the target assessed at {@code at}, when a result was recorded. */
    public TargetHistory with(TargetState state, Instant at) {
        StateChanges database = state.checkedAt() == null ? this.database
                : this.database.append(state.checkedAt(), state.up() ? State.OK : State.CRITICAL, null, null);
        return new TargetHistory(state.changes(), database, at.isAfter(assessedAt) ? at : assessedAt);
    }
}
