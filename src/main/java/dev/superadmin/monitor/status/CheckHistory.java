package dev.superadmin.monitor.status;

import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.superadmin.monitor.check.CheckDefinition;
import dev.superadmin.monitor.check.State;
import dev.superadmin.monitor.probe.ProbeResult;
import dev.superadmin.monitor.probe.StatusRow;

/**
 * What the store keeps of one check: its latest probe and its latest successful one (either may be null), and the
 * latter's rows, indexed once as they arrive so that reading one row costs no scan of the others; and the state
 * changes of the check and of each of those rows, each bounded ({@link StateChanges}).
 */
public record CheckHistory(ProbeResult lastAttempt, ProbeResult lastSuccess, Map<String, CheckResult.RowResult> rows,
        State rowsState, StateChanges changes, Map<String, StateChanges> rowChanges) {

    /** A check not probed yet: UNKNOWN from {@code start} (the service's start) on. */
    public static CheckHistory startingAt(Instant start, int capacity) {
        return new CheckHistory(null, null, Map.of(), State.OK, StateChanges.startingAt(start, State.UNKNOWN, capacity), Map.of());
    }

    /**
     * This history with {@code result} recorded, and the changes it makes: first the one that staleness alone made
     * since the last result (dated when the value went stale), then the one that this result makes, dated when it
     * ended. The same for each row; a row the result no longer reports is forgotten, changes and all.
     */
    public CheckHistory with(ProbeResult result, CheckDefinition check) {
        Instant at = result.finishedAt();
        // whether a value is held does not change its state: the log needs no word about the database
        CheckState before = CheckState.assess(check, this, false, at);
        Map<String, StateChanges> rowLogs = before.rows() == null ? unknownRows(rowChanges, before.since()) : rowChanges;
        CheckHistory next;
        if (result.succeeded()) {
            next = withRows(result, before.changes(), rowLogs);
        } else {
            next = new CheckHistory(result, lastSuccess, rows, rowsState, before.changes(), rowLogs);
        }
        CheckState after = CheckState.assess(check, next, false, at);
        StateChanges changes = next.changes.append(at, after.state(), after.value(), CheckState.why(after));
        Map<String, StateChanges> rowsAfter = after.rows() == null ? unknownRows(next.rowChanges, at) : next.rowChanges;
        return new CheckHistory(next.lastAttempt, next.lastSuccess, next.rows, next.rowsState, changes, rowsAfter);
    }

    /**
     * This history judged by {@code after} from {@code at} on instead of by {@code before}, as a reload that changed how
     * the check judges its value (its thresholds, its direction) makes it: the last value's new state is logged at
     * once, without a probe, after any change that staleness made under the old definition.
     */
    public CheckHistory reassessed(CheckDefinition before, CheckDefinition after, Instant at) {
        StateChanges judged = CheckState.assess(before, this, false, at).changes();
        CheckState now = CheckState.assess(after, this, false, at);
        StateChanges changes = judged.append(at, now.state(), now.value(), CheckState.why(now));
        return new CheckHistory(lastAttempt, lastSuccess, rows, rowsState, changes, rowChanges);
    }

    /** A success's rows, each with its state from its status and since when it has had that state. */
    private CheckHistory withRows(ProbeResult result, StateChanges changes, Map<String, StateChanges> rowLogs) {
        Instant at = result.finishedAt();
        Map<String, CheckResult.RowResult> byName = new LinkedHashMap<>();
        Map<String, StateChanges> logs = new HashMap<>();
        State worst = State.OK; // a rows check with no rows has nothing to report
        for (StatusRow row : result.rows()) {
            State state = State.ofStatus(row.status());
            StateChanges known = rowLogs.get(row.name());
            StateChanges log = known == null ? StateChanges.startingAt(at, state, changes.capacity())
                    : known.append(at, state, row.value(), row.status());
            logs.put(row.name(), log);
            StateChanges.Change previous = log.previous();
            byName.put(row.name(), new CheckResult.RowResult(row.name(),
                    row.value() == null ? null : CheckResult.number(row.value()), row.status(), state,
                    log.last().at(), previous == null ? null : previous.state()));
            worst = worst.worst(state);
        }
        return new CheckHistory(result, result, Collections.unmodifiableMap(byName), worst, changes,
                Collections.unmodifiableMap(logs));
    }

    /** Every row UNKNOWN from {@code at} on: the check no longer stands, so neither do its rows. */
    private static Map<String, StateChanges> unknownRows(Map<String, StateChanges> logs, Instant at) {
        if (logs.isEmpty()) {
            return logs;
        }
        Map<String, StateChanges> unknown = new HashMap<>();
        logs.forEach((name, log) -> unknown.put(name, log.append(at, State.UNKNOWN, null, null)));
        return Collections.unmodifiableMap(unknown);
    }
}
