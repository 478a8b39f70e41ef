package dev.superadmin.monitor.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

import io.smallrye.config.WithDefault;

/** One check: a query that returns one number, and the thresholds it is compared with. */
public interface CheckConfig {

    /** The runbook of a check that names none and has no alert of its own: that of the generic alert on it. */
    String GENERIC_RUNBOOK = "SuperadminCheck";
    /** The same for a rows check, which the per-row alert covers. */
    String ROWS_RUNBOOK = "SuperadminAppHealth";

    /** Whether the check runs at all. */
    @WithDefault("true")
    boolean enabled();

    /** What the value means, for people: the HELP text of its gauge and the {@code description} in /status. */
    Optional<String> description();

    /** A query returning exactly one row with one numeric column. It runs read-only. */
    String sql();

    /**
     * True when the query returns rows of (name, value, status), like the app's own {@code database_health_check()}:
     * each row is reported with the state its status says (OK, WARNING, CRITICAL), and thresholds are not used.
     */
    @WithDefault("false")
    boolean rows();

    /** {@code above}: the state worsens when the value exceeds a threshold; {@code below}: when it falls under one. */
    @WithDefault("above")
    Direction direction();

    /** WARNING threshold (not reached by a value equal to it). */
    OptionalDouble warning();

    /** CRITICAL threshold (not reached by a value equal to it). */
    OptionalDouble critical();

    /** Unit of the value, in words (base units: bytes, seconds). */
    Optional<String> unit();

    /**
     * Tables the query reads whose row-level security must not hide rows from the monitoring role; a check whose
     * table would show it fewer rows than exist is UNKNOWN (reason {@code rls}) instead of a wrong count.
     */
    Optional<List<String>> tables();

    /**
     * PostgreSQL settings for this check's probe alone (e.g. {@code enable_hashjoin=off} to steer a plan), set
     * like {@code SET LOCAL} in the probe's transaction; they cost no extra statement.
     */
    Map<String, String> settings();

    /** Name of the value gauge; {@code superadmin_<check>} when not set. */
    Optional<String> metric();

    /** Time between two probes. */
    @WithDefault("60s")
    Duration interval();

    /** Longest a probe may take; the database cancels the statement at this point too. */
    @WithDefault("5s")
    Duration timeout();

    /** Age past which the value is UNKNOWN; {@code superadmin.staleness-intervals} intervals when not set. */
    Optional<Duration> staleness();

    /** Why the check exists and why its thresholds sit where they do, for the people who read the docs. */
    Optional<String> rationale();

    /**
     * The check's runbook: the name of a runbook the service serves ({@code /runbooks/<name>}: a shipped one, or one of
     * {@code superadmin.runbooks.directory}), or an absolute http(s) URL. When not set, its alert's name; without an
     * alert, {@value #ROWS_RUNBOOK} for a rows check and {@value #GENERIC_RUNBOOK} for the others (the alerts that
     * cover them).
     */
    Optional<String> runbook();

    /** {@link #runbook()} with its default resolved. */
    static String runbookOf(CheckConfig check) {
        return check.runbook().or(() -> check.alert().map(Alert::name))
                .orElse(check.rows() ? ROWS_RUNBOOK : GENERIC_RUNBOOK);
    }

    /** True when a runbook is given as a URL rather than by name. */
    static boolean isUrl(String runbook) {
        return runbook.startsWith("http://") || runbook.startsWith("https://");
    }

    /**
     * The check's own Prometheus alerts, for the shipped checks: their rules are generated from this. A check without
     * one is covered by the generic {@code SuperadminCheck} alert.
     */
    Optional<Alert> alert();

    interface Alert {

        /** The alert's name, which is also its runbook's ({@code deploy/runbooks/<name>.md}) unless the check names another. */
        String name();

        /** One line for the notification's title. */
        String summary();

        /** What was found; {@code {value}} stands for the value as its unit reads best. */
        String description();

        /** What it means for the app, after the threshold crossed. */
        String impact();

        /** How long CRITICAL must last before the critical alert fires; none: no critical alert of its own. */
        Optional<Duration> criticalFor();

        /** How long WARNING (or worse) must last before the warning alert fires; none: no warning alert of its own. */
        Optional<Duration> warningFor();

        /** Severity of SuperadminCheckUnknown for this check: {@code critical} when being blind to it must page. */
        @WithDefault("warning")
        Severity unknownSeverity();
    }

    /** The alert's {@code severity} label: {@code critical} pages, {@code warning} opens a ticket. */
    enum Severity {
        WARNING, CRITICAL
    }
}
