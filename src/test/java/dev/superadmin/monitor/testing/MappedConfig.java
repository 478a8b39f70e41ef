package dev.superadmin.monitor.testing;

import java.time.Duration;

import org.eclipse.microprofile.config.spi.ConfigSource;

import dev.superadmin.monitor.config.MonitorConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfigBuilder;

/** {@link MonitorConfig} mapped from given sources as Quarkus maps it, without starting Quarkus. */
public final class MappedConfig {

    private MappedConfig() {
    }

    public static MonitorConfig of(ConfigSource... sources) {
        return new SmallRyeConfigBuilder()
                .withMapping(MonitorConfig.class)
                // as Quarkus: a key no mapping knows is not a fault
                .withValidateUnknown(false)
                // Quarkus' durations: 30s, 500ms, as well as ISO-8601
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(sources)
                .build()
                .getConfigMapping(MonitorConfig.class);
    }
}
