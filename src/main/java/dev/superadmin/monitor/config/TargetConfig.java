package dev.superadmin.monitor.config;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.WithDefault;

/**
 * A watched database: {@code superadmin.targets.<name>.*} (the Quarkus datasource is the shorthand for one). Its name is the
 * {@code target} label of its series and its group in /status.
 */
public interface TargetConfig {

    /** {@code postgresql://host:port/database}, with {@code ?sslmode=verify-full} (and {@code tls-ca}) for TLS. */
    String url();

    /** The monitoring role; overrides a user in the URL. */
    Optional<String> username();

    /** Its password; overrides one in the URL. Never logged or shown. */
    Optional<String> password();

    /**
     * A file holding the password instead (a mounted Kubernetes Secret), without or with a line end: read again when it
     * changes, so that the role's password rotates without a restart.
     */
    Optional<String> passwordFile();

    /** PEM file of the certificate authority that signed the server's certificate (Supabase: its CA). */
    Optional<String> tlsCa();

    /** As {@code superadmin.pooler}, for this database: reached through a transaction pooler. */
    @WithDefault("false")
    boolean pooler();

    /** Names from {@code superadmin.checks} that run here, disabled ones included; every enabled check when unset. */
    Optional<List<String>> checks();
}
