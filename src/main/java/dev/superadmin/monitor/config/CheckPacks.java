package dev.superadmin.monitor.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.List;

import org.eclipse.microprofile.config.spi.ConfigSource;
import org.eclipse.microprofile.config.spi.ConfigSourceProvider;

import io.smallrye.config.PropertiesConfigSource;

/**
 * The shipped checks: one properties file per pack under {@code checks/} on the class path, each check defined once
 * (its SQL, thresholds, schedule, alert and rationale). They load below {@code application.properties} (ordinal 250),
 * so that every key of theirs can be overridden like any other setting.
 */
public class CheckPacks implements ConfigSourceProvider {

    /** The packs, in the order their checks are documented. */
    public static final List<String> PACKS = List.of("seed", "app-health", "postgres");

    private static final int ORDINAL = 240;

    @Override
    public Iterable<ConfigSource> getConfigSources(ClassLoader loader) {
        return PACKS.stream().map(pack -> source(loader, pack)).toList();
    }

    /** The configuration of one pack alone. */
    public static ConfigSource source(ClassLoader loader, String pack) {
        String resource = "checks/" + pack + ".properties";
        URL url = loader.getResource(resource);
        if (url == null) {
            throw new IllegalStateException(resource + " is missing from the class path");
        }
        try {
            return new PropertiesConfigSource(url, ORDINAL);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
