package dev.superadmin.monitor.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A private cluster for the tests that take the service's database away and give it back: the service watches
 * {@value #DATABASE} on it, and the test gets the {@link PrivatePostgres} in a field of that type to stop and start
 * it. The init argument {@code cluster} is a {@link Cluster}: how the cluster is when the service starts.
 */
public class PrivatePostgresResource implements QuarkusTestResourceLifecycleManager {

    public static final String DATABASE = "watched";

    public enum Cluster {
        /** Created (initdb) but not started: nothing listens on its port yet. */
        NOT_STARTED,
        /** Running, with the watched database ({@link #createWatchedDatabase}). */
        RUNNING
    }

    private Cluster cluster;
    private PrivatePostgres postgres;

    @Override
    public void init(Map<String, String> initArgs) {
        cluster = Cluster.valueOf(initArgs.get("cluster"));
    }

    @Override
    public Map<String, String> start() {
        postgres = PrivatePostgres.create();
        if (cluster == Cluster.RUNNING) {
            createWatchedDatabase(postgres.start());
        }
        return Map.of(
                "quarkus.datasource.reactive.url", postgres.reactiveUrl(DATABASE),
                "quarkus.datasource.username", TestDatabase.MONITOR_ROLE);
    }

    /** {@value #DATABASE} with the reference schema, one active admin and a former one: every seed check OK. */
    public static void createWatchedDatabase(PrivatePostgres postgres) {
        postgres.createMonitoredDatabase(DATABASE);
        postgres.psql(DATABASE, "-c", "INSERT INTO admin_users (email, is_active) VALUES ('admin@example.test', true), "
                + "('former@example.test', false)");
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(postgres, new TestInjector.MatchesType(PrivatePostgres.class));
    }

    @Override
    public void stop() {
        if (postgres != null) {
            postgres.close();
        }
    }
}
