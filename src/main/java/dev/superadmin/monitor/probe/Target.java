package dev.superadmin.monitor.probe;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.superadmin.monitor.check.CheckDefinition;
import dev.superadmin.monitor.config.TargetConnection;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * A watched database: its name (the {@code target} label), its own pool and how it connects (empty for the Quarkus
 * datasource's), and the checks that run on it (a reload may change them, and the pool's limits with them; the
 * target stays as long as the connection does). Targets share nothing, so one that hangs or is down never holds up another.
 */
public final class Target {

    private final String name;
    private volatile Pool pool;
    private final int poolSize;
    private final Optional<TargetConnection> connection;
    private volatile List<CheckDefinition> checks;
    /** Connections that probes hold right now: tells a busy pool from a database that will not connect. */
    private final Set<SqlConnection> lent = ConcurrentHashMap.newKeySet();
    private boolean aborted;

    public Target(String name, Pool pool, int poolSize, Optional<TargetConnection> connection, List<CheckDefinition> checks) {
        this.name = name;
        this.pool = pool;
        this.poolSize = poolSize;
        this.connection = connection;
        this.checks = List.copyOf(checks);
    }

    public String name() {
        return name;
    }

    public Pool pool() {
        return pool;
    }

    /** A pool with other limits for the same connection: probes started from now on take theirs from it. */
    void pool(Pool pool) {
        this.pool = pool;
    }

    public Optional<TargetConnection> connection() {
        return connection;
    }

    public List<CheckDefinition> checks() {
        return checks;
    }

    void checks(List<CheckDefinition> checks) {
        this.checks = List.copyOf(checks);
    }

    /**
     * {@code work} on {@code connection}, which counts as held by a probe until the work ends; after
     * {@link #abortProbes} the work does not start.
     */
    <T> Uni<T> lend(SqlConnection connection, Uni<T> work) {
        return Uni.createFrom().deferred(() -> {
            synchronized (lent) {
                if (aborted) {
                    return Uni.createFrom().failure(new IllegalStateException("the service is stopping"));
                }
                lent.add(connection);
            }
            return work.onTermination().invoke(() -> lent.remove(connection));
        });
    }

    public boolean poolBusy() {
        return lent.size() >= poolSize;
    }

    /**
     * Cancels the statements that probes are running and closes their connections; completes once each cancel
     * request is sent and each connection closed. At shutdown, a probe waiting on a lock would otherwise leave its
     * backend waiting after the service is gone. No probe starts a statement after this.
     */
    Uni<Void> abortProbes() {
        List<Uni<Void>> discarded;
        synchronized (lent) {
            aborted = true; // a probe that gets a connection from now on runs nothing on it
            discarded = lent.stream().map(ProbeRunner::discardAwaitingCancel).toList();
        }
        return discarded.isEmpty() ? Uni.createFrom().voidItem()
                : Uni.join().all(discarded).andCollectFailures().replaceWithVoid().onFailure().recoverWithNull();
    }

    @Override
    public String toString() {
        return name;
    }
}
