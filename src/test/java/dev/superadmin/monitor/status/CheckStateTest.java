package dev.superadmin.monitor.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import dev.superadmin.monitor.check.CheckDefinition;
import dev.superadmin.monitor.config.Direction;
import dev.superadmin.monitor.check.State;
import dev.superadmin.monitor.probe.DatabaseContact;
import dev.superadmin.monitor.probe.FailureReason;
import dev.superadmin.monitor.probe.ProbeResult;
import dev.superadmin.monitor.probe.StatusRow;

/** What a check and a target say from their history and the time: the one assessment, without Quarkus. */
class CheckStateTest {

    private static final Duration STALENESS = Duration.ofSeconds(45);
    private static final Instant NOW = Instant.parse("2026-01-15T10:00:00Z");
    /** When the service started. */
    private static final Instant START = NOW.minus(Duration.ofHours(1));
    private static final CheckHistory NOT_PROBED = CheckHistory.startingAt(START, 100);
    private static final TargetHistory TARGET_NOT_PROBED = TargetHistory.startingAt(START, 100);

    /** Like failed_logins: warning above 10, critical above 25. */
    private static final CheckDefinition FAILED_LOGINS = check("failed_logins", false, STALENESS);
    private static final CheckDefinition APP_HEALTH = check("app_health", true, STALENESS);

    private static CheckDefinition check(String name, boolean rows, Duration staleness) {
        return new CheckDefinition(name, "A check under test", "SELECT 1", rows, List.of(), Map.of(), Direction.ABOVE,
                rows ? OptionalDouble.empty() : OptionalDouble.of(10), rows ? OptionalDouble.empty() : OptionalDouble.of(25),
                "events", "superadmin_" + name, Duration.ofSeconds(15), Duration.ofSeconds(5), staleness, "SuperadminCheck");
    }

    private static ProbeResult success(Instant at, double value, StatusRow... rows) {
        return new ProbeResult("default", "c", at, Duration.ofMillis(3), value, List.of(rows), null, null,
                DatabaseContact.ANSWERED);
    }

    private static ProbeResult failure(Instant at, FailureReason reason, DatabaseContact contact) {
        return new ProbeResult("default", "c", at, Duration.ofMillis(7), Double.NaN, List.of(), reason, "it failed", contact);
    }

    private static CheckState assess(CheckDefinition check, Instant now, ProbeResult... results) {
        return assess(check, false, now, results);
    }

    private static CheckState assess(CheckDefinition check, boolean databaseUnreachable, Instant now, ProbeResult... results) {
        return CheckState.assess(check, history(check, results), databaseUnreachable, now);
    }

    private static CheckHistory history(CheckDefinition check, ProbeResult... results) {
        CheckHistory history = NOT_PROBED;
        for (ProbeResult result : results) {
            history = history.with(result, check);
        }
        return history;
    }

    @Nested
    class Staleness {

        @Test
        void aFreshValueKeepsItsStateAndValue() {
            CheckState state = assess(FAILED_LOGINS, NOW, success(NOW.minusSeconds(10), 12));
            assertThat(state.state()).isEqualTo(State.WARNING);
            assertThat(state.value()).isEqualTo(12);
            assertThat(state.measuredAt()).isEqualTo(NOW.minusSeconds(10));
            assertThat(state.failure()).isNull();
        }

        @Test
        void aValueMeasuredExactlyTheStalenessWindowAgoStands() {
            assertThat(assess(FAILED_LOGINS, NOW, success(NOW.minus(STALENESS), 30)).state()).isEqualTo(State.CRITICAL);
        }

        @Test
        void aValueOneNanosecondPastTheWindowIsUnknownWithoutAValue() {
            CheckState state = assess(FAILED_LOGINS, NOW, success(NOW.minus(STALENESS).minusNanos(1), 1_000));
            assertThat(state.state()).isEqualTo(State.UNKNOWN);
            assertThat(state.value()).isNull();
            assertThat(state.measuredAt()).as("when it was measured, still said").isNotNull();
        }

        @Test
        void theWindowIsTheChecksOwn() {
            CheckDefinition slow = check("slow", false, Duration.ofMinutes(15));
            assertThat(assess(slow, NOW, success(NOW.minus(Duration.ofMinutes(15)), 12)).state()).isEqualTo(State.WARNING);
            assertThat(assess(slow, NOW, success(NOW.minus(Duration.ofMinutes(15)).minusNanos(1), 12)).state())
                    .isEqualTo(State.UNKNOWN);
        }

