package dev.superadmin.monitor.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.superadmin.monitor.check.State;

/** The bounded log of state changes: order, bounds, and what it keeps of each change. */
class StateChangesTest {

    private static final Instant START = Instant.parse("2026-01-15T10:00:00.123456789Z");

    @Test
    void startsWithItsFirstStateAndNoPrevious() {
        StateChanges log = StateChanges.startingAt(START, State.UNKNOWN, 5);
        assertThat(log.size()).isOne();
        assertThat(log.last()).isEqualTo(new StateChanges.Change(START, State.UNKNOWN, null, null));
        assertThat(log.previous()).isNull();
        assertThat(log.start()).isEqualTo(START);
        assertThat(log.truncated()).isFalse();
    }

    @Test
    void theSameStateAgainIsNoChange() {
        StateChanges log = StateChanges.startingAt(START, State.UNKNOWN, 5).append(START.plusSeconds(1), State.OK, 3.0, null);
        assertThat(log.append(START.plusSeconds(2), State.OK, 4.0, null)).isSameAs(log);
    }

    @Test
    void changesAreKeptInOrderWithTheirValueAndError() {
        StateChanges log = StateChanges.startingAt(START, State.UNKNOWN, 5)
                .append(START.plusSeconds(1), State.OK, 3.0, null)
                .append(START.plusSeconds(2), State.WARNING, 12.5, null)
                .append(START.plusSeconds(3), State.UNKNOWN, null, "sql: division by zero");
        assertThat(log.list()).containsExactly(
                new StateChanges.Change(START, State.UNKNOWN, null, null),
                new StateChanges.Change(START.plusSeconds(1), State.OK, 3.0, null),
                new StateChanges.Change(START.plusSeconds(2), State.WARNING, 12.5, null),
                new StateChanges.Change(START.plusSeconds(3), State.UNKNOWN, null, "sql: division by zero"));
        assertThat(log.previous().state()).isEqualTo(State.WARNING);
    }

    @Test
    void aChangeDatedBeforeTheLastIsDatedAtTheLast() {
        StateChanges log = StateChanges.startingAt(START, State.UNKNOWN, 5)
                .append(START.plusSeconds(10), State.OK, 1.0, null)
                .append(START.plusSeconds(9), State.WARNING, 12.0, null);
        assertThat(log.last().at()).isEqualTo(START.plusSeconds(10));
    }

    @Test
    void pastItsCapacityTheOldestGoAndItSaysSo() {
        StateChanges log = StateChanges.startingAt(START, State.UNKNOWN, 100);
        for (int i = 1; i <= 10_000; i++) {
            log = log.append(START.plusSeconds(i), i % 2 == 0 ? State.OK : State.CRITICAL, (double) i, null);
            assertThat(log.size()).isLessThanOrEqualTo(100);
        }
        assertThat(log.size()).isEqualTo(100);
        assertThat(log.truncated()).isTrue();
        assertThat(log.start()).isEqualTo(START.plusSeconds(9_901));
        assertThat(log.list()).extracting(StateChanges.Change::at)
                .isSortedAccordingTo(Instant::compareTo)
                .endsWith(START.plusSeconds(10_000));
        assertThat(log.last().value()).isEqualTo(10_000.0);
    }

    @Test
    void anErrorEqualToOneKeptIsKeptOnceAndALongOneIsCut() {
        String message = "connect: Connection refused: /127.0.0.1:1";
        StateChanges log = StateChanges.startingAt(START, State.OK, 10)
                .append(START.plusSeconds(1), State.UNKNOWN, null, new String(message))
                .append(START.plusSeconds(2), State.OK, 1.0, null)
                .append(START.plusSeconds(3), State.UNKNOWN, null, new String(message));
        assertThat(log.list().get(3).error()).isSameAs(log.list().get(1).error());

        String huge = "sql: " + "x".repeat(5_000);
        String kept = log.append(START.plusSeconds(4), State.OK, 1.0, null)
                .append(START.plusSeconds(5), State.UNKNOWN, null, huge).last().error();
        assertThat(kept).hasSize(StateChanges.ERROR_LENGTH).startsWith("sql: xxx").endsWith("xx...");
    }

    @Test
    void nanosecondsSurvive() {
        Instant at = START.plus(Duration.ofNanos(987_654_321));
        assertThat(StateChanges.startingAt(START, State.UNKNOWN, 2).append(at, State.OK, 1.0, null).last().at()).isEqualTo(at);
    }

    @Test
    void aLogKeepsAtLeastTwoChanges() {
        assertThatThrownBy(() -> StateChanges.startingAt(START, State.OK, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
