package dev.superadmin.monitor.http;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;

/**
 * Bounds the labels Quarkus' HTTP metrics take from a request, so that no request can add a series: {@code method} is
 * a standard method or OTHER, {@code uri} one of the service's own templates and fixed markers or OTHER. Without it,
 * every made-up method token (up to the request line's length) was a new series, and junk paths used up the 100
 * {@code uri} values Quarkus allows (quarkus.micrometer.binder.http-server.max-uri-tags), after which real series were
 * no longer recorded. Micrometer maps an id through every filter before any filter accepts or denies it, so that cap
 * only ever counts these bounded values; and it keeps one id per series it creates, none per request mapped onto one.
 */
@Singleton
public class RequestMetricLabels {

    static final String OTHER = "OTHER";

    /**
     * The templates of the resources and of Quarkus' own routes, the markers Quarkus puts in place of a path that
     * matched none ({@code root} for /), and the labels of early refusals.
     */
    static final Set<String> URIS = Stream.of(
            Stream.of("/status", "/status/{check}", "/runbooks/{name}", "/q/metrics", "root", "NOT_FOUND", "REDIRECTION"),
            AccessFilter.OPEN.stream().filter(path -> !path.equals("/")),
            Arrays.stream(EarlyRefusal.values()).map(EarlyRefusal::uriLabel))
            .flatMap(labels -> labels)
            .collect(Collectors.toUnmodifiableSet());

    @Produces
    @Singleton
    MeterFilter boundedRequestLabels() {
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                if (!id.getName().startsWith("http.server.")) {
                    return id;
                }
                return id.replaceTags(id.getTags().stream().map(RequestMetricLabels::bounded).toList());
            }
        };
    }

    private static Tag bounded(Tag tag) {
        return switch (tag.getKey()) {
            case "method" -> AllowedMethods.STANDARD.contains(tag.getValue()) ? tag : Tag.of("method", OTHER);
            case "uri" -> URIS.contains(tag.getValue()) ? tag : Tag.of("uri", OTHER);
            default -> tag;
        };
    }
}