        @Test
        void nothingMeasuredYetIsUnknown() {
            CheckState state = CheckState.assess(FAILED_LOGINS, NOT_PROBED, false, NOW);
            assertThat(state.state()).isEqualTo(State.UNKNOWN);
            assertThat(state.value()).isNull();
            assertThat(state.measuredAt()).isNull();
            assertThat(state.lastDuration()).isNull();
        }
    }

    /** While the target's database cannot be reached, a value that still stands says it is held. */
    @Nested
    class Held {

        @Test
        void aSlowCheckNotProbedSinceTheDatabaseWentAwayIsHeldWithItsStateAndValue() {
            CheckDefinition slow = check("slow", false, Duration.ofMinutes(15));
            // its own last probe succeeded five minutes ago; another check's probe has just found the database gone
            CheckState state = assess(slow, true, NOW, success(NOW.minus(Duration.ofMinutes(5)), 12));
            assertThat(state.held()).isTrue();
            assertThat(state.state()).as("the last value's state, kept").isEqualTo(State.WARNING);
            assertThat(state.value()).isEqualTo(12);
            assertThat(state.failure()).as("its own last probe did not fail").isNull();
        }

        @Test
        void aCheckWhoseOwnProbeFoundTheDatabaseGoneIsHeld() {
            CheckState state = assess(FAILED_LOGINS, true, NOW, success(NOW.minusSeconds(30), 3),
                    failure(NOW.minusSeconds(5), FailureReason.CONNECT, DatabaseContact.UNREACHABLE));
            assertThat(state.held()).isTrue();
            assertThat(state.value()).isEqualTo(3);
        }

        @Test
        void aRowsCheckKeepsItsRowsHeld() {
            CheckState state = assess(APP_HEALTH, true, NOW, success(NOW.minusSeconds(30), 1, new StatusRow("disk", 3.0, "OK")));
            assertThat(state.held()).isTrue();
            assertThat(state.rows()).containsOnlyKeys("disk");
        }

        @Test
        void nothingIsHeldWhileTheDatabaseAnswers() {
            assertThat(assess(FAILED_LOGINS, false, NOW, success(NOW.minusSeconds(30), 3)).held()).isFalse();
        }

        @Test
        void aStaleValueIsUnknownNotHeld() {
            CheckState state = assess(FAILED_LOGINS, true, NOW, success(NOW.minus(STALENESS).minusNanos(1), 3));
            assertThat(state.state()).isEqualTo(State.UNKNOWN);
            assertThat(state.held()).isFalse();
        }

        @Test
        void nothingMeasuredIsNothingHeld() {
            assertThat(CheckState.assess(FAILED_LOGINS, NOT_PROBED, true, NOW).held()).isFalse();
        }
    }

    @Nested
    class Failures {

        @Test
        void aDatabaseOutOfReachLeavesTheLastValueStandingUntilStale() {
            CheckState state = assess(FAILED_LOGINS, NOW, success(NOW.minusSeconds(30), 3),
                    failure(NOW.minusSeconds(5), FailureReason.CONNECT, DatabaseContact.UNREACHABLE));
            assertThat(state.state()).isEqualTo(State.OK);
            assertThat(state.value()).isEqualTo(3);
            assertThat(state.failure().reason()).isEqualTo(FailureReason.CONNECT);
            assertThat(state.lastDuration()).isEqualTo(Duration.ofMillis(7));
        }

        @Test
        void anErrorTheDatabaseAnsweredIsUnknownAtOnce() {
            CheckState state = assess(FAILED_LOGINS, NOW, success(NOW.minusSeconds(30), 3),
                    failure(NOW.minusSeconds(5), FailureReason.PERMISSION, DatabaseContact.ANSWERED));
            assertThat(state.state()).isEqualTo(State.UNKNOWN);
            assertThat(state.value()).isNull();
            assertThat(state.measuredAt()).isEqualTo(NOW.minusSeconds(30));
        }

        @Test
        void aSuccessAfterAFailureClearsIt() {
            CheckState state = assess(FAILED_LOGINS, NOW, failure(NOW.minusSeconds(30), FailureReason.SQL,
                    DatabaseContact.ANSWERED), success(NOW.minusSeconds(5), 30));
            assertThat(state.state()).isEqualTo(State.CRITICAL);
            assertThat(state.failure()).isNull();
        }
    }

