package dev.superadmin.monitor.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import dev.superadmin.monitor.config.MonitorConfig;
import dev.superadmin.monitor.http.RouteOrder;
import dev.superadmin.monitor.status.StatusStore;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Serves /q/metrics in place of Quarkus' handler, from a rendering that is reused until a probe records a result, a
 * check's value goes stale, or {@code superadmin.metrics-max-age} passes. Rendering ~300 series costs far more than
 * sending them, and a scrape should cost the service as little as it costs the database: nothing.
 */
@Singleton
public class MetricsEndpoint {

    static final String TEXT = "text/plain; version=0.0.4; charset=utf-8";
    static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private final PrometheusMeterRegistry registry;
    private final StatusStore store;
    private final CheckMetrics checkMetrics;
    private final long maxAgeNanos;
    private final AtomicReference<Rendering> text = new AtomicReference<>();
    private final AtomicReference<Rendering> openMetrics = new AtomicReference<>();

    MetricsEndpoint(PrometheusMeterRegistry registry, StatusStore store, CheckMetrics checkMetrics, MonitorConfig config) {
        this.registry = registry;
        this.store = store;
        this.checkMetrics = checkMetrics;
        this.maxAgeNanos = config.metricsMaxAge().toNanos();
    }

    /** After the refusals of the http package, before Quarkus' own /q/metrics route, which never runs. */
    void install(@Observes Router router) {
        router.route("/q/metrics").method(HttpMethod.GET).method(HttpMethod.HEAD).order(RouteOrder.METRICS).handler(this::serve);
    }

    private void serve(RoutingContext context) {
        // the same negotiation as Quarkus' handler: Prometheus asks for text/plain among others and gets it
        String accept = context.request().getHeader(HttpHeaders.ACCEPT);
        boolean plain = accept != null && (accept.contains("text/plain") || accept.contains("text/html"));
        String type = plain ? TEXT : OPENMETRICS;
        Rendering rendering = current(plain ? text : openMetrics, type);
        context.response().putHeader(HttpHeaders.CONTENT_TYPE, type).end(rendering.body());
    }

    private Rendering current(AtomicReference<Rendering> cache, String type) {
        long now = System.nanoTime();
        Rendering cached = cache.get();
        if (cached != null && cached.version() == store.version() && now - cached.expiresAt() < 0) {
            return cached;
        }
        // Read the version before rendering: a result recorded meanwhile makes this rendering old at once.
        long version = store.version();
        Instant wall = Instant.now();
        Instant staleAt = store.nextStaleness(wall);
        long untilStale = staleAt.equals(Instant.MAX) ? Long.MAX_VALUE : Duration.between(wall, staleAt).toNanos();
        checkMetrics.syncRows();
        Rendering fresh = new Rendering(Buffer.buffer(registry.scrape(type)), version, now + Math.min(maxAgeNanos, untilStale));
        cache.set(fresh);
        return fresh;
    }

    private record Rendering(Buffer body, long version, long expiresAt) {
    }
}
