package dev.superadmin.monitor.check;

/**
 * A check's state. {@link #code()} is the value of {@code superadmin_check_status}. {@link #severity} orders states
 * for the overall state: UNKNOWN (we are blind) is worse than WARNING, and a known CRITICAL is worse than both.
 */
public enum State {
    OK(0, 0),
    WARNING(1, 1),
    CRITICAL(2, 3),
    UNKNOWN(3, 2);

    private final int code;
    private final int severity;

    State(int code, int severity) {
        this.code = code;
        this.severity = severity;
    }

    public int code() {
        return code;
    }

    public State worst(State other) {
        return other.severity > severity ? other : this;
    }
}
