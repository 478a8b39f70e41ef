package dev.superadmin.monitor.http;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Requests that do not say plainly what they ask for get a JSON 4xx, like every other refusal. Not all of them reach
 * the router: Netty refuses a malformed head (a header line without a colon, Content-Length with Transfer-Encoding)
 * and Quarkus a URI that {@link java.net.URI} cannot parse ({@code /status/%}), both with a 400 and an empty body,
 * before any route runs.
 */
@Singleton
public class MalformedRequests {

    void install(@Observes Router router) {
        router.route().order(RouteOrder.PATH_PARAMETERS).handler(this::refusePathParameters);
        router.route().order(RouteOrder.FAILURES).failureHandler(this::clientError);
    }

    /**
     * Quarkus REST drops a path parameter ({@code ;...}) while matching, so {@code /status;x} is /status to it and
     * something else to anything that reads the path before it. The service has no use for them. Runs after the
     * credential check, so that the refusal tells a caller without it nothing.
     */
    private void refusePathParameters(RoutingContext context) {
        if (context.request().path().indexOf(';') < 0) {
            context.next();
            return;
        }
        EarlyRefusal.BAD_REQUEST.send(context, "path parameters (;) are not accepted");
    }

    /**
     * The router's own refusals (a request without {@code Host}, a path that does not start with /) as JSON. Quarkus'
     * handler would log them as errors, though they are the caller's; server errors still go on to it.
     */
    private void clientError(RoutingContext context) {
        int status = context.statusCode();
        if (status < 400 || status > 499 || context.response().headWritten()) {
            context.next();
            return;
        }
        String reason = HttpResponseStatus.valueOf(status).reasonPhrase();
        String message = context.failure() != null && context.failure().getMessage() != null
                ? context.failure().getMessage()
                : reason;
        EarlyRefusal.json(context, ErrorResponse.of(status, reason, message));
    }
}
