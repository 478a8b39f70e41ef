package dev.superadmin.monitor.testing;

import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The service watching every target of {@link TlsPostgresResource} at once: one profile for all the TLS tests, so
 * Quarkus starts the service (and the resource its server) once for them. Seed checks run every hour: after the first
 * round nothing runs by itself, the tests drive rounds with {@code ProbeScheduler.runRound()}.
 */
public class TlsProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = ManualProbesProfile.hourlySeedChecks();
        // a random port: other test runs may hold 8081
        config.put("quarkus.http.test-port", "0");
        return config;
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(TlsPostgresResource.class));
    }
}
