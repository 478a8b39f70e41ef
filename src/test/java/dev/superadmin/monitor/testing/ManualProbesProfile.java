package dev.superadmin.monitor.testing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The service over a fresh test database, with intervals long enough that after the first round nothing runs by
 * itself: tests drive probes with {@code ProbeScheduler.runRound()}. Adds a sixth check made of configuration only.
 */
public class ManualProbesProfile implements QuarkusTestProfile {

    public static final List<String> SEED_CHECKS = List.of("active_sessions", "admin_users", "database_size",
            "failed_logins", "orphaned_images");

    /** The PostgreSQL health pack (checks/postgres.properties): off unless turned on. */
    public static final List<String> HEALTH_PACK = List.of("pg_cache_hit", "pg_connections", "pg_dead_tuples",
            "pg_idle_in_transaction", "pg_longest_transaction", "pg_replication_lag", "pg_xid_age");

    /** Every seed check at a 1h interval, so that after the first round none runs by itself; a map to add to. */
    public static Map<String, String> hourlySeedChecks() {
        Map<String, String> config = new HashMap<>();
        for (String check : SEED_CHECKS) {
            config.put("superadmin.checks." + check + ".interval", "1h");
        }
        return config;
    }

    /** Turns on checks that are off by default (the health pack, the app's functions), at a 1h interval. */
    public static Map<String, String> enableHourly(Map<String, String> config, List<String> checks) {
        for (String check : checks) {
            config.put("superadmin.checks." + check + ".enabled", "true");
            config.put("superadmin.checks." + check + ".interval", "1h");
        }
        return config;
    }

    /** Adds a check made of {@code sql} alone, probed hourly, with a threshold no test value reaches. */
    public static void hourlyCheck(Map<String, String> config, String name, String sql) {
        config.put("superadmin.checks." + name + ".sql", sql);
        config.put("superadmin.checks." + name + ".warning", "10000000000");
        config.put("superadmin.checks." + name + ".interval", "1h");
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = hourlySeedChecks();
        config.put("superadmin.checks.expired_sessions.description", "Sessions still flagged active after they expired");
        config.put("superadmin.checks.expired_sessions.sql",
                "SELECT count(*) FROM public.admin_sessions WHERE is_active AND expires_at <= now()");
        config.put("superadmin.checks.expired_sessions.warning", "100");
        config.put("superadmin.checks.expired_sessions.unit", "sessions");
        config.put("superadmin.checks.expired_sessions.interval", "1h");
        return config;
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(PostgresTestResource.class));
    }
}
