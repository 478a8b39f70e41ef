package dev.superadmin.monitor.reload;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import dev.superadmin.monitor.http.AccessFilter;
import dev.superadmin.monitor.http.AllowedMethods;
import dev.superadmin.monitor.http.ErrorResponse;
import dev.superadmin.monitor.http.RouteOrder;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /-/reload}: reloads the configuration and answers what it did, 200 with the outcome and the version in
 * force, or 422 with the faults that kept the running configuration in force. Only with a credential configured
 * ({@code superadmin.auth}, which the request must carry): without one, anyone who can reach the port could make the
 * service read its files at will.
 */
@Singleton
public class ReloadEndpoint {

    private final ConfigReload reload;
    private final AccessFilter access;

    ReloadEndpoint(ConfigReload reload, AccessFilter access) {
        this.reload = reload;
        this.access = access;
    }

    void install(@Observes Router router) {
        router.route(AllowedMethods.RELOAD).method(HttpMethod.POST).order(RouteOrder.RELOAD).handler(this::serve);
    }

    private void serve(RoutingContext context) {
        if (!access.enabled()) {
            error(context, new ErrorResponse(403, "forbidden", "reloading over HTTP needs a credential (superadmin.auth);"
                    + " without one, send SIGHUP or change the configuration file"));
            return;
        }
        reload.request("POST " + AllowedMethods.RELOAD).whenComplete((result, failure) -> {
            if (failure != null) {
                error(context, new ErrorResponse(500, "internal_server_error", "the reload could not run: " + failure));
            } else if (result.outcome() == ConfigReload.Outcome.FAILED) {
                error(context, new ErrorResponse(422, "unprocessable_entity", "the configuration was not applied; version "
                        + result.version() + " stays in force: " + String.join("; ", result.faults())));
            } else {
                context.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .end(new JsonObject().put("outcome", result.outcome().label()).put("version", result.version()).encode());
            }
        });
    }

    private static void error(RoutingContext context, ErrorResponse body) {
        context.response().setStatusCode(body.status()).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(Json.encode(body));
    }
}
