package dev.superadmin.monitor.config;

import java.nio.charset.StandardCharsets;

/**
 * A 64-bit FNV-1a hash of what is added, to tell whether a configuration or a file changed. Not a cryptographic
 * hash, and it need not be one: whoever can change the files decides the configuration anyway. (SHA-256 would load
 * the JDK's security providers, about a hundred classes and 2 MB of memory, for nothing more.)
 */
public final class ContentHash {

    private long hash = 0xcbf29ce484222325L;

    public ContentHash add(byte[] bytes) {
        for (byte b : bytes) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return this;
    }

    public ContentHash add(String text) {
        return add(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sixteen hex digits. */
    public String hex() {
        return String.format("%016x", hash);
    }

    /** The hash of one text. */
    public static String of(String text) {
        return new ContentHash().add(text).hex();
    }
}
