package dev.superadmin.monitor.http;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;

/**
 * The JSON errors the service's own routes send before routing. Such a request has no route template, and Quarkus'
 * HTTP metrics would take its raw path as the {@code uri} label: one new series per path anyone cares to send. So each
 * refusal names its own template, under the key Quarkus REST uses (the metrics show it as a path: {@link #uriLabel()}).
 */
enum EarlyRefusal {

    BAD_REQUEST(400, "bad_request"),
    UNAUTHORIZED(401, "unauthorized"),
    METHOD_NOT_ALLOWED(405, "method_not_allowed"),
    URI_TOO_LONG(414, "uri_too_long"),
    HEADERS_TOO_LARGE(431, "request_header_fields_too_large"),
    NOT_IMPLEMENTED(501, "not_implemented");

    private static final String TEMPLATE_KEY = "UrlPathTemplate";

    private final int status;
    private final String error;

    EarlyRefusal(int status, String error) {
        this.status = status;
        this.error = error;
    }

    /** The {@code uri} label of a request refused so: Quarkus puts a slash before a template. */
    String uriLabel() {
        return "/" + name();
    }

    Future<Void> send(RoutingContext routing, String message) {
        Context context = Vertx.currentContext();
        if (context != null) {
            context.putLocal(TEMPLATE_KEY, name());
        }
        return json(routing, new ErrorResponse(status, error, message));
    }

    /**
     * Sends the refusal and closes the connection once it is written: a client that sends this much is not one to keep
     * talking to. Vert.x keeps an HTTP/1.1 connection open whatever {@code Connection} header the response carries.
     */
    void sendAndClose(RoutingContext routing, String message) {
        HttpConnection connection = routing.request().connection();
        routing.response().putHeader(HttpHeaders.CONNECTION, "close");
        send(routing, message).onComplete(written -> connection.close());
    }

    static Future<Void> json(RoutingContext routing, ErrorResponse body) {
        return routing.response()
                .setStatusCode(body.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(Json.encode(body));
    }
}
