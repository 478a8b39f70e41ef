package dev.superadmin.monitor.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

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
}
