package dev.superadmin.monitor.http;

import java.time.Duration;

import jakarta.inject.Singleton;

import dev.superadmin.monitor.config.MonitorConfig;
import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;

/**
 * Closes a connection whose client has sent nothing for {@code superadmin.http.read-idle-timeout}, well before
 * {@code quarkus.http.idle-timeout}, which waits for silence both ways. Vert.x 4.5 has no deadline for a whole request
 * head: a client that sends a byte of it every few seconds keeps its connection. What such clients can hold is bounded
 * by {@code quarkus.http.limits.max-connections} times {@code quarkus.http.limits.max-header-size}.
 */
@Singleton
public class ReadIdleTimeout implements HttpServerOptionsCustomizer {

    private final Duration timeout;

    ReadIdleTimeout(MonitorConfig config) {
        this.timeout = config.http().readIdleTimeout();
    }

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        // the unit is shared with the idle timeout Quarkus has set
        options.setReadIdleTimeout(Math.toIntExact(options.getIdleTimeoutUnit().convert(timeout)));
    }
}
