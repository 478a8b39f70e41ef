package dev.superadmin.monitor.status;

import java.time.Instant;
import java.util.Collection;

import dev.superadmin.monitor.check.State;
import dev.superadmin.monitor.probe.DatabaseContact;
import dev.superadmin.monitor.probe.ProbeResult;

/**
 * What a target says at a moment: whether its database answered the latest probe that reached out to it, and its
 * state, the worst of its checks', or CRITICAL when its database cannot be reached.
 */
public record TargetState(State state, boolean up, Instant checkedAt) {

    /** {@code lastContact}: the target's latest probe that learned something about its database, or null. */
    public static TargetState assess(ProbeResult lastContact, Collection<CheckState> checks) {
        boolean up = lastContact != null && lastContact.contact() == DatabaseContact.ANSWERED;
        // before the first probe there is nothing to say beyond the checks' UNKNOWN
        State state = lastContact != null && !up ? State.CRITICAL : State.OK;
        for (CheckState check : checks) {
            state = state.worst(check.state());
        }
        return new TargetState(state, up, lastContact == null ? null : lastContact.finishedAt());
    }
}