    @Nested
    class Rows {

        @Test
        void aRowsCheckIsItsWorstRowAndHasNoValue() {
            CheckState state = assess(APP_HEALTH, NOW, success(NOW, 2, new StatusRow("cache", 0.99, "healthy"),
                    new StatusRow("bloat", 0.4, "WARNING"), new StatusRow("note", null, null)));
            assertThat(state.state()).isEqualTo(State.UNKNOWN); // a row without a status is UNKNOWN, worse than WARNING
            assertThat(state.value()).isNull();
            assertThat(state.rows().keySet()).containsExactly("cache", "bloat", "note");
            assertThat(state.rows().get("bloat").state()).isEqualTo(State.WARNING);
            assertThat(state.rows().get("cache").value()).isEqualTo(0.99);
        }

        @Test
        void noRowsIsOk() {
            assertThat(assess(APP_HEALTH, NOW, success(NOW, 0)).state()).isEqualTo(State.OK);
        }

        @Test
        void staleRowsAreNotShown() {
            CheckState state = assess(APP_HEALTH, NOW, success(NOW.minus(STALENESS).minusMillis(1), 1,
                    new StatusRow("cache", 0.99, "OK")));
            assertThat(state.state()).isEqualTo(State.UNKNOWN);
            assertThat(state.rows()).isNull();
        }
    }

    @Nested
    class Targets {

        @Test
        void anUnreachableDatabaseIsCriticalWhateverItsChecksSay() {
            TargetState state = TargetState.assess(failure(NOW, FailureReason.CONNECT, DatabaseContact.UNREACHABLE),
                    List.of(assess(FAILED_LOGINS, NOW, success(NOW.minusSeconds(5), 1))), TARGET_NOT_PROBED);
            assertThat(state.state()).isEqualTo(State.CRITICAL);
            assertThat(state.up()).isFalse();
            assertThat(state.checkedAt()).isEqualTo(NOW);
        }

        @Test
        void aDatabaseThatAnswersIsItsWorstCheck() {
            TargetState state = TargetState.assess(success(NOW, 30), List.of(
                    assess(FAILED_LOGINS, NOW, success(NOW, 12)), assess(FAILED_LOGINS, NOW, success(NOW, 3))), TARGET_NOT_PROBED);
            assertThat(state.state()).isEqualTo(State.WARNING);
            assertThat(state.up()).isTrue();
        }

        @Test
        void beforeTheFirstProbeItIsWhatItsChecksSay() {
            TargetState state = TargetState.assess(null, List.of(CheckState.assess(FAILED_LOGINS, NOT_PROBED, false, NOW)),
                    TARGET_NOT_PROBED);
            assertThat(state.state()).isEqualTo(State.UNKNOWN);
            assertThat(state.up()).isFalse();
            assertThat(state.checkedAt()).isNull();
        }
    }

    /** Since when a check, a row and a target have been in their state, and what they were before. */
    @Nested
    class Since {

        @Test
        void beforeTheFirstProbeACheckHasBeenUnknownSinceTheStart() {
            CheckState state = CheckState.assess(FAILED_LOGINS, NOT_PROBED, false, NOW);
            assertThat(state.since()).isEqualTo(START);
            assertThat(state.previousState()).isNull();
        }

        @Test
        void eachResultThatChangesTheStateIsAChangeAtItsEnd() {
            Instant ok = NOW.minusSeconds(40);
            Instant warning = NOW.minusSeconds(30);
            Instant critical = NOW.minusSeconds(10);
            CheckState state = assess(FAILED_LOGINS, NOW, success(ok, 3), success(warning, 12), success(NOW.minusSeconds(20), 14),
                    success(critical, 30));
            assertThat(state.state()).isEqualTo(State.CRITICAL);
            assertThat(state.since()).isEqualTo(critical);
            assertThat(state.previousState()).isEqualTo(State.WARNING);
            assertThat(state.changes().list()).extracting(StateChanges.Change::at, StateChanges.Change::state, StateChanges.Change::value)
                    .containsExactly(
                            tuple(START, State.UNKNOWN, null),
                            tuple(ok, State.OK, 3.0),
                            tuple(warning, State.WARNING, 12.0), // 14 later is no change: the value that made it stays
                            tuple(critical, State.CRITICAL, 30.0));
        }

