package dev.superadmin.monitor.check;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalDouble;

/** Turns a measured value into a state. Pure: no clock, no I/O. */
public final class CheckEvaluator {

    private CheckEvaluator() {
    }

    /** The state of {@code value}; a threshold is crossed only when exceeded, not when reached. */
    public static State evaluate(CheckDefinition check, double value) {
        if (Double.isNaN(value)) {
            return State.UNKNOWN;
        }
        if (crosses(check, check.critical(), value)) {
            return State.CRITICAL;
        }
        if (crosses(check, check.warning(), value)) {
            return State.WARNING;
        }
        return State.OK;
    }

    /** True when there is no value or it is older than the check's staleness window. */
    public static boolean isStale(CheckDefinition check, Instant measuredAt, Instant now) {
        return measuredAt == null || Duration.between(measuredAt, now).compareTo(check.staleness()) > 0;
    }

    private static boolean crosses(CheckDefinition check, OptionalDouble threshold, double value) {
        return threshold.isPresent() && check.direction().crosses(value, threshold.getAsDouble());
    }
}
