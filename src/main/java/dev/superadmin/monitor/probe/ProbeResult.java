package dev.superadmin.monitor.probe;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The outcome of one probe. A success has a {@code value} and no {@code reason}; a failure has a reason and the
 * error message. {@code contact} says what the probe learned about the database itself. A rows check's success also has
 * its rows, and its value is their number.
 */
public record ProbeResult(
        String target,
        String check,
        Instant finishedAt,
        Duration duration,
        double value,
        List<StatusRow> rows,
        FailureReason reason,
        String error,
        DatabaseContact contact) {

    static ProbeResult success(String target, String check, Instant finishedAt, Duration duration, double value,
            List<StatusRow> rows) {
        return new ProbeResult(target, check, finishedAt, duration, value, rows, null, null, DatabaseContact.ANSWERED);
    }

    static ProbeResult failure(String target, String check, Instant finishedAt, Duration duration, ProbeFailure failure) {
        return new ProbeResult(target, check, finishedAt, duration, Double.NaN, List.of(), failure.reason(), failure.getMessage(),
                failure.contact());
    }

    public boolean succeeded() {
        return reason == null;
    }
}
