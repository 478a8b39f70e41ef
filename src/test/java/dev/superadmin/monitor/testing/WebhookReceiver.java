package dev.superadmin.monitor.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import com.sun.net.httpserver.HttpServer;

/** Local HTTP endpoints that stand in for PagerDuty and Slack: they record every notification they get. */
public final class WebhookReceiver implements AutoCloseable {

    public record Notification(String path, Instant receivedAt, String body) {
    }

    private final HttpServer server;
    private final List<Notification> received = new CopyOnWriteArrayList<>();

    public WebhookReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Notification(exchange.getRequestURI().getPath(), Instant.now(), body));
            byte[] ok = "{\"status\":\"success\",\"message\":\"Event processed\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(exchange.getRequestURI().getPath().startsWith("/pager") ? 202 : 200, ok.length);
            exchange.getResponseBody().write(ok);
            exchange.close();
        });
        server.start();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public List<Notification> received(String pathPrefix) {
        return received.stream().filter(n -> n.path().startsWith(pathPrefix)).toList();
    }

    /** The first notification on {@code pathPrefix} matching {@code matches}, waiting up to {@code timeout}. */
    public Notification await(String pathPrefix, Predicate<String> matches, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (Notification notification : received(pathPrefix)) {
                if (matches.test(notification.body())) {
                    return notification;
                }
            }
            ChildProcess.sleep(100);
        }
        throw new AssertionError("no matching notification on " + pathPrefix + " within " + timeout + "; got: " + received);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
