package dev.superadmin.monitor.metrics;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;

/**
 * Shapes every series, ours and the libraries', so that the output follows Prometheus conventions and passes
 * {@code promtool check metrics} without a complaint.
 */
@Singleton
public class MeterFilters {

    private static final Pattern CAMEL_HUMP = Pattern.compile("([a-z0-9])([A-Z])");

    /** Help for library meters that come without one (promtool: "no help text"). */
    private static final Map<String, String> MISSING_HELP = Map.of(
            "http.server.active.requests", "HTTP requests being served now",
            "http.server.errors", "HTTP requests that failed in the server before a response was sent");

    /** Label names in snake_case (the Vert.x SQL client says {@code clientName}). */
    @Produces
    @Singleton
    MeterFilter snakeCaseLabels() {
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                if (id.getTags().stream().noneMatch(tag -> CAMEL_HUMP.matcher(tag.getKey()).find())) {
                    return id;
                }
                return id.replaceTags(id.getTags().stream()
                        .map(tag -> Tag.of(CAMEL_HUMP.matcher(tag.getKey()).replaceAll("$1_$2").toLowerCase(Locale.ROOT), tag.getValue()))
                        .toList());
            }
        };
    }

    /** Fills in the help of the few library meters that have none. */
    @Produces
    @Singleton
    MeterFilter missingHelp() {
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                String help = MISSING_HELP.get(id.getName());
                return help == null || id.getDescription() != null && !id.getDescription().isBlank() ? id
                        : new Meter.Id(id.getName(), Tags.of(id.getTags()), id.getBaseUnit(), help, id.getType());
            }
        };
    }

    /**
     * Drops three library meters that break conventions: {@code process_cpu_time_ns_total} (abbreviated unit; see
     * {@code process_cpu_usage}), {@code system_cpu_count} (a gauge with a {@code _count} suffix) and the long task
     * timer {@code http_server_connections_seconds}, whose samples do not match its summary type in the text format
     * ({@code http_server_active_connections} has the count).
     */
    @Produces
    @Singleton
    MeterFilter unconventionalNames() {
        Set<String> names = Set.of("process.cpu.time", "system.cpu.count", "http.server.connections");
        return MeterFilter.deny(id -> names.contains(id.getName()));
    }
}
