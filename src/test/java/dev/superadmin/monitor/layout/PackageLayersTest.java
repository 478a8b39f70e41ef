package dev.superadmin.monitor.layout;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The main packages form layers: each imports only packages below it, so that a change has a direction to travel in
 * and no import runs back up (a probe does not call the status store, configuration does not know the checks).
 */
class PackageLayersTest {

    /** Bottom first. */
    static final List<String> LAYERS = List.of("runbook", "config", "check", "probe", "http", "status", "metrics", "health",
            "reload");

    private static final Path MAIN = Path.of("src", "main", "java", "dev", "superadmin", "monitor");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?dev\\.superadmin\\.monitor\\.([a-z]+)\\.",
            Pattern.MULTILINE);

    @Test
    void everyPackageImportsOnlyPackagesBelowIt() throws IOException {
        List<String> upward = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                String from = MAIN.relativize(file).getName(0).toString();
                assertThat(LAYERS).as("the layer of package %s (%s)", from, file).contains(from);
                Matcher imported = IMPORT.matcher(Files.readString(file));
                while (imported.find()) {
                    String to = imported.group(1);
                    if (!to.equals(from) && LAYERS.indexOf(to) > LAYERS.indexOf(from)) {
                        upward.add(MAIN.relativize(file) + " imports " + to);
                    }
                }
            }
        }
        assertThat(upward).as("imports that run back up " + LAYERS).isEmpty();
    }
}
