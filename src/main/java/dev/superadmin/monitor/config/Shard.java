package dev.superadmin.monitor.config;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which targets this instance watches when a fleet is split over {@code count} instances: those whose name hashes
 * to its {@code index}. Every instance reads the same list of targets, so every target is watched by exactly one
 * shard by construction, and replicas of a shard watch the same ones.
 */
public record Shard(int index, int count) {

    public static final Shard ALL = new Shard(0, 1);

    static final int MAX_COUNT = 1000;

    /** A StatefulSet's pod name: the set's name, a dash, the pod's ordinal. */
    private static final Pattern ORDINAL = Pattern.compile(".*-(\\d{1,9})");

    public boolean watches(String target) {
        return of(target, count) == index;
    }

    /** The shard, of as many as this one's, that watches the target. */
    public Shard owner(String target) {
        return new Shard(of(target, count), count);
    }

    /**
     * The shard of a target: the last eight bytes of the MD5 of its name, unsigned, modulo {@code count}, as
     * Prometheus' {@code hashmod} relabelling computes it, so that other tools can place a target the same way.
     */
    public static int of(String target, int count) {
        if (count == 1) {
            return 0;
        }
        try {
            byte[] md5 = MessageDigest.getInstance("MD5").digest(target.getBytes(StandardCharsets.UTF_8));
            return (int) Long.remainderUnsigned(ByteBuffer.wrap(md5, 8, 8).getLong(), count);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }

    /**
     * The configured shard: {@code superadmin.shards.index}, or else the ordinal at the end of the host name (a
     * StatefulSet's pod), either modulo the count: a StatefulSet of count × replicas pods has pod k watch shard
     * k mod count. Empty when neither gives one, or the count is out of range; {@link ConfigCheck} then stops
     * start-up.
     */
    public static Optional<Shard> configured(MonitorConfig.Shards config, Optional<String> hostname) {
        int count = config.count();
        if (count < 1 || count > MAX_COUNT) {
            return Optional.empty();
        }
        return config.index().or(() -> hostname.map(ORDINAL::matcher).filter(Matcher::matches)
                        .map(ordinal -> Integer.parseInt(ordinal.group(1))))
                .filter(index -> index >= 0)
                .map(index -> new Shard(index % count, count))
                .or(() -> count == 1 ? Optional.of(ALL) : Optional.empty());
    }

    @Override
    public String toString() {
        return "shard " + index + " of " + count;
    }
}
