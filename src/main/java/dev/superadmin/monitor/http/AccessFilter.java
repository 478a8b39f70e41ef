package dev.superadmin.monitor.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import dev.superadmin.monitor.config.MonitorConfig;
import dev.superadmin.monitor.runbook.Runbooks;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * With a credential configured ({@code superadmin.auth.*}), every request needs it but those for a few exact paths
 * that hold no data: the status page (it fetches /status itself), the runbooks it links to ({@code /runbooks/<name>}
 * for exactly the names of the runbooks), health (Kubernetes probes carry no credentials) and the OpenAPI document.
 * Deny by default, on the raw path: whatever the router would make of a path ({@code /status;x}, {@code /x/../status},
 * {@code /%73tatus}), only these exact spellings pass without it. Comparisons take constant time.
 */
@Singleton
public class AccessFilter {

    private static final String REALM = "superadmin-monitor";

    /** Paths served without the credential, as the request spells them (without the query). */
    static final Set<String> OPEN = Set.of("/", "/index.html", "/q/health", "/q/health/live", "/q/health/ready",
            "/q/health/started", "/q/openapi");

    private final List<byte[]> accepted = new ArrayList<>();
    private final Runbooks runbooks;

    AccessFilter(MonitorConfig config, Runbooks runbooks) {
        this.runbooks = runbooks;
        MonitorConfig.Auth auth = config.auth();
        // a username without a password (or the reverse) stops start-up in ConfigCheck
        auth.username().filter(user -> auth.password().isPresent()).ifPresent(user -> accepted.add(bytes("Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + auth.password().orElseThrow()).getBytes(StandardCharsets.UTF_8)))));
        auth.token().ifPresent(token -> accepted.add(bytes("Bearer " + token)));
    }

    /** Whether a credential is configured, which every path but the open ones needs. */
    public boolean enabled() {
        return !accepted.isEmpty();
    }

    void install(@Observes Router router) {
        if (!enabled()) {
            return;
        }
        router.route().order(RouteOrder.ACCESS).handler(this::check);
    }

    private void check(RoutingContext context) {
        String path = context.request().path();
        if (OPEN.contains(path) || runbooks.isPage(path) || authorized(context.request().getHeader(HttpHeaders.AUTHORIZATION))) {
            context.next();
            return;
        }
        context.response().putHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\", Bearer realm=\"" + REALM + "\"");
        EarlyRefusal.UNAUTHORIZED.send(context, "this path needs the credential configured in superadmin.auth");
    }

    private boolean authorized(String header) {
        byte[] given = bytes(Optional.ofNullable(header).orElse(""));
        boolean match = false;
        for (byte[] candidate : accepted) {
            match |= MessageDigest.isEqual(candidate, given);
        }
        return match;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
