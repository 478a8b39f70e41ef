package dev.superadmin.monitor.probe;

/** A classified probe error; it never leaves the probe, it becomes a failed {@link ProbeResult}. */
final class ProbeFailure extends RuntimeException {

    private final FailureReason reason;
    private final boolean databaseAnswered;

    ProbeFailure(FailureReason reason, String message, boolean databaseAnswered) {
        super(message, null, false, false);
        this.reason = reason;
        this.databaseAnswered = databaseAnswered;
    }

    FailureReason reason() {
        return reason;
    }

    boolean databaseAnswered() {
        return databaseAnswered;
    }
}
