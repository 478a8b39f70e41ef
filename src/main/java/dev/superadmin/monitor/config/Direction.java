package dev.superadmin.monitor.config;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Which side of a threshold is bad, as a check's configuration says it. A value equal to a threshold never crosses it.
 * Registered for reflection: Jackson calls its {@code @JsonValue} method reflectively, in a native image too.
 */
@RegisterForReflection(methods = true)
public enum Direction {
    /** Bad when the value exceeds the threshold (sessions, failed logins, size). */
    ABOVE,
    /** Bad when the value falls under the threshold (admin users). */
    BELOW;

    public boolean crosses(double value, double threshold) {
        return this == ABOVE ? value > threshold : value < threshold;
    }

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
