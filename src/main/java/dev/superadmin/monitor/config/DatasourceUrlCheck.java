package dev.superadmin.monitor.config;

import java.util.Optional;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.vertx.pgclient.PgConnectOptions;

/**
 * Stops start-up when the datasource URL cannot be parsed, before any probe would report (and echo) it: the
 * client's own error quotes the whole URL, password included.
 */
@Singleton
public class DatasourceUrlCheck {

    static final String KEY = "quarkus.datasource.reactive.url";

    private final Optional<String> url;

    DatasourceUrlCheck(@ConfigProperty(name = KEY) Optional<String> url) {
        this.url = url;
    }

    void check(@Observes @Priority(1) StartupEvent event) {
        url.ifPresent(DatasourceUrlCheck::parse);
    }

    static void parse(String url) {
        try {
            PgConnectOptions.fromUri(url);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(KEY + " cannot be parsed; expected postgresql://[user[:password]@]host[:port]/database[?sslmode=...]"
                    + " (the value is not shown: it may hold a password)");
        }
    }
}
