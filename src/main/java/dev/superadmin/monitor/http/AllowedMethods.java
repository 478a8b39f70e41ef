package dev.superadmin.monitor.http;

import java.util.Set;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Only GET and HEAD reach a route, whatever the path, but POST to exactly {@value #RELOAD} (which reloads the
 * configuration and takes nothing else): the service only reads, and Quarkus' own routes (/q/metrics, /q/health)
 * would answer any method with 200. A standard method gets 405 with {@code Allow}; any other token 501,
 * as RFC 9110 has it for a method the server does not know. Neither echoes the method: a made-up one may be kilobytes.
 */
@Singleton
public class AllowedMethods {

    static final String ALLOW = "GET, HEAD";

    /** The one path that takes a POST, as the request spells it. */
    public static final String RELOAD = "/-/reload";

    /** RFC 9110's methods and PATCH (RFC 5789): what a {@code method} label may be, besides OTHER. */
    static final Set<String> STANDARD = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH");

    private static final String ONLY_READS = "the service only reads: use GET or HEAD";

    void install(@Observes Router router) {
        router.route().order(RouteOrder.METHODS).handler(this::check);
    }

    private void check(RoutingContext context) {
        HttpMethod method = context.request().method();
        if (context.request().path().equals(RELOAD)) {
            if (method.equals(HttpMethod.POST)) {
                context.next();
            } else {
                context.response().putHeader(HttpHeaders.ALLOW, "POST");
                EarlyRefusal.METHOD_NOT_ALLOWED.send(context, "only POST reloads the configuration");
            }
        } else if (method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD)) {
            context.next();
        } else if (STANDARD.contains(method.name())) {
            context.response().putHeader(HttpHeaders.ALLOW, ALLOW);
            EarlyRefusal.METHOD_NOT_ALLOWED.send(context, "method " + method.name() + " is not allowed; " + ONLY_READS);
        } else {
            EarlyRefusal.NOT_IMPLEMENTED.send(context, "this server implements no such method; " + ONLY_READS);
        }
    }
}
