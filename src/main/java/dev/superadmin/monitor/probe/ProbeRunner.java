package dev.superadmin.monitor.probe;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import dev.superadmin.monitor.check.CheckDefinition;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;

/** Runs one check's SQL on its target's pool and turns whatever happens into a {@link ProbeResult}. */
@ApplicationScoped
public class ProbeRunner {

    /**
     * How much longer than the statement timeout the client waits: the server's cancellation normally wins and
     * leaves the connection usable; the client-side limit is for a server that does not answer at all.
     */
    static final Duration CLIENT_GRACE = Duration.ofSeconds(1);

    /** Never fails: every error becomes a failed result. */
    public Uni<ProbeResult> run(Target target, CheckDefinition check) {
        long started = System.nanoTime();
        AtomicBoolean connected = new AtomicBoolean();
        return target.pool().withConnection(connection -> {
                    connected.set(true);
                    target.connectionsInUse().incrementAndGet();
                    return connection.query(statement(check)).execute()
                            .eventually(target.connectionsInUse()::decrementAndGet);
                })
                .ifNoItem().after(check.timeout().plus(CLIENT_GRACE)).fail()
                .map(results -> {
                    RowSet<Row> rows = answer(results, check);
                    List<StatusRow> statusRows = check.rows() ? statusRows(rows, check) : List.of();
                    double value = check.rows() ? statusRows.size() : value(rows, check);
                    return ProbeResult.success(target.name(), check.name(), Instant.now(), since(started), value,
                            statusRows);
                })
                .onFailure().recoverWithItem(error -> ProbeResult.failure(target.name(), check.name(), Instant.now(),
                        since(started), classify(error, connected.get(), target.poolBusy(), check)));
    }

