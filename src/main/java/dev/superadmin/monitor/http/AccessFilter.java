package dev.superadmin.monitor.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import dev.superadmin.monitor.config.MonitorConfig;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Guards /status and /q/metrics with the configured credential (off unless {@code superadmin.auth.*} is set).
 * Health stays open: Kubernetes probes carry no credentials. Comparisons take constant time.
 */
@Singleton
public class AccessFilter {

    private static final String REALM = "superadmin-monitor";

    private final List<byte[]> accepted = new ArrayList<>();

    AccessFilter(MonitorConfig config) {
        MonitorConfig.Auth auth = config.auth();
        if (auth.username().isPresent() != auth.password().isPresent()) {
            throw new ConfigurationException("superadmin.auth.username and superadmin.auth.password must be set together");
        }
        auth.username().ifPresent(user -> accepted.add(bytes("Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + auth.password().orElseThrow()).getBytes(StandardCharsets.UTF_8)))));
        auth.token().ifPresent(token -> accepted.add(bytes("Bearer " + token)));
    }

    void install(@Observes Router router) {
        if (accepted.isEmpty()) {
            return;
        }
        // right after RequestLimits
        router.route().order(Integer.MIN_VALUE + 1).handler(this::check);
    }

    private void check(RoutingContext context) {
        String path = context.normalizedPath();
        boolean guarded = path.equals("/status") || path.startsWith("/status/") || path.startsWith("/q/metrics");
        if (!guarded || authorized(context.request().getHeader("Authorization"))) {
            context.next();
            return;
        }
        String template = path.startsWith("/status/") ? "/status/{check}" : path.equals("/status") ? path : "/q/metrics";
        context.response().putHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\", Bearer realm=\"" + REALM + "\"");
        EarlyRefusal.send(context, template, 401, "unauthorized", "this endpoint needs the credential configured in superadmin.auth");
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
