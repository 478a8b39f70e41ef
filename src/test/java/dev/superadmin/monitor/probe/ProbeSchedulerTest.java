package dev.superadmin.monitor.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Where each probe's schedule starts: the stagger separates the checks of one database, not the whole fleet. */
class ProbeSchedulerTest {

    private static final Duration STAGGER = Duration.ofSeconds(1);

    @Test
    void theChecksOfOneTargetAreOneStaggerApart() {
        assertThat(ProbeScheduler.offsets(List.of("shop", "shop", "shop"), STAGGER))
                .containsExactly(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    @Test
    void eachTargetStartsAgainFromZero() {
        assertThat(ProbeScheduler.offsets(List.of("blog", "blog", "shop", "shop", "shop"), STAGGER))
                .containsExactly(Duration.ZERO, Duration.ofSeconds(1), Duration.ZERO, Duration.ofSeconds(1),
                        Duration.ofSeconds(2));
    }

    /** 1,000 databases with the five seed checks: the last schedule starts 4 s late, not 4,999 s. */
    @Test
    void aFleetDoesNotPushTheLastTargetBack() {
        List<String> targets = new ArrayList<>();
        for (int target = 0; target < 1000; target++) {
            targets.addAll(Collections.nCopies(5, "db" + target));
        }
        List<Duration> offsets = ProbeScheduler.offsets(targets, STAGGER);

        assertThat(offsets).hasSize(5000);
        assertThat(Collections.max(offsets)).isEqualTo(Duration.ofSeconds(4));
        assertThat(offsets.subList(4995, 5000)).containsExactly(Duration.ZERO, Duration.ofSeconds(1),
                Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(4));
    }

    /** The first round: a thousand targets of five checks start in 40 ms of spacing (was 49.99 s), every first check first. */
    @Test
    void theFirstRoundSpacesEachTargetNotTheFleet() {
        List<String> targets = new ArrayList<>();
        for (int target = 0; target < 1000; target++) {
            for (int check = 0; check < 5; check++) {
                targets.add("t" + target);
            }
        }
        List<Duration> delays = ProbeScheduler.offsets(targets, ProbeScheduler.SPACING);
        assertThat(Collections.max(delays)).isEqualTo(Duration.ofMillis(40));
        List<Integer> order = ProbeScheduler.startOrder(delays);
        assertThat(order).hasSize(5000).doesNotHaveDuplicates();
        assertThat(order.subList(0, 3)).as("the first check of each target, in target order").containsExactly(0, 5, 10);
        assertThat(order.get(1000)).as("then the second check of the first target").isEqualTo(1);
        for (int i = 1; i < order.size(); i++) {
            assertThat(delays.get(order.get(i))).isGreaterThanOrEqualTo(delays.get(order.get(i - 1)));
        }
    }

    @Test
    void aFleetsSchedulesSpreadOverTheInterval() {
        List<String> targets = new ArrayList<>();
        List<Duration> intervals = new ArrayList<>();
        for (int t = 0; t < 1000; t++) {
            for (Duration interval : List.of(Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofMinutes(5))) {
                targets.add("t" + t);
                intervals.add(interval);
            }
        }
        List<Duration> spread = ProbeScheduler.spread(targets, intervals);
        List<Duration> offsets = ProbeScheduler.offsets(targets, STAGGER);

        assertThat(spread.subList(0, 3)).as("the first target: a thousandth of each interval")
                .containsExactly(Duration.ofMillis(30), Duration.ofMillis(60), Duration.ofMillis(300));
        assertThat(spread.get(3 * 499)).as("the 500th target of 1,000: half its interval").isEqualTo(Duration.ofSeconds(15));
        assertThat(spread.subList(3 * 999, 3 * 1000)).as("the last: one interval, none later")
                .containsExactly(Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofMinutes(5));
        // the 30 s check of a thousand targets: on no second of its interval more than twice its 33 probes a second
        Map<Long, Long> perSecond = new HashMap<>();
        for (int i = 0; i < targets.size(); i += 3) {
            perSecond.merge(offsets.get(i).plus(spread.get(i)).toSeconds() % 30, 1L, Long::sum);
        }
        assertThat(perSecond).hasSize(30);
        assertThat(Collections.max(perSecond.values())).isLessThanOrEqualTo(2 * 1000 / 30);
        assertThat(ProbeScheduler.spread(List.of("shop", "shop"), List.of(Duration.ofSeconds(30), Duration.ofMinutes(5))))
                .as("one target: its interval").containsExactly(Duration.ofSeconds(30), Duration.ofMinutes(5));
    }
}
