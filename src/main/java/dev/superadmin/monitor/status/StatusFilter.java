package dev.superadmin.monitor.status;

import java.util.Set;

import dev.superadmin.monitor.check.State;

/**
 * What {@code GET /status} lists: some targets (empty: all), the checks in some states (empty: all), or each
 * target without its checks (the summary). The overall state and the counts are always of everything.
 */
public record StatusFilter(Set<String> targets, Set<State> states, boolean summary) {

    public static final StatusFilter ALL = new StatusFilter(Set.of(), Set.of(), false);
    public static final StatusFilter SUMMARY = new StatusFilter(Set.of(), Set.of(), true);

    /** A target is listed when it is named (or none is) and, with states, when it or one of its checks is in one. */
    boolean lists(TargetState target, StateCounts checks, String name) {
        return (targets.isEmpty() || targets.contains(name))
                && (states.isEmpty() || states.contains(target.state()) || states.stream().anyMatch(state -> checks.of(state) > 0));
    }

    boolean lists(State check) {
        return states.isEmpty() || states.contains(check);
    }
}
