package dev.superadmin.monitor.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.superadmin.monitor.probe.ProbeScheduler;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * {@code ssl-mode=verify-full}: the server's certificate is checked against the test CA (PEM trust) and its name
 * against the URL's host {@code localhost} (hostname verification HTTPS). Every check OK, over TLS.
 * {@link TlsUntrustedCaTest} and {@link TlsWrongHostnameTest} change one of the two and fail.
 */
@QuarkusTest
@TestProfile(TlsVerifyFullTest.Profile.class)
class TlsVerifyFullTest {

    public static class Profile extends TlsProfile {
        @Override
        protected String mode() {
            return "verify-full";
        }
    }

    @Inject
    ProbeScheduler scheduler;

    @Test
    void everyCheckOkWithTheServerVerified() {
        assertThat(TlsChecks.config("quarkus.datasource.reactive.url")).startsWith("postgresql://localhost:");
        assertThat(TlsChecks.config("quarkus.datasource.reactive.trust-certificate-pem.certs"))
                .isEqualTo(TlsChecks.config("test.tls.ca"));
        TlsChecks.statusOnceReady();
        scheduler.runRound().await().atMost(Duration.ofSeconds(30));
        TlsChecks.assertAllChecksOk(TlsChecks.statusOnceReady());

        List<Map<String, Object>> sessions = TlsChecks.monitorSessions();
        System.out.println("ssl-mode=verify-full: the monitor's sessions in pg_stat_ssl: " + sessions);
        assertThat(sessions).isNotEmpty().allSatisfy(session -> assertThat(session.get("ssl")).isEqualTo(true));
        TlsChecks.assertServerLoggedOnlyTlsSessions();
    }
}
