package dev.superadmin.monitor.probe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
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
 * The watched databases with their pools: the Quarkus datasource's, then one pool of the same size and limits per
 * {@code superadmin.targets.<name>}, which this class opens and closes.
 */
@Singleton
public class Targets {

    private final List<Target> all = new ArrayList<>();
    private final List<Pool> opened = new ArrayList<>();

    Targets(CheckCatalog catalog, MonitorConfig config, Pool datasource, Vertx vertx,
            @ConfigProperty(name = "quarkus.datasource.reactive.max-size") int poolSize,
            @ConfigProperty(name = "quarkus.datasource.reactive.idle-timeout") Duration idleTimeout) {
        all.add(new Target(config.target(), datasource, poolSize, catalog.checks(config.target())));
        for (String name : catalog.targets().subList(1, catalog.targets().size())) {
            TargetConfig target = config.targets().get(name);
            PoolOptions poolOptions = new PoolOptions().setMaxSize(poolSize).setName(name)
                    .setIdleTimeout((int) idleTimeout.toSeconds()).setIdleTimeoutUnit(TimeUnit.SECONDS);
            Pool pool = Pool.newInstance(ProbePoolCreator.create(vertx, name, List.of(connectOptions(target)),
                    poolOptions, catalog.checks(name), target.pooler()));
            opened.add(pool);
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
