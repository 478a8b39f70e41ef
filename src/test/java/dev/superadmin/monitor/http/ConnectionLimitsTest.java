package dev.superadmin.monitor.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import dev.superadmin.monitor.testing.ManualProbesProfile;
import dev.superadmin.monitor.testing.RawHttp;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Connections are capped (quarkus.http.limits.max-connections) and idle ones closed (quarkus.http.idle-timeout):
 * 1,100 idle sockets under a limit of 1,024 open files used to make the service unreachable, the idle timeout being
 * Quarkus' 30 minutes. Here with a cap of 16, a 3 s idle timeout and the read-idle timeout off, so that each shows.
 */
@QuarkusTest
@TestProfile(ConnectionLimitsTest.Profile.class)
class ConnectionLimitsTest {

    static final int CAP = 16;

    public static class Profile extends ManualProbesProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(super.getConfigOverrides());
            config.put("quarkus.http.limits.max-connections", Integer.toString(CAP));
            config.put("quarkus.http.idle-timeout", "3s");
            config.put("superadmin.http.read-idle-timeout", "0s");
            return config;
        }
    }

    @Test
    void connectionsBeyondTheCapAreClosedAtOnceAndTheServiceServesOnceTheOthersGo() {
        List<RawHttp> connections = new ArrayList<>();
        try {
            for (int i = 0; i < CAP + 5; i++) {
                connections.add(RawHttp.connect());
            }
            // the event loops take connections in turns, so which ones are beyond the cap is theirs to say
            await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(50)).until(() -> closed(connections) >= 5);
            assertThat(closed(connections)).as("connections closed at once").isEqualTo(5);
            try (RawHttp fresh = RawHttp.connect()) {
                assertThat(fresh.closedWithin(Duration.ofMillis(500))).as("a fresh connection while the cap is reached").isTrue();
            }
        } finally {
            connections.forEach(RawHttp::close);
        }
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            try (RawHttp fresh = RawHttp.connect()) {
                assertThat(fresh.send("GET /status HTTP/1.1\r\nHost: x\r\n\r\n").read(false).status()).isEqualTo(200);
            }
        });
    }

    /** The tests above shorten the timeouts; these are what the service ships with (Quarkus': 30 minutes, no cap). */
    @Test
    void theServiceShipsWithBoundedConnections() throws IOException {
        Properties shipped = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/application.properties")) {
            shipped.load(in);
        }
        assertThat(shipped.getProperty("quarkus.http.limits.max-connections")).isEqualTo("64");
        assertThat(shipped.getProperty("quarkus.http.idle-timeout")).isEqualTo("60s");
        assertThat(shipped.getProperty("quarkus.http.http2")).as("no h2c: a connection counts from its first byte").isEqualTo("false");
    }

    private static long closed(List<RawHttp> connections) {
        return connections.stream().filter(connection -> connection.closedWithin(Duration.ofMillis(1))).count();
    }

    @Test
    void aSilentConnectionIsClosedAfterTheIdleTimeout() {
        try (RawHttp silent = RawHttp.connect()) {
            assertThat(silent.closedWithin(Duration.ofMillis(2_000))).as("open before 3 s").isFalse();
            assertThat(silent.closedWithin(Duration.ofMillis(3_000))).as("closed soon after 3 s").isTrue();
        }
        try (RawHttp keptAlive = RawHttp.connect()) {
            assertThat(keptAlive.send("GET /q/health/live HTTP/1.1\r\nHost: x\r\n\r\n").read(false).status()).isEqualTo(200);
            assertThat(keptAlive.closedWithin(Duration.ofMillis(5_000))).as("kept alive, then idle").isTrue();
        }
    }
}
