package dev.superadmin.monitor.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A fresh database on the machine's PostgreSQL (127.0.0.1:5432 unless {@code SUPERADMIN_TEST_PG_PORT} says
 * otherwise) with the reference schema and the read-only monitoring role from {@code deploy/sql}, applied with psql
 * exactly as an operator would. The service connects as that role; tests arrange data as {@code postgres}.
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    private TestDatabase database;

    @Override
    public Map<String, String> start() {
        database = TestDatabase.createMonitored("superadmin_test_");
        return Map.of(
                "quarkus.datasource.reactive.url", database.reactiveUrl(),
                "quarkus.datasource.username", TestDatabase.MONITOR_ROLE);
    }

    protected TestDatabase database() {
        return database;
    }

    @Override
    public void stop() {
        if (database != null) {
            database.drop();
        }
    }
}
