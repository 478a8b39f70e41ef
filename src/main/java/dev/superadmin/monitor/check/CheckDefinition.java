package dev.superadmin.monitor.check;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

import dev.superadmin.monitor.config.Direction;

/** A check as the engine runs it: its configuration with every default resolved. */
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
        Duration staleness) {
}
