package dev.superadmin.monitor.http;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;

/**
 * A JSON error sent by a filter before routing. Such a request has no route template, and Quarkus' HTTP metrics would
 * take its raw path as the {@code uri} label: one new series per path anyone cares to send. So the refusal names
 * the template itself, under the key Quarkus REST uses (the metrics show it as a path: {@code /URI_TOO_LONG}).
 */
final class EarlyRefusal {

    private static final String TEMPLATE_KEY = "UrlPathTemplate";

    private EarlyRefusal() {
    }

    static void send(RoutingContext routing, String uriTemplate, int status, String error, String message) {
        Context context = Vertx.currentContext();
        if (context != null) {
            context.putLocal(TEMPLATE_KEY, uriTemplate);
        }
        routing.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(Json.encode(new ErrorResponse(status, error, message)));
    }
}
