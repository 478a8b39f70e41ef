package dev.superadmin.monitor.testing;

import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The service watching every target of {@link TlsPostgresResource#TARGETS} at once, the Quarkus datasource being
 * {@code verify-full}: one profile for the TLS tests but {@code TlsRequireTest}, so Quarkus starts the service (and the
 * resource its server) once for them. {@link TlsTrustAllProfile} is the other. Seed checks run every hour: after the
 * first round nothing runs by itself, the tests drive rounds with {@code ProbeScheduler.runRound()}.
 */
public class TlsProfile implements QuarkusTestProfile {

    /** The {@link TlsPostgresResource} init argument {@code datasource}. */
    protected String datasource() {
        return "verify-full";
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = ManualProbesProfile.hourlySeedChecks();
        // a random port: other test runs may hold 8081
        config.put("quarkus.http.test-port", "0");
        return config;
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(TlsPostgresResource.class, Map.of("datasource", datasource())));
    }
}
