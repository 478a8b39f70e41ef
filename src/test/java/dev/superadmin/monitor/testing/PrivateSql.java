package dev.superadmin.monitor.testing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * SQL as {@code postgres} on a database of a {@link PrivatePostgres}, over JDBC on 127.0.0.1 (TLS when the server
 * offers it, without verification: this is the test arranging data, not the service under test).
 */
public final class PrivateSql {

    private final int port;
    private final String database;

    public PrivateSql(int port, String database) {
        this.port = port;
        this.database = database;
    }

    public void execute(String... statements) {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public long queryLong(String sql) {
        List<Map<String, Object>> rows = query(sql);
        return ((Number) rows.get(0).values().iterator().next()).longValue();
    }

    public List<Map<String, Object>> query(String sql) {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
                ResultSet results = statement.executeQuery(sql)) {
            ResultSetMetaData meta = results.getMetaData();
            List<Map<String, Object>> rows = new ArrayList<>();
            while (results.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int column = 1; column <= meta.getColumnCount(); column++) {
                    row.put(meta.getColumnLabel(column), results.getObject(column));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A connection of the test's own, to hold open (a transaction left idle, a connection slot taken). */
    public Connection connection() {
        try {
            return connect();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The driver directly, not DriverManager: Quarkus tests switch class loaders between test classes. */
    private Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", "postgres");
        properties.setProperty("sslmode", "prefer");
        return new org.postgresql.Driver().connect("jdbc:postgresql://127.0.0.1:" + port + "/" + database, properties);
    }
}
