package dev.superadmin.monitor.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The JVM options the JVM image gives the service ({@code JAVA_OPTS_APPEND} in {@code src/main/docker/Dockerfile.jvm}). */
public final class ImageFlags {

    public static final Path DOCKERFILE = Path.of("src", "main", "docker", "Dockerfile.jvm");

    private static final Pattern OPTIONS = Pattern.compile("ENV JAVA_OPTS_APPEND=\"([^\"]*)\"");

    private ImageFlags() {
    }

    /** Every option, in order. */
    public static List<String> all() {
        try {
            String dockerfile = Files.readString(DOCKERFILE).replaceAll("\\\\\\R\\s*", " ");
            Matcher options = OPTIONS.matcher(dockerfile);
            if (!options.find()) {
                throw new IllegalStateException("no ENV JAVA_OPTS_APPEND=\"...\" in " + DOCKERFILE);
            }
            return List.of(options.group(1).strip().split("\\s+"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The options of the JVM itself ({@code -X...}), without the system properties. */
    public static List<String> jvm() {
        return all().stream().filter(flag -> flag.startsWith("-X")).toList();
    }
}
