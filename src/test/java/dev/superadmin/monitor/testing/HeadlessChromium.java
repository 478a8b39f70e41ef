package dev.superadmin.monitor.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Debian's chromium, headless, driven over the DevTools protocol. Not its {@code --screenshot}/{@code --dump-dom}
 * flags: their window is never narrower than 500 px, so a phone's 360–412 px cannot be tried with them, and the DOM
 * and the picture would come from two page loads. Here one page is loaded into an emulated phone screen, read and
 * photographed. A missing chromium fails the test: the page is only tested in a real browser.
 */
public final class HeadlessChromium implements AutoCloseable {

    private static final Path BINARY = Path.of("/usr/bin/chromium");
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ChildProcess process;
    private final Path profile;
    private final DevTools devTools;

    private HeadlessChromium(ChildProcess process, Path profile, DevTools devTools) {
        this.process = process;
        this.profile = profile;
        this.devTools = devTools;
    }

    /** Starts chromium with a fresh profile under {@code dir} (its log goes there too) and attaches to its page. */
    public static HeadlessChromium start(Path dir) {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " not found: the status page is tested in Debian's chromium;"
                    + " install it with apt-get install chromium (bash .ci/run does)");
        }
        Path profile;
        try {
            profile = Files.createTempDirectory(Files.createDirectories(dir), "chromium-profile-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChildProcess process = ChildProcess.start("chromium", List.of(BINARY.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--hide-scrollbars", "--no-first-run", "--disable-sync", "--disable-component-update",
                "--user-data-dir=" + profile, "--remote-debugging-port=0", "about:blank"), Map.of(), dir);
        try {
            HttpClient http = HttpClient.newHttpClient();
            DevTools devTools = new DevTools();
            devTools.socket = http.newWebSocketBuilder()
                    .buildAsync(URI.create(pageSocket(http, devToolsPort(profile, process))), devTools)
                    .get(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            return new HeadlessChromium(process, profile, devTools);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(process, profile);
            throw new IllegalStateException(e);
        } catch (IOException | ExecutionException | TimeoutException | RuntimeException e) {
            stop(process, profile);
            throw new IllegalStateException("cannot attach to chromium:\n" + process.log(), e);
        }
    }

    /** Chromium writes the port it picked into the profile once it listens. */
    private static int devToolsPort(Path profile, ChildProcess process) {
        Path file = profile.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + COMMAND_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                List<String> lines = Files.exists(file) ? Files.readAllLines(file) : List.of();
                if (!lines.isEmpty() && !lines.get(0).isBlank()) {
                    return Integer.parseInt(lines.get(0).trim());
                }
            } catch (IOException e) {
                // still being written
            }
            ChildProcess.sleep(50);
        }
        throw new IllegalStateException("chromium did not open its DevTools port:\n" + process.log());
    }

    private static String pageSocket(HttpClient http, int port) throws IOException, InterruptedException {
        HttpResponse<String> list = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
                HttpResponse.BodyHandlers.ofString());
        for (JsonNode target : JSON.readTree(list.body())) {
            if (target.path("type").asText().equals("page")) {
                return target.path("webSocketDebuggerUrl").asText();
            }
        }
        throw new IllegalStateException("chromium has no page: " + list.body());
    }

    /** A phone's screen: {@code width} CSS pixels wide, one device pixel per CSS pixel, the meta viewport honoured. */
    public void phoneViewport(int width, int height) {
        send("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", true));
    }

    /**
     * Runs {@code source} in every document the page loads from now on, before the document's own scripts, and
     * whatever its Content-Security-Policy says (the DevTools protocol is not subject to it).
     */
    public void beforeEveryDocument(String source) {
        send("Page.enable", Map.of());
        send("Page.addScriptToEvaluateOnNewDocument", Map.of("source", source));
    }

    public void navigate(String url) {
        send("Page.navigate", Map.of("url", url));
    }

    /** The value of a JavaScript expression in the page (a promise is awaited), as JSON. */
    public JsonNode evaluate(String expression) {
        JsonNode result = send("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
        if (result.has("exceptionDetails")) {
            throw new IllegalStateException("page threw on " + expression + ": " + result.get("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    /** Waits until {@code expression} is true in the page. */
    public void await(String expression, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!evaluate(expression).asBoolean(false)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("still not true after " + timeout + ": " + expression
                        + "\npage text:\n" + evaluate("document.body ? document.body.innerText : ''").asText());
            }
            ChildProcess.sleep(100);
        }
    }

    /** The screen as PNG. */
    public byte[] screenshot() {
        return Base64.getDecoder().decode(send("Page.captureScreenshot", Map.of("format", "png")).path("data").asText());
    }

    /** Cuts the page off the network (as a phone losing its signal) or gives it back. */
    public void offline(boolean offline) {
        send("Network.enable", Map.of());
        send("Network.emulateNetworkConditions",
                Map.of("offline", offline, "latency", 0, "downloadThroughput", -1, "uploadThroughput", -1));
    }

    /**
     * Answers the browser's prompt for a Basic credential as a person would: with the credential, or with Cancel
     * ({@code username} null). Headless, nobody would answer, and the request would wait forever.
     */
    public void answerCredentialPrompts(String username, String password) {
        devTools.promptAnswer = username == null ? Map.of("response", "CancelAuth")
                : Map.of("response", "ProvideCredentials", "username", username, "password", password);
        send("Fetch.enable", Map.of("handleAuthRequests", true));
    }

    private JsonNode send(String method, Map<String, Object> params) {
        CompletableFuture<JsonNode> reply = devTools.send(method, params);
        try {
            JsonNode answer = reply.get(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (answer.has("error")) {
                throw new IllegalStateException(method + " failed: " + answer.get("error"));
            }
            return answer.path("result");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(method + " got no answer from chromium:\n" + process.log(), e);
        }
    }

    @Override
    public void close() {
        devTools.socket.abort();
        stop(process, profile);
    }

    /** Its helper processes may still write to the profile for a moment after the browser has exited. */
    private static void stop(ChildProcess process, Path profile) {
        process.close();
        for (int attempt = 0; attempt < 50 && Files.exists(profile); attempt++) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            } catch (IOException | UncheckedIOException e) {
                // a file went away under the walk: look again
            }
            if (Files.exists(profile)) {
                ChildProcess.sleep(100);
            }
        }
    }

    /**
     * The protocol's connection: commands with ids, replies matched to them, and the events the page needs answered
     * (with {@code Fetch} on, every request waits for a word from here).
     */
    private static final class DevTools implements WebSocket.Listener {
        private final AtomicInteger ids = new AtomicInteger();
        private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
        private final StringBuilder message = new StringBuilder();
        private volatile WebSocket socket;
        private volatile Map<String, Object> promptAnswer = Map.of("response", "CancelAuth");

        @Override
        public void onOpen(WebSocket webSocket) {
            socket = webSocket;
            webSocket.request(1);
        }

        CompletableFuture<JsonNode> send(String method, Map<String, Object> params) {
            int id = ids.incrementAndGet();
            CompletableFuture<JsonNode> reply = new CompletableFuture<>();
            pending.put(id, reply);
            ObjectNode command = JSON.createObjectNode().put("id", id).put("method", method);
            command.set("params", JSON.valueToTree(params));
            // one message at a time: the socket refuses a send while another is under way
            synchronized (this) {
                socket.sendText(command.toString(), true).join();
            }
            return reply.whenComplete((answer, failure) -> pending.remove(id));
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            message.append(data);
            if (last) {
                try {
                    receive(JSON.readTree(message.toString()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } finally {
                    message.setLength(0);
                }
            }
            webSocket.request(1);
            return null;
        }

        private void receive(JsonNode json) {
            if (json.has("id")) {
                CompletableFuture<JsonNode> reply = pending.get(json.get("id").asInt());
                if (reply != null) {
                    reply.complete(json);
                }
                return;
            }
            String requestId = json.path("params").path("requestId").asText();
            switch (json.path("method").asText()) {
                case "Fetch.requestPaused" -> send("Fetch.continueRequest", Map.of("requestId", requestId));
                case "Fetch.authRequired" -> send("Fetch.continueWithAuth",
                        Map.of("requestId", requestId, "authChallengeResponse", promptAnswer));
                default -> {
                    // other events are of no interest
                }
            }
        }
    }
}
