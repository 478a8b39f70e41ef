package dev.superadmin.monitor.http;

import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Names the {@code uri} label of {@code http_server_requests_seconds} for a request answered before routing. Quarkus'
 * HTTP metrics read the route template from the request's context under this key, as Quarkus REST sets it, and
 * show it as a path ({@code URI_TOO_LONG} becomes {@code /URI_TOO_LONG}).
 */
final class MetricsUri {

    private static final String TEMPLATE_KEY = "UrlPathTemplate";

    private MetricsUri() {
    }

    static void set(String template) {
        Context context = Vertx.currentContext();
        if (context != null) {
            context.putLocal(TEMPLATE_KEY, template);
        }
    }
}
