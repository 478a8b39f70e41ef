package dev.superadmin.monitor.testing;

import static io.restassured.RestAssured.given;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * The packaged jar ({@code app.runner}) run as an operator runs it, with the image's JVM options, in a folder of the
 * test's own and on a free port, and its HTTP face: /status parsed, /q/metrics as a {@link Scrape}, any request with
 * the credential it was started with. Every request closes its connection, as {@link ClosedRestAssuredConnections}
 * makes Quarkus tests do: a test polling every 100 ms would otherwise reach the service's connection cap.
 */
public final class PackagedService implements AutoCloseable {

    private final ChildProcess process;
    private final String baseUrl;
    private final String authorization;

    private PackagedService(ChildProcess process, String baseUrl, String authorization) {
        this.process = process;
        this.baseUrl = baseUrl;
        this.authorization = authorization;
    }

    /**
     * Starts the service in {@code workDir} (its {@code config/application.properties} is the one read) with extra
     * environment variables, its output in {@code <logDir>/<name>.log}, and waits until it is ready.
     * {@code authorization} is the {@code Authorization} header its requests carry, or null.
     */
    public static PackagedService start(String name, Path workDir, Map<String, String> env, Path logDir, String authorization) {
        int port = ChildProcess.freePort();
        Map<String, String> withPort = new HashMap<>(env);
        withPort.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        List<String> command = command(ImageFlags.jvm());
        String baseUrl = "http://127.0.0.1:" + port;
        ChildProcess process = ChildProcess.start(name, command, withPort, logDir, workDir)
                .awaitHttpOk(baseUrl + "/q/health/ready", Duration.ofSeconds(60));
        return new PackagedService(process, baseUrl, authorization);
    }

    /**
     * The command that runs the packaged jar ({@code app.runner}, {@code ./mvnw package}) with the test's JVM and
     * these JVM options.
     */
    public static List<String> command(List<String> jvmOptions) {
        Path runner = Path.of(System.getProperty("app.runner", "target/quarkus-app/quarkus-run.jar")).toAbsolutePath();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", runner.toString()));
        return command;
    }

    public long pid() {
        return process.pid();
    }

    /** Its output so far. */
    public String log() {
        return process.log();
    }

    /** {@code GET /status}, which must answer 200. */
    public JsonPath status() {
        return new JsonPath(get("/status").then().statusCode(200).extract().asString());
    }

    /** {@code GET /q/metrics} in the Prometheus text format, which must answer 200. */
    public Scrape scrape() {
        return Scrape.of(request(authorization).accept(Scrape.TEXT_FORMAT).get(baseUrl + "/q/metrics").then().statusCode(200)
                .extract().asString());
    }

    public Response get(String path) {
        return request(authorization).get(baseUrl + path);
    }

    public Response post(String path) {
        return post(path, authorization);
    }

    /** {@code POST} with the given {@code Authorization} header instead of the service's (none when null). */
    public Response post(String path, String authorization) {
        return request(authorization).post(baseUrl + path);
    }

    private static RequestSpecification request(String authorization) {
        RequestSpecification request = given().header("Connection", "close");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request;
    }

    /** Sends SIGHUP. */
    public void hangUp() {
        ChildProcess.run("kill", "-HUP", Long.toString(process.pid()));
    }

    /** True while the process runs. */
    public boolean alive() {
        return process.waitFor(Duration.ZERO) == -1;
    }

    @Override
    public void close() {
        process.close();
    }
}
