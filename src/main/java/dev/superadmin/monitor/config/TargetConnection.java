package dev.superadmin.monitor.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import io.vertx.pgclient.PgConnectOptions;

/**
 * How a target's pool reaches its database, with the files it names read: two targets (or one target before and after
 * a reload) connect alike exactly when their connections are equal, so a changed password file or certificate
 * authority gives the target a new pool and anything else keeps the one it has.
 *
 * @param password from {@code password}, else the content of {@code password-file} without its line end; empty when
 *        neither is set (or the file cannot be read, which {@link ConfigCheck} reports)
 * @param tlsCaDigest {@link ContentHash} of the certificate authority's file, empty when none is set or it cannot be read
 */
public record TargetConnection(String url, Optional<String> username, Optional<String> password, Optional<String> tlsCa,
        String tlsCaDigest, boolean pooler) {

    public static TargetConnection of(TargetConfig target) {
        Optional<String> password = target.password()
                .or(() -> target.passwordFile().flatMap(file -> read(file).map(TargetConnection::withoutLineEnd)));
        String digest = target.tlsCa().flatMap(TargetConnection::read).map(ContentHash::of).orElse("");
        return new TargetConnection(target.url(), target.username(), password, target.tlsCa(), digest, target.pooler());
    }

    /**
     * What identifies the database and the role without the secret: host, port, database, user, pooler mode and the
     * certificate authority's digest (for the configuration's version, which anyone may read).
     */
    public String describe() {
        PgConnectOptions options;
        try {
            options = PgConnectOptions.fromUri(url);
        } catch (IllegalArgumentException e) {
            return "an unparseable URL"; // the client's message repeats the URL, password included; ConfigCheck reports it
        }
        return options.getHost() + ":" + options.getPort() + "/" + options.getDatabase() + " as "
                + username.orElse(options.getUser()) + (pooler ? " through a pooler" : "") + " " + options.getSslMode()
                + tlsCa.map(path -> " ca " + tlsCaDigest).orElse("");
    }

    @Override
    public String toString() {
        return "TargetConnection[" + describe() + "]"; // never the password, nor a URL that may hold one
    }

    /** The most a password or certificate file may hold: a path to a device or a huge file reads nothing. */
    private static final long FILE_LIMIT = 64 * 1024;

    /** A regular file that can be read, of at most 64 KiB. */
    static boolean readableFile(String path) {
        try {
            Path file = Path.of(path);
            return Files.isRegularFile(file) && Files.isReadable(file) && Files.size(file) <= FILE_LIMIT;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static Optional<String> read(String path) {
        if (!readableFile(path)) {
            return Optional.empty(); // ConfigCheck reports it
        }
        try {
            return Optional.of(Files.readString(Path.of(path), StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** A Kubernetes Secret or {@code echo} leaves a line end after the password; it is not part of it. */
    private static String withoutLineEnd(String content) {
        return content.endsWith("\r\n") ? content.substring(0, content.length() - 2)
                : content.endsWith("\n") ? content.substring(0, content.length() - 1) : content;
    }

}
