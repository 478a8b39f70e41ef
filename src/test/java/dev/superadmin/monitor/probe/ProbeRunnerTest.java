package dev.superadmin.monitor.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.superadmin.monitor.check.CheckDefinition;
import dev.superadmin.monitor.config.Direction;
import io.smallrye.mutiny.TimeoutException;
import io.vertx.pgclient.PgException;

/** How the runner writes its statement and classifies errors; no database needed. */
class ProbeRunnerTest {

    private static final CheckDefinition CHECK = new CheckDefinition("c", "d", "SELECT count(*) FROM t;  ", false, List.of(), Map.of(), Direction.ABOVE,
            OptionalDouble.of(1), OptionalDouble.empty(), "", "superadmin_c", Duration.ofSeconds(15),
            Duration.ofMillis(2500), Duration.ofSeconds(45), "SuperadminCheck");

    @Test
    void theTransactionOpensReadOnlyWithTheTimeoutAndNoParallelWorkers() {
        assertThat(ProbeRunner.opening(CHECK)).isEqualTo("BEGIN READ ONLY; SELECT "
                + "set_config('max_parallel_workers_per_gather', '0', true), set_config('statement_timeout', '2500', true)");
    }

    @Test
    void aCheckSettingIsSetForTheTransactionOnlyAndQuoted() {
        CheckDefinition check = new CheckDefinition("c", "d", "SELECT 1", false, List.of(), Map.of("work_mem", "4'MB"),
                Direction.ABOVE, OptionalDouble.of(1), OptionalDouble.empty(), "", "superadmin_c", Duration.ofSeconds(15),
                Duration.ofSeconds(5), Duration.ofSeconds(45), "SuperadminCheck");
        assertThat(ProbeRunner.opening(check)).isEqualTo("BEGIN READ ONLY; SELECT "
                + "set_config('max_parallel_workers_per_gather', '0', true), set_config('work_mem', '4''MB', true), "
                + "set_config('statement_timeout', '5000', true)");
    }

    @Test
    void theCheckIsOneStatementWithItsQueryInsideASubquery() {
        assertThat(ProbeRunner.statement(CHECK)).isEqualTo("SELECT probe.* FROM (SELECT count(*) FROM t\n) AS probe");
    }

    @Test
    void aCheckThatNamesItsTablesFirstAsksWhetherRowLevelSecurityHidesRows() {
        CheckDefinition check = new CheckDefinition("c", "d", "SELECT count(*) FROM public.t", false, List.of("public.t", "o'dd"), Map.of(),
                Direction.ABOVE, OptionalDouble.of(1), OptionalDouble.empty(), "", "superadmin_c", Duration.ofSeconds(15),
                Duration.ofSeconds(5), Duration.ofSeconds(45), "SuperadminCheck");
        assertThat(ProbeRunner.statement(check))
                .startsWith("SELECT (SELECT string_agg(t, ', ') FROM unnest(ARRAY['public.t', 'o''dd'])")
                .contains("row_security_active(t)")
                .endsWith(") AS rls_hidden, probe.* FROM (SELECT count(*) FROM public.t\n) AS probe");
    }

    @ParameterizedTest(name = "SQLSTATE {0} is {1}")
    @CsvSource({
            "57014, TIMEOUT", "55P03, TIMEOUT",
            "42501, PERMISSION", "25006, PERMISSION",
            "08006, CONNECT", "28P01, CONNECT", "3D000, CONNECT", "53300, CONNECT", "57P01, CONNECT", "57P04, CONNECT",
            "42P01, SQL", "22012, SQL", "XX000, SQL"
    })
    void sqlStatesMapToReasons(String sqlState, FailureReason reason) {
        assertThat(ProbeRunner.reasonOf(sqlState)).isEqualTo(reason);
    }

    @Test
    void authenticationFailureMeansTheDatabaseIsUnreachable() {
        ProbeFailure failure = ProbeRunner.classify(
                new PgException("password authentication failed for user \"x\"", "FATAL", "28P01", null), false, false, CHECK);
        assertThat(failure.reason()).isEqualTo(FailureReason.CONNECT);
        assertThat(failure.contact()).isEqualTo(DatabaseContact.UNREACHABLE);
        assertThat(failure.getMessage()).isEqualTo("password authentication failed for user \"x\" (SQLSTATE 28P01)");
    }

    @Test
    void aServerErrorMeansTheDatabaseAnswered() {
        ProbeFailure failure = ProbeRunner.classify(
                new PgException("canceling statement due to statement timeout", "ERROR", "57014", null), true, false, CHECK);
        assertThat(failure.reason()).isEqualTo(FailureReason.TIMEOUT);
        assertThat(failure.contact()).isEqualTo(DatabaseContact.ANSWERED);
    }

    @Test
    void silenceOnAConnectionIsAnUnreachableDatabase() {
        ProbeFailure failure = ProbeRunner.classify(new TimeoutException(), true, false, CHECK);
        assertThat(failure.reason()).isEqualTo(FailureReason.TIMEOUT);
        assertThat(failure.contact()).isEqualTo(DatabaseContact.UNREACHABLE);
        assertThat(failure.getMessage()).isEqualTo("no answer from the database within 3.5 s");
    }

    @Test
    void waitingForABusyPoolSaysNothingAboutTheDatabase() {
        ProbeFailure failure = ProbeRunner.classify(new TimeoutException(), false, true, CHECK);
        assertThat(failure.reason()).isEqualTo(FailureReason.TIMEOUT);
        assertThat(failure.contact()).isEqualTo(DatabaseContact.UNKNOWN);
        assertThat(failure.getMessage()).isEqualTo("no free connection in the pool within 3.5 s");
    }

    @Test
    void aFreeSlotThatCannotBeFilledIsAnUnreachableDatabase() {
        ProbeFailure failure = ProbeRunner.classify(new TimeoutException(), false, false, CHECK);
        assertThat(failure.reason()).isEqualTo(FailureReason.CONNECT);
        assertThat(failure.contact()).isEqualTo(DatabaseContact.UNREACHABLE);
        assertThat(failure.getMessage()).isEqualTo("could not connect to the database within 3.5 s");
    }

    @Test
    void aRefusedConnectionIsUnreachable() {
        ProbeFailure failure = ProbeRunner.classify(new java.net.ConnectException("Connection refused"), false, false, CHECK);
        assertThat(failure.reason()).isEqualTo(FailureReason.CONNECT);
        assertThat(failure.contact()).isEqualTo(DatabaseContact.UNREACHABLE);
    }

    @Test
    void aConnectionResetMidQueryIsUnreachable() {
        // what a database killed under a running probe looks like
        ProbeFailure failure = ProbeRunner.classify(new java.net.SocketException("Connection reset"), true, false, CHECK);
        assertThat(failure.reason()).isEqualTo(FailureReason.CONNECT);
        assertThat(failure.contact()).isEqualTo(DatabaseContact.UNREACHABLE);
        assertThat(failure.getMessage()).isEqualTo("Connection reset");
    }
}