    /**
     * One round trip in the simple-query protocol (no prepared statement, so transaction poolers work) holding two
     * statements, the fewest that keep the guarantees: the first sets, for the implicit transaction only, the
     * check's own settings, no parallel workers (a probe should not take them from the application), the statement
     * timeout and the read-only mode (a setting applies from the next statement on, so the check cannot share this
     * one); the second runs the check's SQL as a subquery, so it cannot end the transaction (a {@code COMMIT;} in
     * it is a syntax error, not an escape). When the check names its tables, the second also lists, in a first
     * column, those whose row-level security would hide rows from this role (active for it, and no permissive
     * SELECT policy applies to it).
     */
    static String statement(CheckDefinition check) {
        String sql = check.sql().strip();
        while (sql.endsWith(";")) {
            sql = sql.substring(0, sql.length() - 1).strip();
        }
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("max_parallel_workers_per_gather", "0");
        settings.putAll(check.settings());
        settings.put("statement_timeout", Long.toString(check.timeout().toMillis()));
        settings.put("transaction_read_only", "on");
        return "SELECT " + settings.entrySet().stream()
                .map(setting -> "set_config(" + literal(setting.getKey()) + ", " + literal(setting.getValue()) + ", true)")
                .collect(Collectors.joining(", ")) + "; "
                + "SELECT " + (check.tables().isEmpty() ? "" : "(" + rlsGuard(check.tables()) + ") AS rls_hidden, ")
                + "probe.* FROM (" + sql + "\n) AS probe";
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    private static String rlsGuard(List<String> tables) {
        String names = tables.stream().map(ProbeRunner::literal).collect(Collectors.joining(", "));
        return "SELECT string_agg(t, ', ') FROM unnest(ARRAY[" + names + "]) AS t WHERE row_security_active(t)"
                + " AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy p WHERE p.polrelid = t::regclass"
                + " AND p.polpermissive AND p.polcmd IN ('r', '*') AND ('0' = ANY (p.polroles)"
                + " OR EXISTS (SELECT 1 FROM unnest(p.polroles) AS r WHERE pg_has_role(current_user, r, 'MEMBER'))))";
    }

    /**
     * The check's own result set (the last one), once the row-level security guard, which comes first in every row
     * when the check names tables, has found nothing hidden.
     */
    static RowSet<Row> answer(RowSet<Row> results, CheckDefinition check) {
        RowSet<Row> rows = results;
        while (rows.next() != null) {
            rows = rows.next();
        }
        if (!check.tables().isEmpty() && rows.size() > 0) {
            Object hidden = rows.iterator().next().getValue(0);
            if (hidden != null) {
                throw new ProbeFailure(FailureReason.RLS, "row-level security hides rows of " + hidden
                        + " from this role (no SELECT policy applies to it), so the count would be wrong;"
                        + " add a SELECT policy for the monitoring role", DatabaseContact.ANSWERED);
            }
        }
        return rows;
    }

    /** The number in a value check's answer, which must be one row with one non-null numeric column. */
    static double value(RowSet<Row> rows, CheckDefinition check) {
        int first = firstColumn(check);
        if (rows.size() != 1) {
            throw result("returned " + rows.size() + " rows, expected exactly one");
        }
        int columns = rows.columnsNames().size() - first;
        if (columns != 1) {
            throw result("returned " + columns + " columns, expected exactly one");
        }
        Object value = rows.iterator().next().getValue(first);
        if (value == null) {
            throw result("returned NULL, expected a number");
        }
        if (!(value instanceof Number number)) {
            throw result("returned a value of type " + value.getClass().getSimpleName() + ", expected a number");
        }
        double converted = number.doubleValue();
        if (!Double.isFinite(converted)) {
            throw result("returned " + converted + ", expected a finite number");
        }
        return converted;
    }

    /**
     * A rows check's answer: any number of rows whose first three columns are a name (not null), a value (a number,
     * or null) and a status text; further columns are ignored.
     */
    static List<StatusRow> statusRows(RowSet<Row> rows, CheckDefinition check) {
        int first = firstColumn(check);
        if (rows.columnsNames().size() - first < 3) {
            throw result("returned " + (rows.columnsNames().size() - first) + " columns, expected (name, value, status)");
        }
        List<StatusRow> statusRows = new ArrayList<>();
        for (Row row : rows) {
            Object name = row.getValue(first);
            if (name == null) {
                throw result("returned a row without a name");
            }
            Object value = row.getValue(first + 1);
            Object status = row.getValue(first + 2);
            statusRows.add(new StatusRow(name.toString(),
                    value instanceof Number number && Double.isFinite(number.doubleValue()) ? number.doubleValue() : null,
                    status == null ? null : status.toString()));
        }
        return statusRows;
    }

    static ProbeFailure classify(Throwable error, boolean connected, boolean poolBusy, CheckDefinition check) {
        if (error instanceof ProbeFailure failure) {
            return failure;
        }
        if (error instanceof PgException pg) {
            FailureReason reason = reasonOf(pg.getSqlState());
            String message = pg.getErrorMessage() + " (SQLSTATE " + pg.getSqlState() + ")";
            return new ProbeFailure(reason, message, reason == FailureReason.CONNECT ? DatabaseContact.UNREACHABLE : DatabaseContact.ANSWERED);
        }
        String waited = seconds(check.timeout().plus(CLIENT_GRACE));
        if (error instanceof TimeoutException && connected) {
            // the server let its own statement timeout pass without a word: it is not answering
            return new ProbeFailure(FailureReason.TIMEOUT, "no answer from the database within " + waited, DatabaseContact.UNREACHABLE);
        }
        if (!connected && (error instanceof TimeoutException || error instanceof ConnectionPoolTooBusyException
                || error instanceof java.util.concurrent.TimeoutException)) {
            // Every connection held by other probes says nothing about the database; a free slot that could
            // not be filled in time is a database that does not let us in.
            return poolBusy
                    ? new ProbeFailure(FailureReason.TIMEOUT, "no free connection in the pool within " + waited, DatabaseContact.UNKNOWN)
                    : new ProbeFailure(FailureReason.CONNECT, "could not connect to the database within " + waited, DatabaseContact.UNREACHABLE);
        }
        String message = error.getMessage() != null ? error.getMessage() : error.getClass().getSimpleName();
        // a reset or broken socket (a database killed mid-query) says as much as a closed one
        if (error instanceof ClosedConnectionException || error instanceof java.io.IOException || !connected) {
            return new ProbeFailure(FailureReason.CONNECT, message, DatabaseContact.UNREACHABLE);
        }
        return new ProbeFailure(FailureReason.SQL, message, DatabaseContact.ANSWERED);
    }

    /** Maps a SQLSTATE (PostgreSQL Appendix A) to a reason. */
    static FailureReason reasonOf(String sqlState) {
        if (sqlState == null) {
            return FailureReason.SQL;
        }
        return switch (sqlState) {
            case "57014", "55P03" -> FailureReason.TIMEOUT; // statement_timeout, lock_timeout
            case "42501", "25006" -> FailureReason.PERMISSION; // insufficient privilege, write in a read-only transaction
            case "3D000", "53300" -> FailureReason.CONNECT; // no such database, too many connections
            // 08: connection exception, 28: authorization, 57P: shutdown, crash, starting up, idle timeouts
            default -> sqlState.startsWith("08") || sqlState.startsWith("28") || sqlState.startsWith("57P")
                    ? FailureReason.CONNECT : FailureReason.SQL;
        };
    }

    /** The check's own first column: after the row-level security guard's when the check names its tables. */
    private static int firstColumn(CheckDefinition check) {
        return check.tables().isEmpty() ? 0 : 1;
    }

    private static ProbeFailure result(String message) {
        return new ProbeFailure(FailureReason.RESULT, "the query " + message, DatabaseContact.ANSWERED);
    }

    private static Duration since(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() / 1000.0 + " s";
    }
}
