package dev.superadmin.monitor.probe;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Singleton;

import dev.superadmin.monitor.check.CheckCatalog;
import dev.superadmin.monitor.check.CheckDefinition;
import dev.superadmin.monitor.config.MonitorConfig;
import io.quarkus.logging.Log;
import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlConnectOptions;

/**
 * Makes every target's pool, with the limits that keep a hung or silent database from holding the probes: a TCP
 * connect timeout, a socket that closes when the server says nothing for longer than any probe may take (which also
 * ends a startup handshake that never gets an answer), and a wait for a pooled connection no longer than a probe's.
 * In pooler mode it also speaks to a transaction pooler (Supabase's Supavisor, pgbouncer). Quarkus calls it for its
 * datasource; {@code Targets} for the others.
 */
@Singleton
public class ProbePoolCreator implements PgPoolCreator {

    /** Time to open a TCP connection; a database that far away is down for our purpose. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    /** Silence on a socket beyond the longest probe plus this is a server that no longer answers. */
    static final Duration SILENCE_MARGIN = Duration.ofSeconds(10);

    private final String target;
    private final List<CheckDefinition> checks;
    private final boolean pooler;

    ProbePoolCreator(CheckCatalog catalog, MonitorConfig config) {
        this.target = config.target();
        this.checks = catalog.checks(target);
        this.pooler = config.pooler();
    }

    @Override
    public Pool create(Input input) {
        return create(input.vertx(), target, input.pgConnectOptionsList(), input.poolOptions(), checks, pooler);
    }

    /**
     * What a pool's limits depend on: its checks' number (each waits for a connection at most once at a time) and the
     * longest of their probes. A reload keeps a target's pool only while these stay the same.
     */
    record Limits(int waiters, Duration longestProbe) {

        static Limits of(List<CheckDefinition> checks) {
            return new Limits(Math.max(1, checks.size()), checks.stream().map(CheckDefinition::timeout)
                    .max(Duration::compareTo).orElse(Duration.ZERO).plus(ProbeRunner.CLIENT_GRACE));
        }
    }

    static Pool create(Vertx vertx, String target, List<PgConnectOptions> connectOptions, PoolOptions poolOptions,
            List<CheckDefinition> checks, boolean pooler) {
        Limits limits = Limits.of(checks);
        Duration longestProbe = limits.longestProbe();
        poolOptions.setConnectionTimeout((int) longestProbe.toMillis())
                .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS)
                // each check waits at most once at a time; more waiters would only pile up behind a hung database
                .setMaxWaitQueueSize(limits.waiters());
        for (PgConnectOptions options : connectOptions) {
            options.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
            options.setIdleTimeout((int) longestProbe.plus(SILENCE_MARGIN).toMillis());
            options.setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
            // Each probe's statement is unnamed and parsed anew: a named one, kept per connection, breaks behind a
            // transaction pooler (Supavisor, pgbouncer), which lends each transaction any server connection, and
            // a probe every few seconds gains nothing from it.
            options.setCachePreparedStatements(false);
            // a transaction pooler is a proxy: the client must not rely on session state across transactions
            options.setUseLayer7Proxy(pooler);
        }
        // one line per target at DEBUG: with a fleet, start-up logs a summary (ProbeScheduler), not a page
        Log.debugf("database pool of %s: %d connections, connect timeout %ds, socket silence limit %ds, pooler mode %s",
                target, poolOptions.getMaxSize(), CONNECT_TIMEOUT.toSeconds(),
                longestProbe.plus(SILENCE_MARGIN).toSeconds(), pooler ? "on" : "off");
        return PgBuilder.pool()
                .with(poolOptions)
                .connectingTo(List.<SqlConnectOptions> copyOf(connectOptions))
                .using(vertx)
                .build();
    }
}
