package dev.superadmin.monitor.status;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import dev.superadmin.monitor.http.RouteOrder;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Serves /q/openapi: the document of /status that the build generates from the resource and record annotations
 * (smallrye-open-api-maven-plugin in pom.xml, into {@code openapi/} on the class path), as it is. Nothing parses or
 * renders it at run time; Quarkus' OpenAPI extension did both at every start, for a document that never changes: about
 * 970 classes and 10 MB of RSS. YAML, or JSON for {@code ?format=json}, an Accept header naming
 * {@code application/json} or {@code /q/openapi.json}: the negotiation of that extension's handler.
 */
@Singleton
public class OpenApiEndpoint {

    static final String YAML = "application/yaml;charset=UTF-8";
    static final String JSON = "application/json;charset=UTF-8";

    private final Buffer yaml = document("openapi/openapi.yaml");
    private final Buffer json = document("openapi/openapi.json");

    void install(@Observes Router router) {
        for (String path : new String[] { "/q/openapi", "/q/openapi.json", "/q/openapi.yaml", "/q/openapi.yml" }) {
            router.route(path).method(HttpMethod.GET).method(HttpMethod.HEAD).order(RouteOrder.OPENAPI).handler(this::serve);
        }
    }

    private void serve(RoutingContext context) {
        boolean asJson = wantsJson(context.normalizedPath(), context.request().getHeader(HttpHeaders.ACCEPT),
                context.request().getParam("format"));
        context.response().putHeader(HttpHeaders.CONTENT_TYPE, asJson ? JSON : YAML).end(asJson ? json : yaml);
    }

    static boolean wantsJson(String path, String accept, String format) {
        if (path.endsWith(".json") || path.endsWith(".yaml") || path.endsWith(".yml")) {
            return path.endsWith(".json");
        }
        return (accept != null && accept.contains("application/json")) || "json".equalsIgnoreCase(format);
    }

    private static Buffer document(String resource) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the class path: the build generates it "
                        + "(smallrye-open-api-maven-plugin, phase process-classes)");
            }
            return Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
