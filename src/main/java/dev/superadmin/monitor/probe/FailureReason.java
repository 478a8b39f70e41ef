package dev.superadmin.monitor.probe;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Why a probe failed: the {@code reason} label of {@code superadmin_probe_failures_total}, a small fixed set.
 * Registered for reflection: Jackson calls its {@code @JsonValue} method reflectively, in a native image too.
 */
@RegisterForReflection(methods = true)
public enum FailureReason {
    /** No connection: refused, unreachable, authentication, database missing, connection lost. */
    CONNECT,
    /** The statement ran past its timeout (cancelled by the server, or no answer at all). */
    TIMEOUT,
    /** The role may not read what the query reads. */
    PERMISSION,
    /** Any other error the database reported for the statement. */
    SQL,
    /** The statement ran but did not return exactly one row with one non-null number. */
    RESULT,
    /** Row-level security would hide rows of a table the check counts from the monitoring role. */
    RLS;

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
