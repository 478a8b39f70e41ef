package dev.superadmin.monitor.testing;

import java.util.List;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A private PostgreSQL with the monitored database {@value #DATABASE}, and pgbouncer in front of it in
 * {@code pool_mode = transaction} under the alias {@value #ALIAS} (a name the server does not know: whoever reaches
 * it went through pgbouncer). One server connection for every client ({@code default_pool_size = 1}), so that the
 * service's two connections take turns on it, transaction by transaction. The server logs its connections, so that
 * a test can count the sessions pgbouncer opened.
 * <p>
 * The service's config also gets {@code test.pooler.postgres-port}, {@code test.pooler.bouncer-port} and
 * {@code test.pooler.server-log}.
 */
public class TransactionPoolerResource implements QuarkusTestResourceLifecycleManager {

    public static final String DATABASE = "pooled";
    public static final String ALIAS = "monitored";
    public static final int DEFAULT_POOL_SIZE = 1;

    private PrivatePostgres postgres;
    private PgBouncer bouncer;

    @Override
    public Map<String, String> start() {
        postgres = PrivatePostgres.create("log_connections = on").start();
        postgres.createMonitoredDatabase(DATABASE);
        new PrivateSql(postgres.port(), DATABASE)
                .execute("INSERT INTO admin_users (email, is_active) VALUES ('admin@example.test', true)");
        bouncer = PgBouncer.start(ALIAS, postgres.port(), DATABASE, List.of("superadmin_monitor"),
                "pool_mode = transaction",
                // the Vert.x client sends extra_float_digits at start-up; pgbouncer does not track it
                "ignore_startup_parameters = extra_float_digits",
                "max_client_conn = 4",
                "default_pool_size = " + DEFAULT_POOL_SIZE,
                "min_pool_size = 0",
                "reserve_pool_size = 0",
                "log_connections = 1",
                "log_disconnections = 1",
                "stats_period = 1");
        return Map.of(
                "quarkus.datasource.reactive.url", "postgresql://127.0.0.1:" + bouncer.port() + "/" + ALIAS,
                "quarkus.datasource.username", "superadmin_monitor",
                "test.pooler.postgres-port", Integer.toString(postgres.port()),
                "test.pooler.bouncer-port", Integer.toString(bouncer.port()),
                "test.pooler.server-log", postgres.dir().resolve("server.log").toString());
    }

    @Override
    public void stop() {
        try {
            if (bouncer != null) {
                System.out.println("pgbouncer log (tail):\n" + tail(bouncer.log(), 15));
                bouncer.close();
            }
        } finally {
            if (postgres != null) {
                postgres.close();
            }
        }
    }

    private static String tail(String text, int lines) {
        String[] all = text.split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(all, Math.max(0, all.length - lines), all.length));
    }
}
