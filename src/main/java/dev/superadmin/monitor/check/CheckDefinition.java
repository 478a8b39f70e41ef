package dev.superadmin.monitor.check;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

import dev.superadmin.monitor.config.CheckConfig;
import dev.superadmin.monitor.config.Direction;
import dev.superadmin.monitor.runbook.Runbooks;

/**
 * A check as the engine runs it: its configuration with every default resolved. {@code runbook} is the name of a
 * runbook the service serves, or an absolute URL.
 */
public record CheckDefinition(
        String name,
        String description,
        String sql,
        boolean rows,
        List<String> tables,
        Map<String, String> settings,
        Direction direction,
        OptionalDouble warning,
        OptionalDouble critical,
        String unit,
        String metric,
        Duration interval,
        Duration timeout,
        Duration staleness,
        String runbook) {

    /**
     * Whether this check measures what {@code other} measures: the same statement, run the same way. A reload that
     * changes only how the value is judged or shown (thresholds, interval, timeout, names, texts) keeps the check's
     * results; one that changes what it measures starts it afresh.
     */
    public boolean measuresAs(CheckDefinition other) {
        return sql.equals(other.sql) && rows == other.rows && tables.equals(other.tables) && settings.equals(other.settings);
    }

    /** Where its runbook is: {@code /runbooks/<name>} on this service, or the URL the check names. */
    public String runbookLink() {
        return CheckConfig.isUrl(runbook) ? runbook : Runbooks.PATH + runbook;
    }
}
