package dev.superadmin.monitor.reload;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.microprofile.config.spi.ConfigSource;

import dev.superadmin.monitor.config.ContentHash;
import dev.superadmin.monitor.config.MonitorConfig;
import dev.superadmin.monitor.config.TargetConfig;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * The configuration as its files say now: the sources of the running configuration with every properties file on the
 * file system read again ({@code config/application.properties}, those of {@code QUARKUS_CONFIG_LOCATIONS}); the
 * environment, system properties and the files in the jar cannot change while the service runs, and are kept.
 */
final class ConfigFiles {

    /** How SmallRye names a properties file it loaded from a URL. */
    private static final Pattern FILE_SOURCE = Pattern.compile("PropertiesConfigSource\\[source=(file:.*)]");

    private final SmallRyeConfig running;

    ConfigFiles(SmallRyeConfig running) {
        this.running = running;
    }

    /** The properties files on the file system among the running configuration's sources. */
    List<Path> files() {
        List<Path> files = new ArrayList<>();
        for (ConfigSource source : running.getConfigSources()) {
            file(source).ifPresent(files::add);
        }
        return files;
    }

    /** The names the properties files of these configurations set, in name order. */
    Set<String> names(SmallRyeConfig... configs) {
        Set<String> names = new TreeSet<>();
        for (SmallRyeConfig config : configs) {
            for (ConfigSource source : config.getConfigSources()) {
                if (file(source).isPresent()) {
                    names.addAll(source.getPropertyNames());
                }
            }
        }
        return names;
    }

    /**
     * A new configuration from the same sources, the files read again. A file that is gone is a fault, not an empty
     * file: deleting it by mistake must not drop every target it held (a kubelet's swap never leaves it missing).
     */
    SmallRyeConfig read() throws IOException {
        List<ConfigSource> sources = new ArrayList<>();
        for (ConfigSource source : running.getConfigSources()) {
            Optional<Path> file = file(source);
            sources.add(file.isPresent() ? reread(file.get(), source) : source);
        }
        return new SmallRyeConfigBuilder()
                .withSources(sources)
                .addDefaultInterceptors()
                .withProfiles(running.getProfiles())
                // Quarkus' own converters: 500ms and 5s as well as PT5S
                .withConverter(Duration.class, 200, running.getConverter(Duration.class).orElseThrow())
                .withMapping(MonitorConfig.class)
                .withValidateUnknown(false) // as at start-up: UnknownSettings reports them, with the nearest name
                .build();
    }

    private static ConfigSource reread(Path file, ConfigSource source) throws IOException {
        try {
            return new PropertiesConfigSource(file.toUri().toURL(), source.getOrdinal());
        } catch (NoSuchFileException e) {
            throw new IOException(file + " is gone; the configuration read from it stays in force until it is back", e);
        }
    }

    private static Optional<Path> file(ConfigSource source) {
        Matcher name = FILE_SOURCE.matcher(source.getName());
        if (!name.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(new URI(name.group(1))));
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * The files a configuration reads: its properties files, and the password and certificate files its targets name.
     * Each path as written, so that a Kubernetes volume's swapped symlink is followed to the new content.
     */
    Set<Path> watched(MonitorConfig config) {
        Set<Path> watched = new LinkedHashSet<>(files());
        for (TargetConfig target : config.targets().values()) {
            target.passwordFile().map(Path::of).ifPresent(watched::add);
            target.tlsCa().map(Path::of).ifPresent(watched::add);
        }
        return watched;
    }

    /** A digest of the files' contents (and of which are missing): it changes when any of them does. */
    static String fingerprint(Set<Path> files) {
        ContentHash hash = new ContentHash();
        for (Path file : files) {
            hash.add(file.toString()).add(new byte[] { 0 });
            try {
                hash.add(Files.readAllBytes(file)).add(new byte[] { 1 });
            } catch (IOException e) {
                hash.add(new byte[] { 2 }); // missing or unreadable: a change too, which the reload reports
            }
        }
        return hash.hex();
    }
}
