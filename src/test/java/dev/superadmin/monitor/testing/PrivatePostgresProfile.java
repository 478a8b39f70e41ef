package dev.superadmin.monitor.testing;

import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The service over {@link PrivatePostgresResource}: every seed check hourly, but for the test's own check settings
 * (the short intervals it watches).
 */
public abstract class PrivatePostgresProfile implements QuarkusTestProfile {

    private final PrivatePostgresResource.Cluster cluster;
    private final Map<String, String> checks;

    protected PrivatePostgresProfile(PrivatePostgresResource.Cluster cluster, Map<String, String> checks) {
        this.cluster = cluster;
        this.checks = checks;
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = ManualProbesProfile.hourlySeedChecks();
        config.putAll(checks);
        return config;
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(PrivatePostgresResource.class, Map.of("cluster", cluster.name())));
    }
}
