package dev.superadmin.monitor.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.superadmin.monitor.testing.MappedConfig;
import io.smallrye.config.PropertiesConfigSource;

/** What a reload compares: two builds of one configuration are equal, and each change shows where it should. */
class CheckCatalogTest {

    private static Map<String, String> settings() {
        Map<String, String> settings = new HashMap<>();
        settings.put("superadmin.targets.shop.url", "postgresql://127.0.0.1:5432/shop");
        settings.put("superadmin.targets.shop.username", "monitor");
        settings.put("superadmin.targets.shop.password", "one");
        settings.put("superadmin.checks.sessions.sql", "SELECT 5 AS value");
        settings.put("superadmin.checks.sessions.warning", "10");
        settings.put("superadmin.checks.sessions.critical", "20");
        return settings;
    }

    private static CheckCatalog.Snapshot build(Map<String, String> settings) {
        return new CheckCatalog(MappedConfig.of(new PropertiesConfigSource(settings, "test", 300)), Optional.empty(),
                Optional.empty()).current();
    }

    @Test
    void oneConfigurationBuildsEqualCatalogsOfOneVersion() {
        CheckCatalog.Snapshot first = build(settings());
        CheckCatalog.Snapshot second = build(settings());

        assertThat(second).isEqualTo(first);
        assertThat(second.version()).isEqualTo(first.version()).matches("[0-9a-f]{12}");
    }

    @Test
    void aThresholdChangesTheVersionAndTheDefinitionButNotWhatIsMeasured() {
        Map<String, String> lowered = settings();
        lowered.put("superadmin.checks.sessions.critical", "4");
        lowered.put("superadmin.checks.sessions.warning", "3");

        CheckDefinition before = build(settings()).find("shop", "sessions").orElseThrow();
        CheckCatalog.Snapshot after = build(lowered);

        assertThat(after.version()).isNotEqualTo(build(settings()).version());
        assertThat(after.find("shop", "sessions").orElseThrow()).isNotEqualTo(before)
                .satisfies(check -> assertThat(check.measuresAs(before)).isTrue());
    }

    @Test
    void anotherStatementMeasuresAnew() {
        Map<String, String> changed = settings();
        changed.put("superadmin.checks.sessions.sql", "SELECT 6 AS value");

        assertThat(build(changed).find("shop", "sessions").orElseThrow()
                .measuresAs(build(settings()).find("shop", "sessions").orElseThrow())).isFalse();
    }

    @Test
    void aNewPasswordChangesTheConnectionButNotTheVersion() {
        Map<String, String> rotated = settings();
        rotated.put("superadmin.targets.shop.password", "two");

        CheckCatalog.Snapshot before = build(settings());
        CheckCatalog.Snapshot after = build(rotated);

        assertThat(after.targets().get("shop").connection()).isNotEqualTo(before.targets().get("shop").connection());
        assertThat(after.version()).as("a password's hash would be a clue to it").isEqualTo(before.version());
        assertThat(after.targets().get("shop").connection().orElseThrow().toString()).doesNotContain("two");
    }

    @Test
    void aPasswordFileIsReadWithoutItsLineEnd(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("password"), "one\n");
        Map<String, String> fromFile = settings();
        fromFile.remove("superadmin.targets.shop.password");
        fromFile.put("superadmin.targets.shop.password-file", file.toString());

        assertThat(build(fromFile).targets().get("shop").connection().orElseThrow())
                .isEqualTo(build(settings()).targets().get("shop").connection().orElseThrow());

        Files.writeString(file, "two\n");
        assertThat(build(fromFile).targets().get("shop").connection().orElseThrow().password()).contains("two");
    }
}
