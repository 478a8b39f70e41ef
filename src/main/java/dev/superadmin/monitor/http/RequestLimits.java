package dev.superadmin.monitor.http;

import java.util.Map;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses over-long request lines and oversized headers with a JSON body. Vert.x would refuse them itself, but before
 * any route runs and with an empty body; so its own limits (application.properties) are backstops set a little above
 * these, and the usual limits are enforced here, where the response can say what was wrong.
 */
@Singleton
public class RequestLimits {

    /** Netty's and Quarkus' default for the request line. */
    static final int MAX_URI_LENGTH = 4096;
    /** Quarkus' default for all header lines together. */
    static final int MAX_HEADER_BYTES = 20 * 1024;

    void install(@Observes Router router) {
        router.route().order(RouteOrder.REQUEST_LIMITS).handler(this::check);
    }

    private void check(RoutingContext context) {
        if (context.request().uri().length() > MAX_URI_LENGTH) {
            EarlyRefusal.URI_TOO_LONG.sendAndClose(context, "the request URI is longer than " + MAX_URI_LENGTH + " characters");
            return;
        }
        int headerBytes = 0;
        for (Map.Entry<String, String> header : context.request().headers()) {
            headerBytes += header.getKey().length() + header.getValue().length() + 4; // ": " and CRLF
        }
        if (headerBytes > MAX_HEADER_BYTES) {
            EarlyRefusal.HEADERS_TOO_LARGE.sendAndClose(context, "the request headers take more than " + MAX_HEADER_BYTES + " bytes");
            return;
        }
        context.next();
    }
}