        @Test
        void aValueGoingStaleIsAChangeWhenTheWindowClosedBeforeAnyProbeSaysSo() {
            Instant measured = NOW.minusSeconds(60);
            CheckHistory history = history(FAILED_LOGINS, success(measured, 12),
                    failure(NOW.minusSeconds(20), FailureReason.CONNECT, DatabaseContact.UNREACHABLE));
            CheckState state = CheckState.assess(FAILED_LOGINS, history, false, NOW);
            assertThat(state.state()).isEqualTo(State.UNKNOWN);
            assertThat(state.since()).isEqualTo(measured.plus(STALENESS));
            assertThat(state.previousState()).isEqualTo(State.WARNING);
            assertThat(state.changes().last().error()).isEqualTo("connect: it failed");
            assertThat(history.changes().size()).as("the stored log learns it at the next result").isEqualTo(2);

            // the next result records it, dated when it happened, then its own change
            CheckHistory next = history.with(success(NOW, 3), FAILED_LOGINS);
            assertThat(next.changes().list()).extracting(StateChanges.Change::at, StateChanges.Change::state)
                    .containsExactly(tuple(START, State.UNKNOWN), tuple(measured, State.WARNING),
                            tuple(measured.plus(STALENESS), State.UNKNOWN), tuple(NOW, State.OK));
        }

        @Test
        void anErrorTheDatabaseAnsweredIsAChangeWithItsMessage() {
            CheckState state = assess(FAILED_LOGINS, NOW, success(NOW.minusSeconds(30), 3),
                    failure(NOW.minusSeconds(5), FailureReason.SQL, DatabaseContact.ANSWERED));
            assertThat(state.since()).isEqualTo(NOW.minusSeconds(5));
            assertThat(state.previousState()).isEqualTo(State.OK);
            assertThat(state.changes().last().error()).isEqualTo("sql: it failed");
            assertThat(state.changes().last().value()).isNull();
        }

        @Test
        void aRowHasItsOwnSince() {
            Instant first = NOW.minusSeconds(30);
            CheckState state = assess(APP_HEALTH, NOW,
                    success(first, 2, new StatusRow("cache", 0.99, "OK"), new StatusRow("bloat", 0.1, "OK")),
                    success(NOW.minusSeconds(15), 2, new StatusRow("cache", 0.98, "OK"), new StatusRow("bloat", 0.4, "WARNING")),
                    success(NOW, 2, new StatusRow("cache", 0.97, "OK"), new StatusRow("bloat", 0.5, "WARNING")));
            assertThat(state.rows().get("cache").since()).isEqualTo(first);
            assertThat(state.rows().get("cache").previousState()).isNull();
            assertThat(state.rows().get("bloat").since()).isEqualTo(NOW.minusSeconds(15));
            assertThat(state.rows().get("bloat").previousState()).isEqualTo(State.OK);
        }

        @Test
        void aRowBackAfterItsCheckWentStaleIsBackSinceThen() {
            Instant first = NOW.minusSeconds(100);
            CheckState state = assess(APP_HEALTH, NOW, success(first, 1, new StatusRow("cache", 0.99, "OK")),
                    success(NOW, 1, new StatusRow("cache", 0.99, "OK")));
            assertThat(state.rows().get("cache").since()).isEqualTo(NOW);
            assertThat(state.rows().get("cache").previousState()).isEqualTo(State.UNKNOWN);
        }

        @Test
        void aTargetWhoseOnlyCheckWentStaleIsUnknownSinceThen() {
            Instant measured = NOW.minusSeconds(60);
            CheckState recorded = assess(FAILED_LOGINS, measured, success(measured, 3));
            TargetHistory target = TARGET_NOT_PROBED.with(TargetState.assess(success(measured, 3), List.of(recorded),
                    TARGET_NOT_PROBED), measured);
            assertThat(target.changes().last().state()).isEqualTo(State.OK);

            TargetState state = TargetState.assess(success(measured, 3), List.of(assess(FAILED_LOGINS, NOW, success(measured, 3))),
                    target);
            assertThat(state.state()).isEqualTo(State.UNKNOWN);
            assertThat(state.since()).isEqualTo(measured.plus(STALENESS));
            assertThat(state.previousState()).isEqualTo(State.OK);
            assertThat(state.databaseSince()).isEqualTo(measured);
        }

