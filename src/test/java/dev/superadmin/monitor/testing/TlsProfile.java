package dev.superadmin.monitor.testing;

import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The service over {@link TlsPostgresResource} in one of its modes. Seed checks run every hour: after the first
 * round nothing runs by itself, the tests drive rounds with {@code ProbeScheduler.runRound()}.
 */
public abstract class TlsProfile implements QuarkusTestProfile {

    /** The {@link TlsPostgresResource} mode. */
    protected abstract String mode();

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = ManualProbesProfile.hourlySeedChecks();
        // a random port: other test runs may hold 8081
        config.put("quarkus.http.test-port", "0");
        return config;
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(TlsPostgresResource.class, Map.of("mode", mode())));
    }
}
