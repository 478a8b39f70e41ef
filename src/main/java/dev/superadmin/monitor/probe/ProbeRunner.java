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
import io.smallrye.mutiny.CompositeException;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.impl.SocketConnectionBase;
import io.vertx.sqlclient.impl.SqlConnectionInternal;

/** Runs one check's SQL on its target's pool and turns whatever happens into a {@link ProbeResult}. */
@ApplicationScoped
public class ProbeRunner {

    /**
     * How much longer than the statement timeout the client waits: the server's cancellation normally wins and
     * leaves the connection usable; the client-side limit is for a server that does not answer at all.
     */
    static final Duration CLIENT_GRACE = Duration.ofSeconds(1);

    /** Time to close a connection whose statement ran out of time, before the probe gives up on it anyway. */
    static final Duration DISCARD_MARGIN = Duration.ofMillis(500);

    /** The last command: ends the transaction, and with it any setting the check made, even for the session. */
    static final String CLOSING = "ROLLBACK";

    /** Never fails: every error becomes a failed result. */
    public Uni<ProbeResult> run(Target target, CheckDefinition check) {
        long started = System.nanoTime();
        Duration budget = check.timeout().plus(CLIENT_GRACE);
        AtomicBoolean connected = new AtomicBoolean();
        return target.pool().withConnection(connection -> {
                    connected.set(true);
                    return target.lend(connection, transaction(connection, check, budget.minus(since(started))));
                })
                // Only the wait for a connection can reach this: once connected, the transaction's own limit, the
                // same deadline, ends the probe first and closes the connection it leaves behind.
                .ifNoItem().after(budget.plus(DISCARD_MARGIN)).fail()
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
     * The probe's transaction, its three commands sent at once (the client pipelines them: two round trips in all),
     * answered with the check's rows or the first error in that order. It fails by {@code limit} at the latest, and
     * then the connection is closed rather than returned: a connection whose statement got no answer would hold up
     * every later probe that the pool lent it to.
     */
    static Uni<RowSet<Row>> transaction(SqlConnection connection, CheckDefinition check, Duration limit) {
        if (limit.isNegative() || limit.isZero()) {
            return Uni.createFrom().failure(new TimeoutException());
        }
        Uni<RowSet<Row>> open = connection.query(opening(check)).execute();
        Uni<RowSet<Row>> query = connection.preparedQuery(statement(check)).execute();
        Uni<RowSet<Row>> close = connection.query(CLOSING).execute();
        return Uni.combine().all().unis(open, query, close).collectFailures()
                .with((opened, rows, closed) -> rows)
                .onFailure(CompositeException.class).transform(error -> ((CompositeException) error).getCauses().get(0))
                .ifNoItem().after(limit).fail()
                // an error the database answered leaves the connection as good as before; anything else may not
                .onFailure(error -> !(error instanceof PgException)).call(() -> discard(connection));
    }

    /**
     * The first command: opens the read-only transaction and sets, for it alone, the check's own settings, no
     * parallel workers (a probe should not take them from the application) and the statement timeout. In the simple
     * protocol, so that it costs one message; BEGIN comes first and cannot fail on a working connection, so the check
     * that follows always runs inside the transaction (if a setting fails, the transaction is aborted and the check
     * with it).
     */
    static String opening(CheckDefinition check) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("max_parallel_workers_per_gather", "0");
        settings.putAll(check.settings());
        settings.put("statement_timeout", Long.toString(check.timeout().toMillis()));
        return "BEGIN READ ONLY; SELECT " + settings.entrySet().stream()
                .map(setting -> "set_config(" + literal(setting.getKey()) + ", " + literal(setting.getValue()) + ", true)")
                .collect(Collectors.joining(", "));
    }

    /**
     * The second: the check's SQL as a subquery, in the extended protocol. The protocol parses exactly one statement
     * ("cannot insert multiple commands into a prepared statement"), and a subquery can only read, so the check
     * cannot end the transaction, run a second statement, or write through a data-modifying WITH. The statement is
     * unnamed and not kept, which transaction poolers allow. When the check names its tables, a first column lists
     * those whose row-level security would hide rows from this role (active for it, and no permissive SELECT policy
     * applies to it).
     */
    static String statement(CheckDefinition check) {
        String sql = check.sql().strip();
        while (sql.endsWith(";")) {
            sql = sql.substring(0, sql.length() - 1).strip();
        }
        return "SELECT " + (check.tables().isEmpty() ? "" : "(" + rlsGuard(check.tables()) + ") AS rls_hidden, ")
                + "probe.* FROM (" + sql + "\n) AS probe";
    }

    /**
     * Closes the connection's socket, after asking the server to cancel its statement, so that the pool drops it
     * instead of lending it again; completes once the pool has let it go. The Vert.x pool offers no public way to
     * evict a lent connection, and the client's own close waits behind a statement that gets no answer: closing the
     * socket underneath is how a connection lost to the network leaves the pool too. The cancel request is not
     * waited for here: to a database lost to the network it would wait out the connect timeout.
     */
    static Uni<Void> discard(SqlConnection connection) {
        return abort(connection, false);
    }

    /**
     * {@link #discard}, and completes only once the cancel request has also been sent (or has failed): at shutdown
     * the process would otherwise exit before it leaves, and a backend waiting on a lock would wait on.
     */
    static Uni<Void> discardAwaitingCancel(SqlConnection connection) {
        return abort(connection, true);
    }

    private static Uni<Void> abort(SqlConnection connection, boolean awaitCancel) {
        io.vertx.sqlclient.SqlConnection delegate = connection.getDelegate();
        SocketConnectionBase socket = (SocketConnectionBase) ((SqlConnectionInternal) delegate).unwrap().unwrap();
        if (!socket.isValid()) {
            return Uni.createFrom().voidItem(); // closed already, and dropped by the pool as it closed
        }
        // A backend waiting on a lock or paused does not notice a closed socket; a cancel request reaches it.
        Uni<Void> cancelled = Uni.createFrom().completionStage(PgConnection.cast(delegate).cancelRequest().toCompletionStage())
                .onFailure().recoverWithNull();
        ConnectionBase network = (ConnectionBase) socket.socket();
        // Past the client's own close, which sends Terminate and then waits for the server to hang up first.
        network.channelHandlerContext().pipeline().firstContext().close();
        // Completes after the client's own close handling, which has the pool drop the connection.
        Uni<Void> closed = Uni.createFrom().completionStage(network.closeFuture().toCompletionStage());
        return awaitCancel ? Uni.join().all(cancelled, closed).andCollectFailures().replaceWithVoid() : closed;
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

    /** The check's rows, once the row-level security guard (first in every row when the check names tables) found nothing hidden. */
    static RowSet<Row> answer(RowSet<Row> rows, CheckDefinition check) {
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
