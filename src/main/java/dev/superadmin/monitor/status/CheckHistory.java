package dev.superadmin.monitor.status;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.superadmin.monitor.check.State;
import dev.superadmin.monitor.probe.ProbeResult;
import dev.superadmin.monitor.probe.StatusRow;

/**
 * What the store keeps of one check: its latest probe and its latest successful one (either may be null), and the
 * latter's rows, indexed once as it arrives so that reading one row costs no scan of the others.
 */
public record CheckHistory(ProbeResult lastAttempt, ProbeResult lastSuccess, Map<String, CheckResult.RowResult> rows,
        State rowsState) {

    public static final CheckHistory NONE = new CheckHistory(null, null, Map.of(), State.OK);

    public CheckHistory with(ProbeResult result) {
        if (!result.succeeded()) {
            return new CheckHistory(result, lastSuccess, rows, rowsState);
        }
        Map<String, CheckResult.RowResult> byName = new LinkedHashMap<>();
        State worst = State.OK; // a rows check with no rows has nothing to report
        for (StatusRow row : result.rows()) {
            State state = State.ofStatus(row.status());
            byName.put(row.name(), new CheckResult.RowResult(row.name(),
                    row.value() == null ? null : CheckResult.number(row.value()), row.status(), state));
            worst = worst.worst(state);
        }
        return new CheckHistory(result, result, Collections.unmodifiableMap(byName), worst);
    }
}
