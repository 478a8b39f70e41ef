package dev.superadmin.monitor.probe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.superadmin.monitor.check.CheckCatalog;
import dev.superadmin.monitor.config.MonitorConfig;
import dev.superadmin.monitor.config.TargetConfig;
import io.vertx.core.Vertx;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import io.vertx.sqlclient.PoolOptions;

/**
 * The watched databases with their pools, one per target of the catalog, each of the same size and limits. The Quarkus
 * datasource's pool is made by Quarkus (its {@code quarkus.datasource.*} keys, TLS included) through
 * {@link ProbePoolCreator}; this class makes, and closes, those of the {@code superadmin.targets.<name>}.
 */
@Singleton
public class Targets {

    private final List<Target> all = new ArrayList<>();
    private final List<Pool> opened = new ArrayList<>();

    Targets(CheckCatalog catalog, MonitorConfig config, Instance<Pool> datasource, Vertx vertx,
            @ConfigProperty(name = "quarkus.datasource.reactive.max-size") int poolSize,
            @ConfigProperty(name = "quarkus.datasource.reactive.idle-timeout") Duration idleTimeout) {
        for (String name : catalog.targets()) {
            TargetConfig target = config.targets().get(name);
            Pool pool;
            if (target == null) {
                pool = datasource.get(); // the datasource's target: the catalog has it only when its URL is set
            } else {
                PoolOptions poolOptions = new PoolOptions().setMaxSize(poolSize).setName(name)
                        .setIdleTimeout((int) idleTimeout.toSeconds()).setIdleTimeoutUnit(TimeUnit.SECONDS);
                pool = Pool.newInstance(ProbePoolCreator.create(vertx, name, List.of(connectOptions(target)),
                        poolOptions, catalog.checks(name), target.pooler()));
                opened.add(pool);
            }
            all.add(new Target(name, pool, poolSize, catalog.checks(name)));
        }
    }

    /** The URL as parsed by the client, with the target's own credentials and certificate authority on top. */
    static PgConnectOptions connectOptions(TargetConfig target) {
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
        opened.forEach(Pool::closeAndForget);
    }
}