        @Test
        void aTargetWhoseDatabaseCannotBeReachedIsCriticalSinceTheProbeThatFoundIt() {
            Instant lost = NOW.minusSeconds(10);
            ProbeResult unreachable = failure(lost, FailureReason.CONNECT, DatabaseContact.UNREACHABLE);
            CheckState check = assess(FAILED_LOGINS, lost, unreachable); // never measured: UNKNOWN since the start
            assertThat(check.since()).isEqualTo(START);
            TargetState state = TargetState.assess(unreachable, List.of(check), TARGET_NOT_PROBED);
            assertThat(state.state()).isEqualTo(State.CRITICAL);
            assertThat(state.since()).isEqualTo(lost);
            assertThat(state.previousState()).isEqualTo(State.UNKNOWN);
            assertThat(state.databaseSince()).isEqualTo(lost);

            // back: the target is its check's state again, since the probe that got an answer
            TargetHistory recorded = TARGET_NOT_PROBED.with(state, lost);
            ProbeResult answered = success(NOW, 3);
            TargetState back = TargetState.assess(answered, List.of(assess(FAILED_LOGINS, NOW, unreachable, answered)), recorded);
            assertThat(back.state()).isEqualTo(State.OK);
            assertThat(back.since()).isEqualTo(NOW);
            assertThat(back.previousState()).isEqualTo(State.CRITICAL);
            assertThat(back.databaseSince()).isEqualTo(NOW);
        }

        @Test
        void aTargetAlreadyWorseThanAStaleCheckKeepsItsSince() {
            Instant measured = NOW.minusSeconds(60);
            List<CheckState> recorded = List.of(assess(FAILED_LOGINS, measured, success(measured, 3)),
                    assess(FAILED_LOGINS, measured, success(measured, 30)));
            TargetHistory target = TARGET_NOT_PROBED.with(TargetState.assess(success(measured, 3), recorded, TARGET_NOT_PROBED),
                    measured);
            // the OK check goes stale (UNKNOWN) at measured + 45 s; CRITICAL is worse than UNKNOWN
            TargetState state = TargetState.assess(success(measured, 3), List.of(
                    assess(FAILED_LOGINS, NOW, success(measured, 3)),
                    assess(check("fresh", false, Duration.ofHours(1)), NOW, success(measured, 30))), target);
            assertThat(state.state()).isEqualTo(State.CRITICAL);
            assertThat(state.since()).isEqualTo(measured);
            assertThat(state.previousState()).isEqualTo(State.UNKNOWN);
        }
    }

    @Nested
    class Reassessed {

        @Test
        void aLoweredThresholdTurnsTheLastValueCriticalAtOnceWithoutAProbe() {
            CheckHistory measured = history(FAILED_LOGINS, success(NOW.minusSeconds(10), 5));
            CheckDefinition lowered = new CheckDefinition(FAILED_LOGINS.name(), FAILED_LOGINS.description(),
                    FAILED_LOGINS.sql(), false, List.of(), Map.of(), Direction.ABOVE, OptionalDouble.of(3),
                    OptionalDouble.of(4), "events", FAILED_LOGINS.metric(), FAILED_LOGINS.interval(),
                    FAILED_LOGINS.timeout(), STALENESS, FAILED_LOGINS.runbook());

            CheckHistory reassessed = measured.reassessed(FAILED_LOGINS, lowered, NOW);
            CheckState state = CheckState.assess(lowered, reassessed, false, NOW.plusSeconds(1));

            assertThat(state.state()).isEqualTo(State.CRITICAL);
            assertThat(state.value()).isEqualTo(5.0);
            assertThat(state.measuredAt()).as("no new probe").isEqualTo(NOW.minusSeconds(10));
            assertThat(state.since()).as("the change is dated at the reload").isEqualTo(NOW);
            assertThat(state.previousState()).isEqualTo(State.OK);
        }

        @Test
        void theSameJudgementLogsNoChange() {
            CheckHistory measured = history(FAILED_LOGINS, success(NOW.minusSeconds(10), 5));

            CheckHistory reassessed = measured.reassessed(FAILED_LOGINS, FAILED_LOGINS, NOW);

            assertThat(reassessed.changes().size()).isEqualTo(measured.changes().size());
            assertThat(CheckState.assess(FAILED_LOGINS, reassessed, false, NOW).since()).isEqualTo(NOW.minusSeconds(10));
        }
    }
}
