package dev.superadmin.monitor.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** The numbers a fault test measured: printed as one line and appended to {@code target/fault-timings.txt}. */
public final class FaultTimings {

    private static final Path FILE = Path.of("target", "fault-timings.txt");

    private FaultTimings() {
    }

    public static void report(String test, String numbers) {
        String line = "fault timings: " + test + ": " + numbers;
        System.out.println(line);
        try {
            Files.createDirectories(FILE.getParent());
            Files.writeString(FILE, Instant.now() + " " + line + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String ms(Duration duration) {
        return String.format(Locale.ROOT, "%.0f ms", duration.toNanos() / 1e6);
    }

    /** Latencies of sequential requests: nearest-rank percentiles. */
    public record Latencies(List<Long> nanos) {

        public Latencies {
            nanos = new ArrayList<>(nanos);
            Collections.sort(nanos);
        }

        public double percentileMs(double percentile) {
            int rank = (int) Math.ceil(percentile / 100.0 * nanos.size());
            return nanos.get(Math.max(0, rank - 1)) / 1e6;
        }

        public double maxMs() {
            return nanos.get(nanos.size() - 1) / 1e6;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "n=%d p50=%.1f ms p99=%.1f ms max=%.1f ms", nanos.size(), percentileMs(50),
                    percentileMs(99), maxMs());
        }
    }
}
