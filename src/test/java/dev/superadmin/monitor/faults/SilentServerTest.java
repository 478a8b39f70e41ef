package dev.superadmin.monitor.faults;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * A "database" that accepts connections and never says a word: the probes give up at their timeouts, the
 * database is reported down, and the service stays live and ready.
 */
@QuarkusTest
@TestProfile(SilentServerTest.Profile.class)
class SilentServerTest {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.datasource.username", "superadmin_monitor",
                    "superadmin.checks.admin_users.interval", "2s",
                    "superadmin.checks.admin_users.timeout", "1s");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(SilentServer.class));
        }
    }

    /** Listens on 127.0.0.1, accepts every connection and keeps it open without reading or writing. */
    public static class SilentServer implements QuarkusTestResourceLifecycleManager {
        private ServerSocket server;
        private final List<Socket> accepted = new CopyOnWriteArrayList<>();

        @Override
        public Map<String, String> start() {
            try {
                server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Thread acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        accepted.add(server.accept());
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "silent-server");
            acceptor.setDaemon(true);
            acceptor.start();
            return Map.of("quarkus.datasource.reactive.url", "postgresql://127.0.0.1:" + server.getLocalPort() + "/silent");
        }

        @Override
        public void stop() {
            try {
                server.close();
                for (Socket socket : accepted) {
                    socket.close();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Test
    void probesGiveUpTheDatabaseIsDownAndTheServiceStaysUp() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/status").then()
                .body("state", equalTo("CRITICAL"))
                .body("database.up", equalTo(false)));
        given().get("/status/admin_users").then()
                .body("state", equalTo("UNKNOWN"))
                .body("lastError.reason", equalTo("connect"))
                .body("lastError.message", containsString("could not connect to the database within 2.0 s"));
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
    }
}
