package dev.superadmin.monitor.probe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.superadmin.monitor.check.CheckCatalog;
import dev.superadmin.monitor.config.TargetConnection;
import io.quarkus.logging.Log;
import io.vertx.core.Vertx;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import io.vertx.sqlclient.PoolOptions;

/**
 * The watched databases with their pools, one per target of the catalog, each of the same size and limits. The Quarkus
 * datasource's pool is made by Quarkus (its {@code quarkus.datasource.*} keys, TLS included) through
 * {@link ProbePoolCreator}; this class makes, and closes, those of the {@code superadmin.targets.<name>}. A reload
 * keeps every target that connects as before, with its pool unless its checks need other limits; it closes the pools of
 * the others at once, their running statements cancelled: what those probes would say is not recorded any more.
 */
@Singleton
public class Targets {

    private final Instance<Pool> datasource;
    private final Vertx vertx;
    private final int poolSize;
    private final Duration idleTimeout;
    /** In catalog order; replaced whole. */
    private volatile List<Target> all = List.of();

    Targets(CheckCatalog catalog, Instance<Pool> datasource, Vertx vertx,
            @ConfigProperty(name = "quarkus.datasource.reactive.max-size") int poolSize,
            @ConfigProperty(name = "quarkus.datasource.reactive.idle-timeout") Duration idleTimeout) {
        this.datasource = datasource;
        this.vertx = vertx;
        this.poolSize = poolSize;
        this.idleTimeout = idleTimeout;
        apply(catalog.current());
    }

    /**
     * Makes the targets of {@code next}: a target that connects as it did stays (its results stay good) and takes its
     * new checks, with a new pool when they need other limits (the old one closes once the probes running on it have had
     * their time); any other gets a new target and pool, and the pools no longer used close at once. The Quarkus
     * datasource's pool is Quarkus' and stays as it was made.
     */
    public synchronized void apply(CheckCatalog.Snapshot next) {
        Map<String, Target> before = new HashMap<>();
        all.forEach(target -> before.put(target.name(), target));
        List<Target> made = new ArrayList<>();
        for (CheckCatalog.TargetPlan plan : next.targets().values()) {
            Target kept = before.get(plan.name());
            if (kept != null && kept.connection().equals(plan.connection())) {
                before.remove(plan.name());
                ProbePoolCreator.Limits limits = ProbePoolCreator.Limits.of(kept.checks());
                if (plan.connection().isPresent() && !limits.equals(ProbePoolCreator.Limits.of(plan.checks()))) {
                    Pool drained = kept.pool();
                    kept.pool(pool(plan));
                    vertx.setTimer(limits.longestProbe().toMillis(), id -> drained.closeAndForget());
                }
                kept.checks(plan.checks());
                made.add(kept);
            } else {
                made.add(new Target(plan.name(), pool(plan), poolSize, plan.connection(), plan.checks()));
            }
        }
        all = List.copyOf(made);
        before.values().forEach(this::retire);
    }

    private Pool pool(CheckCatalog.TargetPlan plan) {
        if (plan.connection().isEmpty()) {
            return datasource.get(); // the datasource's target: the catalog has it only when its URL is set
        }
        TargetConnection connection = plan.connection().get();
        PoolOptions poolOptions = new PoolOptions().setMaxSize(poolSize).setName(plan.name())
                .setIdleTimeout((int) idleTimeout.toSeconds()).setIdleTimeoutUnit(TimeUnit.SECONDS);
        return Pool.newInstance(ProbePoolCreator.create(vertx, plan.name(), List.of(connectOptions(connection)),
                poolOptions, plan.checks(), connection.pooler()));
    }

    /** Cancels the statements running on a target's pool, then closes it: a storm of reloads leaves no pool behind. */
    private void retire(Target target) {
        if (target.connection().isEmpty()) {
            return; // Quarkus closes the datasource's pool
        }
        Log.debugf("%s: its old pool closes", target.name());
        target.abortProbes().subscribe().with(done -> target.pool().closeAndForget());
    }

    /** The URL as parsed by the client, with the target's own credentials and certificate authority on top. */
    static PgConnectOptions connectOptions(TargetConnection target) {
        PgConnectOptions options = PgConnectOptions.fromUri(target.url());
        target.username().ifPresent(options::setUser);
        target.password().ifPresent(options::setPassword);
        target.tlsCa().ifPresent(path -> options.setPemTrustOptions(new PemTrustOptions().addCertPath(path)));
        if (options.getSslMode() == SslMode.VERIFY_FULL) {
            // what verify-full means in libpq; the client wants the algorithm named
            options.setHostnameVerificationAlgorithm("HTTPS");
        }
        return options;
    }

    public List<Target> all() {
        return all;
    }

    @PreDestroy
    void close() {
        all.stream().filter(target -> target.connection().isPresent()).forEach(target -> target.pool().closeAndForget());
    }
}
