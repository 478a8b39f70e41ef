package dev.superadmin.monitor.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A table locked by an open transaction of the test (as {@code postgres}) until {@link #close()}: every statement that
 * touches the table waits, as behind a long migration or a forgotten {@code BEGIN; LOCK ...} in a psql session.
 */
public final class HeldTableLock implements AutoCloseable {

    private final Connection connection;

    private HeldTableLock(Connection connection) {
        this.connection = connection;
    }

    /** {@code LOCK TABLE <table> IN ACCESS EXCLUSIVE MODE} in a transaction that stays open. */
    public static HeldTableLock accessExclusive(TestDatabase database, String table) {
        Connection connection = null;
        try {
            connection = TestDatabase.connect(database.name());
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("LOCK TABLE " + table + " IN ACCESS EXCLUSIVE MODE");
            }
            return new HeldTableLock(connection);
        } catch (SQLException e) {
            if (connection != null) {
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // already failing
                }
            }
            throw new IllegalStateException("cannot lock " + table, e);
        }
    }

    /** Ends the transaction: the lock is released and the waiting statements go on. */
    @Override
    public void close() {
        try (connection) {
            connection.rollback();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
