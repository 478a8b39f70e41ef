package dev.superadmin.monitor.testing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link ManualProbesProfile} over {@link AppHealthDatabase}, with a check for each way a probe can fail, values large
 * and decimal, per-check settings, the app's database_health_check() as a rows check, /q/metrics reused for up to an
 * hour, active_sessions stale 3 s after its probe, and one worker thread. One profile (one Quarkus start) for the tests
 * that read the checks they name and do not count them: ProbeFailuresTest, OpenApiTest, StatusPageRowsTest,
 * MetricsEndpointTest, StatusResourceTest.
 */
public class ManyChecksProfile extends ManualProbesProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>(super.getConfigOverrides());
        hourlyCheck(config, "null_value", "SELECT NULL::int");
        hourlyCheck(config, "no_row", "SELECT 1 WHERE false");
        hourlyCheck(config, "two_rows", "SELECT 1 UNION ALL SELECT 2");
        hourlyCheck(config, "two_columns", "SELECT 1, 2");
        hourlyCheck(config, "text_value", "SELECT 'many'");
        hourlyCheck(config, "missing_table", "SELECT count(*) FROM public.no_such_table");
        hourlyCheck(config, "not_granted", "SELECT count(*) FROM pg_catalog.pg_authid");
        hourlyCheck(config, "too_slow", "SELECT count(*) FROM pg_sleep(5)");
        config.put("superadmin.checks.too_slow.timeout", "1s");
        hourlyCheck(config, "commit_escape", "SELECT 1; COMMIT; SELECT 1");
        hourlyCheck(config, "writes", "SELECT nextval('public.probe_sequence')");
        hourlyCheck(config, "large_value", "SELECT 5000000000::bigint;");
        hourlyCheck(config, "numeric_value", "SELECT 2.5::numeric");
        // settings apply to their check's probe, and to no other probe on the same pooled connection
        hourlyCheck(config, "hashjoin_off", "SELECT (current_setting('enable_hashjoin') = 'off')::int");
        config.put("superadmin.checks.hashjoin_off.settings.enable_hashjoin", "off");
        hourlyCheck(config, "default_settings", "SELECT current_setting('max_parallel_workers_per_gather')::int"
                + " + 10 * (current_setting('enable_hashjoin') = 'off')::int");
        // a failed check with a critical threshold, for the error part of the OpenAPI document
        config.put("superadmin.checks.broken.sql", "SELECT count(*) FROM public.no_such_table");
        config.put("superadmin.checks.broken.critical", "1");
        config.put("superadmin.checks.broken.interval", "1h");
        config.put("superadmin.checks.app_database_health.enabled", "true");
        config.put("superadmin.checks.app_database_health.interval", "1h");
        // a rendering reused for long, and one value that goes stale soon: only the latter may render anew
        config.put("superadmin.metrics-max-age", "1h");
        config.put("superadmin.checks.active_sessions.staleness", "3s");
        // /status needs no worker thread (StatusResourceTest keeps the only one busy); the others need no more
        config.put("quarkus.thread-pool.max-threads", "1");
        return config;
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(AppHealthDatabase.class));
    }
}
