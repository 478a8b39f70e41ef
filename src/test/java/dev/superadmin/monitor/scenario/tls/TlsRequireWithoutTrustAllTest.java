package dev.superadmin.monitor.scenario.tls;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.superadmin.monitor.probe.ProbeScheduler;
import dev.superadmin.monitor.testing.TlsChecks;
import dev.superadmin.monitor.testing.TlsProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Target {@code require-url}: only {@code ?sslmode=require} in the URL (the Supabase example in docs/supabase.md), no
 * {@code trust-all}, no trusted certificate: Vert.x then checks the server's chain (not its name) against the JVM's
 * default trust store, which does not hold the test CA, so the handshake fails; the same goes for any server whose CA
 * the JVM does not know (docs/supabase.md has operators download Supabase's). {@code require} alone does not mean
 * "encrypt without verifying" in this client, as it does in libpq: {@link TlsRequireTest} needs {@code trust-all=true}.
 */
@QuarkusTest
@TestProfile(TlsProfile.class)
class TlsRequireWithoutTrustAllTest {

    @Inject
    ProbeScheduler scheduler;

    @Test
    void theChainIsCheckedAgainstTheJvmTrustStore() {
        // Vert.x reports any failed handshake as "SSL handshake failed" and drops the cause; the server's log
        // says it was the client that refused the certificate.
        String message = TlsChecks.assertEveryCheckFailsToConnect(TlsChecks.statusOnceReady(), "require-url",
                "SSL handshake failed");
        System.out.println("require-url: lastError.message = " + message);
        TlsChecks.assertClientRejectedTheCertificate("require-url");
        TlsChecks.assertStillFailingAfterAnotherRound(scheduler, "require-url");
    }
}
