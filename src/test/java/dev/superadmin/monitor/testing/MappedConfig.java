package dev.superadmin.monitor.testing;

import java.time.Duration;

import org.eclipse.microprofile.config.spi.ConfigSource;

import dev.superadmin.monitor.config.MonitorConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** {@link MonitorConfig} mapped from given sources as Quarkus maps it, without starting Quarkus. */
public final class MappedConfig {

    private MappedConfig() {
    }

    public static MonitorConfig of(ConfigSource... sources) {
        return config(sources).getConfigMapping(MonitorConfig.class);
    }

    /** The whole configuration, its sources and the mapping. */
    public static SmallRyeConfig config(ConfigSource... sources) {
        return new SmallRyeConfigBuilder()
                .withMapping(MonitorConfig.class)
                // as the service sets it: UnknownSettings, not SmallRye, refuses a key no mapping knows
                .withValidateUnknown(false)
                // Quarkus' durations: 30s, 500ms, as well as ISO-8601
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(sources)
                .build();
    }
}
