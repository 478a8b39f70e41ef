package dev.superadmin.monitor.reload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.superadmin.monitor.config.MonitorConfig;
import dev.superadmin.monitor.testing.MappedConfig;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;

/** The files a reload reads again, and how it tells that they changed. */
class ConfigFilesTest {

    private static final String TARGET = """
            superadmin.targets.shop.url=postgresql://127.0.0.1:5432/shop
            superadmin.checks.sessions.sql=SELECT 5 AS value
            """;

    private static SmallRyeConfig running(Path file) throws IOException {
        return MappedConfig.config(new PropertiesConfigSource(file.toUri().toURL(), 260),
                new PropertiesConfigSource(Map.of("superadmin.staleness-intervals", "4"), "in the jar", 250));
    }

    @Test
    void aFileOnDiskIsReadAgainAndTheOtherSourcesKept(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("application.properties"), TARGET + "superadmin.checks.sessions.warning=10\n");
        ConfigFiles files = new ConfigFiles(running(file));
        assertThat(files.files()).containsExactly(file);

        Files.writeString(file, TARGET + "superadmin.checks.sessions.warning=3\nsuperadmin.checks.sessions.interval=5s\n");
        MonitorConfig read = files.read().getConfigMapping(MonitorConfig.class);

        assertThat(read.checks().get("sessions").warning()).hasValue(3);
        assertThat(read.checks().get("sessions").interval()).as("Quarkus' durations").hasSeconds(5);
        assertThat(read.stalenessIntervals()).as("the source in the jar, kept").isEqualTo(4);

        Files.writeString(file, TARGET + "superadmin.staleness-intervals=2\n");
        assertThat(files.read().getConfigMapping(MonitorConfig.class).stalenessIntervals()).as("the file, above the jar")
                .isEqualTo(2);
    }

    @Test
    void aFileThatIsGoneIsAFaultNotAnEmptyFile(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("application.properties"), TARGET);
        ConfigFiles files = new ConfigFiles(running(file));
        Files.delete(file);

        assertThatThrownBy(files::read).isInstanceOf(IOException.class).hasMessageStartingWith(file + " is gone");
    }

    @Test
    void theFingerprintFollowsAKubernetesVolumesSymlinkSwap(@TempDir Path dir) throws IOException {
        // as the kubelet lays out a ConfigMap: the file is a link into ..data, itself a link to a dated directory
        Files.createDirectory(dir.resolve("..2026_11_29_a"));
        Files.writeString(dir.resolve("..2026_11_29_a/application.properties"), TARGET);
        Files.createSymbolicLink(dir.resolve("..data"), Path.of("..2026_11_29_a"));
        Path file = Files.createSymbolicLink(dir.resolve("application.properties"), Path.of("..data/application.properties"));
        String before = ConfigFiles.fingerprint(Set.of(file));
        assertThat(ConfigFiles.fingerprint(Set.of(file))).isEqualTo(before);

        Files.createDirectory(dir.resolve("..2026_11_29_b"));
        Files.writeString(dir.resolve("..2026_11_29_b/application.properties"), TARGET + "superadmin.checks.sessions.warning=3\n");
        Files.createSymbolicLink(dir.resolve("..data_tmp"), Path.of("..2026_11_29_b"));
        Files.move(dir.resolve("..data_tmp"), dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);

        assertThat(ConfigFiles.fingerprint(Set.of(file))).isNotEqualTo(before);
    }

    @Test
    void theWatchedFilesIncludeThePasswordAndCertificateFiles(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("application.properties"), TARGET
                + "superadmin.targets.shop.password-file=" + dir.resolve("password") + "\n"
                + "superadmin.targets.shop.tls-ca=" + dir.resolve("ca.pem") + "\n");
        SmallRyeConfig running = running(file);
        ConfigFiles files = new ConfigFiles(running);

        assertThat(files.watched(running.getConfigMapping(MonitorConfig.class)))
                .containsExactly(file, dir.resolve("password"), dir.resolve("ca.pem"));
        String missing = ConfigFiles.fingerprint(Set.of(dir.resolve("password")));
        Files.writeString(dir.resolve("password"), "two");
        assertThat(ConfigFiles.fingerprint(Set.of(dir.resolve("password")))).isNotEqualTo(missing);
    }
}
