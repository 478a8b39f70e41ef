package dev.superadmin.monitor.testing;

import java.nio.file.Path;
import java.util.Map;

/** A fresh test database that also has the app's own health functions and views of deploy/sql/app-health.sql. */
public class AppHealthDatabase extends PostgresTestResource {

    @Override
    public Map<String, String> start() {
        Map<String, String> config = super.start();
        database().psql(Path.of("deploy/sql/app-health.sql"));
        return config;
    }
}
