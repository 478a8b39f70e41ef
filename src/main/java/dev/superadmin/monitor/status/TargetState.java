package dev.superadmin.monitor.status;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

import dev.superadmin.monitor.check.State;
import dev.superadmin.monitor.probe.DatabaseContact;
import dev.superadmin.monitor.probe.ProbeResult;

/**
 * What a target says at a moment: whether its database answered the latest probe that reached out to it, and its
 * state, the worst of its checks', or CRITICAL when its database cannot be reached; since when it has had each.
 *
 * @param since when the target took its current state
 * @param previousState its state before that; null when it has had no other since the service started
 * @param databaseSince when its database was first found as it is now (up or not); the service's start before the
 *        first probe that reached out to it
 * @param changes its state changes, the current state's included
 */
public record TargetState(State state, boolean up, Instant checkedAt, Instant since, State previousState,
        Instant databaseSince, StateChanges changes) {

    /**
     * {@code lastContact}: the target's latest probe that learned something about its database, or null;
     * {@code history}: the target's changes as last recorded.
     */
    public static TargetState assess(ProbeResult lastContact, Collection<CheckState> checks, TargetHistory history) {
        boolean up = up(lastContact);
        // before the first probe there is nothing to say beyond the checks' UNKNOWN
        State base = unreachable(lastContact) ? State.CRITICAL : State.OK;
        State state = base;
        for (CheckState check : checks) {
            state = state.worst(check.state());
        }
        StateChanges changes = history.changes();
        if (changes.last().state() != state) {
            // its database as recorded when the target was last assessed: down is CRITICAL whatever the checks say
            State baseBefore = history.database().last().state() == State.CRITICAL ? State.CRITICAL : State.OK;
            changes = replay(changes, baseBefore, base, lastContact, checks, history.assessedAt());
        }
        StateChanges.Change previous = changes.previous();
        StateChanges.Change database = history.database().last();
        boolean databaseKnown = database.state() != State.UNKNOWN;
        Instant databaseSince = lastContact == null || (databaseKnown && up == (database.state() == State.OK))
                ? database.at() : lastContact.finishedAt();
        return new TargetState(state, up, lastContact == null ? null : lastContact.finishedAt(), changes.last().at(),
                previous == null ? null : previous.state(), databaseSince, changes);
    }

    /** Whether the database answered {@code lastContact}, the latest probe that reached out to it (null: none yet). */
    static boolean up(ProbeResult lastContact) {
        return lastContact != null && lastContact.contact() == DatabaseContact.ANSWERED;
    }

    /** Whether {@code lastContact} found the database out of reach (before the first such probe: not known, false). */
    static boolean unreachable(ProbeResult lastContact) {
        return lastContact != null && !up(lastContact);
    }

    /**
     * The target's changes since it was last assessed: those of its checks since then (their values going stale, or a
     * result being recorded) and of its database (found up or down), taken in order, each making the target the
     * worst of its checks' states and its database's at that moment.
     */
    private static StateChanges replay(StateChanges changes, State baseBefore, State base, ProbeResult lastContact,
            Collection<CheckState> checks, Instant assessedAt) {
        List<CheckState> all = List.copyOf(checks);
        State[] states = new State[all.size() + 1];
        states[all.size()] = baseBefore;
        List<Integer> moved = new ArrayList<>();
        List<Instant> when = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            CheckState check = all.get(i);
            boolean changed = check.since().isAfter(assessedAt);
            states[i] = !changed ? check.state() : check.previousState() == null ? State.UNKNOWN : check.previousState();
            if (changed) {
                moved.add(i);
                when.add(check.since());
            }
        }
        if (base != baseBefore) {
            moved.add(all.size());
            when.add(lastContact.finishedAt());
        }
        List<Integer> order = IntStream.range(0, moved.size()).boxed().sorted(Comparator.comparing(when::get)).toList();
        StateChanges replayed = changes;
        for (int k : order) {
            int i = moved.get(k);
            states[i] = i == all.size() ? base : all.get(i).state();
            State worst = State.OK;
            for (State state : states) {
                worst = worst.worst(state);
            }
            replayed = replayed.append(when.get(k), worst, null, null);
        }
        return replayed;
    }
}
