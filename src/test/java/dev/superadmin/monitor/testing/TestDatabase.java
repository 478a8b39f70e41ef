package dev.superadmin.monitor.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.eclipse.microprofile.config.ConfigProvider;

/** The test's database, reached as the superuser over JDBC (and psql for the deploy scripts). */
public final class TestDatabase {

    public static final String MONITOR_ROLE = "superadmin_monitor";
    static final String HOST = "127.0.0.1";
    static final String PORT = System.getenv().getOrDefault("SUPERADMIN_TEST_PG_PORT", "5432");
    static final String SUPERUSER = "postgres";

    private final String name;

    private TestDatabase(String name) {
        this.name = name;
    }

    public static TestDatabase create(String name) {
        try (Connection admin = connect("postgres"); Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the test database on " + HOST + ":" + PORT
                    + " (is PostgreSQL running? .ci/run starts it)", e);
        }
        return new TestDatabase(name);
    }

    /**
     * A new database named {@code prefix} and a random suffix, with the reference schema and the read-only
     * monitoring role from {@code deploy/sql}, applied with psql exactly as an operator would.
     */
    public static TestDatabase createMonitored(String prefix) {
        TestDatabase database = create(prefix + UUID.randomUUID().toString().substring(0, 8));
        database.psql(Path.of("deploy/sql/schema.sql"));
        database.applyMonitorRole();
        return database;
    }

    /** The database the running service watches, read from its configuration. */
    public static TestDatabase current() {
        String url = ConfigProvider.getConfig().getValue("quarkus.datasource.reactive.url", String.class);
        return new TestDatabase(url.substring(url.lastIndexOf('/') + 1));
    }

    public String name() {
        return name;
    }

    public String reactiveUrl() {
        return "postgresql://" + HOST + ":" + PORT + "/" + name;
    }

    public void execute(String... statements) {
        try (Connection connection = connect(name); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public long queryLong(String sql) {
        try (Connection connection = connect(name); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Ends the sessions of the monitoring role in this database (their statistics are flushed as they exit). */
    public void terminateMonitorSessions() {
        try (Connection admin = connect("postgres"); Statement statement = admin.createStatement()) {
            statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name
                    + "' AND usename = '" + MONITOR_ROLE + "'");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (monitorSessions() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public long monitorSessions() {
        return adminQueryLong("SELECT count(*) FROM pg_stat_activity WHERE datname = '" + name + "' AND usename = '"
                + MONITOR_ROLE + "'");
    }

    /**
     * Committed transactions, rolled-back transactions and sessions ever opened in this database, read from another
     * database so that reading them does not count. Retries briefly until two reads agree: ended backends flush
     * their statistics as they exit.
     */
    public long[] activityCounters() {
        String sql = "SELECT xact_commit, xact_rollback, sessions FROM pg_stat_database WHERE datname = '" + name + "'";
        long[] previous = null;
        for (int attempt = 0; attempt < 20; attempt++) {
            try (Connection admin = connect("postgres"); Statement statement = admin.createStatement();
                    ResultSet rows = statement.executeQuery(sql)) {
                rows.next();
                long[] current = { rows.getLong(1), rows.getLong(2), rows.getLong(3) };
                if (java.util.Arrays.equals(previous, current)) {
                    return current;
                }
                previous = current;
                Thread.sleep(250);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return previous;
    }

    /** Statements of the monitoring role running right now whose text contains {@code fragment}. */
    public long activeMonitorQueries(String fragment) {
        return adminQueryLong("SELECT count(*) FROM pg_stat_activity WHERE datname = '" + name + "' AND usename = '"
                + MONITOR_ROLE + "' AND state = 'active' AND position('" + fragment + "' in query) > 0");
    }

    private long adminQueryLong(String sql) {
        try (Connection admin = connect("postgres"); Statement statement = admin.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@code deploy/sql/monitor-role.sql}, then the role's connection limit raised to 100 in the same session. The role
     * is the cluster's, shared by every test database and every test process on this server (.ci/run runs three at
     * once): its shipped limit of 5 (kept on private instances) would make them refuse each other, and a test that
     * left it in force made the others' probes fail with "too many connections for role" while it ran.
     */
    public void applyMonitorRole() {
        psql("-f", "deploy/sql/monitor-role.sql", "-c", "ALTER ROLE " + MONITOR_ROLE + " CONNECTION LIMIT 100");
    }

    /** Runs a deploy script with psql, stopping at the first error. */
    public void psql(Path script) {
        psql("-f", script.toString());
    }

    private void psql(String... arguments) {
        List<String> command = new ArrayList<>(List.of("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1",
                "-h", HOST, "-p", PORT, "-U", SUPERUSER, "-d", name));
        command.addAll(List.of(arguments));
        ChildProcess.run(command.toArray(String[]::new));
    }

    public void drop() {
        try (Connection admin = connect("postgres"); Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The driver directly, not DriverManager: Quarkus tests switch class loaders between test classes. */
    static Connection connect(String database) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", SUPERUSER);
        return new org.postgresql.Driver().connect("jdbc:postgresql://" + HOST + ":" + PORT + "/" + database, properties);
    }
}
