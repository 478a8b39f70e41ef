package dev.superadmin.monitor.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.time.Instant;
import java.util.Arrays;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import dev.superadmin.monitor.check.State;

/**
 * What the history of a check weighs, measured on the heap for 2,000 checks (enough for a steady figure; the docs
 * scale it to 1,000 targets of five): about 150 bytes
 * for a check that changed once since the start, about 2.3 KB for one that has changed more often than the 100
 * changes kept, however often, and about 19 KB when each of its errors differs from the others (docs/how-it-works.md
 * has the layout these figures come from).
 */
class HistoryMemoryTest {

    private static final int CHECKS = 2_000;
    private static final int CAPACITY = 100;
    private static final Instant START = Instant.parse("2026-01-15T10:00:00Z");

    @Test
    void aCheckThatChangedOnceTakesAbout150Bytes() {
        long bytes = perCheck(() -> StateChanges.startingAt(START, State.UNKNOWN, CAPACITY)
                .append(START.plusSeconds(1), State.OK, 3.0, null));
        assertThat(bytes).isBetween(130L, 180L);
    }

    @Test
    void aCheckThatFlapsAllDayTakesAbout2KilobytesAndNoMore() {
        long bytes = perCheck(() -> flapped(500)); // five times what is kept
        assertThat(bytes).isBetween(2_000L, 2_600L);
        assertThat(perCheck(() -> flapped(200))).as("two fifths of the changes, the same weight").isBetween(2_000L, 2_600L);
    }

    @Test
    void aCheckWhoseErrorsAllDifferTakesAbout19Kilobytes() {
        // 50 of its 100 changes UNKNOWN, each with a different message of 300 characters or more
        long bytes = perCheck(() -> {
            StateChanges log = StateChanges.startingAt(START, State.UNKNOWN, CAPACITY);
            for (int i = 1; i <= 200; i++) {
                log = i % 2 == 1 ? log.append(START.plusSeconds(i), State.OK, (double) i, null)
                        : log.append(START.plusSeconds(i), State.UNKNOWN, null, "sql: " + i + " " + "x".repeat(400));
            }
            return log;
        });
        assertThat(bytes).isBetween(17_000L, 21_000L);
    }

    /** Alternately OK and UNKNOWN, each UNKNOWN with its own copy of the same error, as each failed probe has. */
    private static StateChanges flapped(int changes) {
        StateChanges log = StateChanges.startingAt(START, State.UNKNOWN, CAPACITY);
        for (int i = 1; i <= changes; i++) {
            log = i % 2 == 1 ? log.append(START.plusSeconds(i), State.OK, (double) i, null)
                    : log.append(START.plusSeconds(i), State.UNKNOWN, null, new String("connect: Connection refused: /127.0.0.1:5432"));
        }
        return log;
    }

    /**
     * Heap taken per log: what {@link #CHECKS} of them free when they go. Measured as they go rather than as they
     * come, so that the garbage an earlier test (or Quarkus application) left in this JVM is collected before either
     * figure is taken, not between them.
     */
    private static long perCheck(Supplier<StateChanges> make) {
        Object[] logs = new Object[CHECKS];
        for (int i = 0; i < CHECKS; i++) {
            logs[i] = make.get();
        }
        long alive = usedHeap();
        Arrays.fill(logs, null);
        long gone = usedHeap();
        Reference.reachabilityFence(logs);
        System.out.printf("history: %d bytes per check%n", (alive - gone) / CHECKS);
        return (alive - gone) / CHECKS;
    }

    private static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
