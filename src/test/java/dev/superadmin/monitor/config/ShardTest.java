package dev.superadmin.monitor.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class ShardTest {

    @Test
    void aTargetsShardIsPrometheusHashmodOfItsName() {
        // computed apart from this code: int.from_bytes(hashlib.md5(name.encode()).digest()[8:], 'big') % n
        assertThat(Shard.of("default", 3)).isEqualTo(2);
        assertThat(Shard.of("blog", 3)).isEqualTo(1);
        assertThat(Shard.of("shop", 3)).isEqualTo(0);
        assertThat(Shard.of("client-042", 7)).isEqualTo(6);
        assertThat(Shard.of("t0003", 1000)).isEqualTo(319);
        assertThat(Shard.of("anything", 1)).isZero();
    }

    @Test
    void everyTargetHasExactlyOneShardAndTheSharesAreEven() {
        List<String> targets = IntStream.rangeClosed(1, 3000).mapToObj(i -> "client-%04d".formatted(i)).toList();
        List<Shard> shards = IntStream.range(0, 3).mapToObj(i -> new Shard(i, 3)).toList();

        for (String target : targets) {
            assertThat(shards.stream().filter(shard -> shard.watches(target))).as(target).hasSize(1);
        }
        Map<Integer, Long> shares = targets.stream().collect(Collectors.groupingBy(target -> Shard.of(target, 3), Collectors.counting()));
        assertThat(shares.keySet()).containsExactlyInAnyOrder(0, 1, 2);
        assertThat(shares.values()).allSatisfy(share -> assertThat(share).isBetween(900L, 1100L));
    }
}
