package dev.superadmin.monitor.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.superadmin.monitor.testing.ManualProbesProfile;
import dev.superadmin.monitor.testing.RawHttp;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * A client that stops sending is cut off after superadmin.http.read-idle-timeout (1 s here), long before
 * quarkus.http.idle-timeout (60 s): a socket that never sends, and one that sent half a request head.
 */
@QuarkusTest
@TestProfile(ReadIdleTimeoutTest.Profile.class)
class ReadIdleTimeoutTest {

    public static class Profile extends ManualProbesProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(super.getConfigOverrides());
            config.put("superadmin.http.read-idle-timeout", "1s");
            return config;
        }
    }

    @Test
    void aClientThatStopsHalfwayThroughTheHeadIsClosedAfterTheReadIdleTimeout() {
        try (RawHttp slow = RawHttp.connect()) {
            slow.send("GET /status HTTP/1.1\r\nHost: x\r\nX-Half: ");
            assertThat(slow.closedWithin(Duration.ofMillis(500))).as("open within the first half second").isFalse();
            assertThat(slow.closedWithin(Duration.ofSeconds(3))).as("closed soon after 1 s").isTrue();
        }
    }

    @Test
    void aSocketThatSendsNothingIsClosedAfterTheReadIdleTimeout() {
        try (RawHttp silent = RawHttp.connect()) {
            assertThat(silent.closedWithin(Duration.ofSeconds(3))).isTrue();
        }
    }

    @Test
    void aClientThatKeepsSendingIsServed() {
        try (RawHttp http = RawHttp.connect()) {
            for (int i = 0; i < 3; i++) {
                sleep(600);
                assertThat(http.send("GET /q/health/live HTTP/1.1\r\nHost: x\r\n\r\n").read(false).status()).isEqualTo(200);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
