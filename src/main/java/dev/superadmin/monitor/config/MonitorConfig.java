package dev.superadmin.monitor.config;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;


import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The service's own configuration, under {@code superadmin.}. The five seed checks are the defaults in
 * {@code application.properties}; any other entry under {@code superadmin.checks.} is one more check.
 * {@link ConfigCheck} stops start-up on values that parse but make no sense.
 */
@ConfigMapping(prefix = "superadmin")
public interface MonitorConfig {

    /** Name of the database of the Quarkus datasource, when its URL is set: the {@code target} label of its series. */
    @WithDefault("default")
    String target();

    /** A value is UNKNOWN once it is older than this many of its check's intervals (unless the check sets its own staleness). */
    @WithDefault("3")
    int stalenessIntervals();

    /**
     * Offset between the schedules of consecutive checks, so that checks with the same interval do not hit the
     * database at once. The scheduler ticks once a second, so smaller offsets can land on the same tick.
     */
    @WithDefault("1s")
    Duration stagger();

    /**
     * How many probes the first round runs at once across targets (each target's own start 10 ms apart): a fleet is
     * probed side by side, without opening a connection to every database in the same instant. A silent database
     * holds its place until its probe's timeout.
     */
    @WithDefault("64")
    int firstRoundConcurrency();

    /**
     * How long a rendered /q/metrics may be served again. The check series are always current (a probe result or a
     * value going stale renders anew); only the process and HTTP series can be this old. 0 renders every scrape.
     */
    @WithDefault("1s")
    Duration metricsMaxAge();

    /**
     * True when the database is reached through a transaction pooler (Supabase's Supavisor on port 6543,
     * pgbouncer in transaction mode): the client treats the pooler as a proxy. Probes work through one without it too
     * (each is one transaction of unnamed statements); this only keeps the client from relying on session state.
     */
    @WithDefault("false")
    boolean pooler();

    /**
     * Optional credentials for every path but those that hold no data (the status page, health for Kubernetes, the
     * OpenAPI document).
     */
    Auth auth();

    /** What the service remembers of each check's past states (the history at /status/{check}/history and on the page). */
    History history();

    /** HTTP connections, beside Quarkus' own bounds ({@code quarkus.http.idle-timeout}, {@code quarkus.http.limits.*}). */
    Http http();

    /** The runbooks served at /runbooks/{name}, beside the shipped ones. */
    RunbookLibrary runbooks();

    /** Splitting a fleet of targets over several instances. */
    Shards shards();

    /** Applying a changed configuration without a restart. */
    Reload reload();

    /** Databases to watch, by name, each with its own connection and checks (beside the Quarkus datasource's). */
    Map<String, TargetConfig> targets();

    /** The checks, by name (the {@code check} label). */
    Map<String, CheckConfig> checks();

    /** Basic credentials, a bearer token, or both; nothing set means no protection. */
    interface Auth {

        /** User name for HTTP Basic authentication (with {@code password}). */
        Optional<String> username();

        /** Password for HTTP Basic authentication (with {@code username}). */
        Optional<String> password();

        /** Token for {@code Authorization: Bearer <token>} (Prometheus' {@code authorization} setting). */
        Optional<String> token();
    }

    interface History {

        /**
         * State changes kept per check (and per row of a rows check, and per target and its database); past this the
         * oldest goes. A check that changes state at most every 15 minutes keeps 24 hours; one change takes 21 bytes.
         */
        @WithDefault("100")
        int changes();
    }

    interface RunbookLibrary {

        /**
         * A directory of the operator's own runbooks: each {@code <name>.md} in it is served at {@code /runbooks/<name>}
         * like the shipped ones, read once at start-up (the {@code runbook.Runbooks} bean reads it).
         */
        Optional<String> directory();
    }

    interface Shards {

        /**
         * How many instances share the targets: each watches those whose name hashes to its index (as Prometheus'
         * {@code hashmod}). 1: this instance watches every target.
         */
        @WithDefault("1")
        int count();

        /**
         * This instance's shard, taken modulo {@code count}; unset, the ordinal at the end of the host name (the pod
         * name of a StatefulSet, {@code superadmin-monitor-4}) instead.
         */
        Optional<Integer> index();
    }

    interface Reload {

        /**
         * How often the configuration files (and the password and certificate files they name) are read for a change;
         * a change is applied once it has stayed the same for one more look, so a burst of writes gives one reload.
         * 0 reads them only on SIGHUP or POST /-/reload.
         */
        @WithDefault("500ms")
        Duration pollInterval();
    }

    interface Http {

        /**
         * A connection whose client sends nothing for this long is closed: a silent socket, a request head that stopped
         * halfway, a kept-alive connection between scrapes. 0 leaves such connections to quarkus.http.idle-timeout.
         */
        @WithDefault("20s")
        Duration readIdleTimeout();
    }
}
