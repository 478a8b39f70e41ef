package dev.superadmin.monitor.probe;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.superadmin.monitor.check.CheckDefinition;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * A watched database: its name (the {@code target} label), its own pool, and the checks that run on it. Targets
 * share nothing, so one that hangs or is down never holds up another.
 */
public final class Target {

    private final String name;
    private final Pool pool;
    private final int poolSize;
    private final List<CheckDefinition> checks;
    /** Connections that probes hold right now: tells a busy pool from a database that will not connect. */
    private final AtomicInteger connectionsInUse = new AtomicInteger();

    public Target(String name, Pool pool, int poolSize, List<CheckDefinition> checks) {
        this.name = name;
        this.pool = pool;
        this.poolSize = poolSize;
        this.checks = List.copyOf(checks);
    }

    public String name() {
        return name;
    }

    public Pool pool() {
        return pool;
    }

    public List<CheckDefinition> checks() {
        return checks;
    }

    public AtomicInteger connectionsInUse() {
        return connectionsInUse;
    }

    public boolean poolBusy() {
        return connectionsInUse.get() >= poolSize;
    }

    @Override
    public String toString() {
        return name;
    }
}
