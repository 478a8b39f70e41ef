package dev.superadmin.monitor.check;

import java.util.Locale;

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

    /**
     * The state a row of the app's own health functions reports in its status column: OK, WARNING or CRITICAL
     * (and their usual synonyms), in any case; anything else, NULL included, is UNKNOWN.
     */
    public static State ofStatus(String status) {
        if (status == null) {
            return UNKNOWN;
        }
        return switch (status.strip().toUpperCase(Locale.ROOT)) {
            case "OK", "HEALTHY", "GOOD", "PASS", "PASSED", "READY" -> OK;
            case "WARNING", "WARN" -> WARNING;
            case "CRITICAL", "ERROR", "FAIL", "FAILED", "NOT READY" -> CRITICAL;
            default -> UNKNOWN;
        };
    }

    public State worst(State other) {
        return other.severity > severity ? other : this;
    }
}
