package dev.superadmin.monitor.probe;

import java.time.Duration;
import java.time.Instant;

/**
 * The outcome of one probe. A success has a {@code value} and no {@code reason}; a failure has a reason and the
 * error message. {@code contact} says what the probe learned about the database itself.
 */
public record ProbeResult(
        String target,
        String check,
        Instant finishedAt,
        Duration duration,
        double value,
        FailureReason reason,
        String error,
        DatabaseContact contact) {

    static ProbeResult success(String target, String check, Instant finishedAt, Duration duration, double value) {
        return new ProbeResult(target, check, finishedAt, duration, value, null, null, DatabaseContact.ANSWERED);
    }

    static ProbeResult failure(String target, String check, Instant finishedAt, Duration duration, ProbeFailure failure) {
        return new ProbeResult(target, check, finishedAt, duration, Double.NaN, failure.reason(), failure.getMessage(),
                failure.contact());
    }

    public boolean succeeded() {
        return reason == null;
    }
}
