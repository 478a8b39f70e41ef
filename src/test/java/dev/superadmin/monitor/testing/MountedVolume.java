package dev.superadmin.monitor.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A folder laid out as the kubelet mounts a ConfigMap or a Secret: each file {@code <name>} is a symlink to
 * {@code ..data/<name>}, {@code ..data} a symlink to a folder of the version ({@code ..2026_11_29_10_15_00.1}).
 * {@link #update} changes it as the kubelet's atomic writer does: the new version's folder is written in full, a
 * {@code ..data_tmp} symlink to it is renamed over {@code ..data} in one step, then the old folder is removed. A
 * reader that opens {@code <name>} sees the old content or the new, never a mix; the files' own paths never change.
 */
public final class MountedVolume {

    private static final DateTimeFormatter VERSION = DateTimeFormatter.ofPattern("yyyy_MM_dd_HH_mm_ss");
    private static final String DATA = "..data";

    private final Path dir;
    private int versions;

    private MountedVolume(Path dir) {
        this.dir = dir;
    }

    /** The folder {@code dir} (made if missing) holding {@code files} (name → content). */
    public static MountedVolume create(Path dir, Map<String, String> files) {
        try {
            MountedVolume volume = new MountedVolume(Files.createDirectories(dir));
            volume.update(files);
            for (String name : files.keySet()) {
                Files.createSymbolicLink(dir.resolve(name), Path.of(DATA, name));
            }
            return volume;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The path a program is given: the symlink {@code <dir>/<name>}. */
    public Path file(String name) {
        return dir.resolve(name);
    }

    /** Replaces the content of every file at once (the same names as at creation). */
    public void update(Map<String, String> files) {
        try {
            Path previous = Files.isSymbolicLink(dir.resolve(DATA)) ? dir.resolve(DATA).toRealPath() : null;
            Path version = Files.createDirectory(dir.resolve(".." + LocalDateTime.now().format(VERSION) + "." + ++versions));
            for (Map.Entry<String, String> file : files.entrySet()) {
                Files.writeString(version.resolve(file.getKey()), file.getValue());
            }
            Path link = Files.createSymbolicLink(dir.resolve(DATA + "_tmp"), version.getFileName());
            Files.move(link, dir.resolve(DATA), StandardCopyOption.ATOMIC_MOVE);
            if (previous != null) {
                try (Stream<Path> old = Files.walk(previous)) {
                    for (Path path : old.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(path);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
