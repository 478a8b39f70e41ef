package dev.superadmin.monitor.probe;

/** A classified probe error; it never leaves the probe, it becomes a failed {@link ProbeResult}. */
final class ProbeFailure extends RuntimeException {

    private final FailureReason reason;
    private final DatabaseContact contact;

    ProbeFailure(FailureReason reason, String message, DatabaseContact contact) {
        super(message, null, false, false);
        this.reason = reason;
        this.contact = contact;
    }

    FailureReason reason() {
        return reason;
    }

    DatabaseContact contact() {
        return contact;
    }
}
