package dev.superadmin.monitor.http;

import java.util.Map;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses over-long request lines and oversized headers with a JSON body. Vert.x would refuse them itself, but before
 * any route runs and with an empty body; so its own limits are raised (application.properties) to a backstop far
 * above these, and the usual limits are enforced here, where the response can say what was wrong.
 */
@Singleton
public class RequestLimits {

    /** Netty's and Quarkus' default for the request line. */
    static final int MAX_URI_LENGTH = 4096;
    /** Quarkus' default for all header lines together. */
    static final int MAX_HEADER_BYTES = 20 * 1024;

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::check);
    }

    private void check(RoutingContext context) {
        if (context.request().uri().length() > MAX_URI_LENGTH) {
            refuse(context, "URI_TOO_LONG", 414, "uri_too_long",
                    "the request URI is longer than " + MAX_URI_LENGTH + " characters");
            return;
        }
        int headerBytes = 0;
        for (Map.Entry<String, String> header : context.request().headers()) {
            headerBytes += header.getKey().length() + header.getValue().length() + 4; // ": " and CRLF
        }
        if (headerBytes > MAX_HEADER_BYTES) {
            refuse(context, "HEADERS_TOO_LARGE", 431, "request_header_fields_too_large",
                    "the request headers take more than " + MAX_HEADER_BYTES + " bytes");
            return;
        }
        context.next();
    }

    /** The connection goes too: a client that sends this much is not one to keep talking to. */
    private static void refuse(RoutingContext context, String uriTemplate, int status, String error, String message) {
        context.response().putHeader("Connection", "close");
        EarlyRefusal.send(context, uriTemplate, status, error, message);
    }
}
