package dev.superadmin.monitor.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A private PostgreSQL that speaks TLS only, watched as one or more targets at once, one per way of connecting. The
 * server has {@code ssl = on} with a certificate made at test time (CN and SAN {@code localhost}, SAN IP
 * {@code 127.0.0.1}, signed by a test CA), listens on 127.0.0.1 and 127.0.0.2, and its pg_hba.conf accepts TCP only
 * over TLS ({@code hostssl}) and rejects plain TCP ({@code hostnossl ... reject}).
 * <p>
 * Each target connects to a database of its own ({@link #database}), so that the server's sessions
 * ({@code pg_stat_activity.datname}) and the log lines that name a database tell the targets apart. Each database has
 * one active admin, so every check is OK when the service gets through.
 * <p>
 * The init argument {@code datasource} says which target the Quarkus datasource is. {@code verify-full} (the default,
 * {@link TlsProfile}) gives the {@link #TARGETS}:
 * <ul>
 * <li>{@code verify-full}, the Quarkus datasource ({@code superadmin.target=verify-full}): {@code ssl-mode=verify-full},
 * host {@code localhost}, the test CA as PEM trust ({@code trust-certificate-pem.certs}), hostname verification
 * {@code HTTPS}: the datasource settings docs/supabase.md recommends;</li>
 * <li>{@code second}: the same the {@code superadmin.targets} way: {@code ?sslmode=verify-full}, host
 * {@code localhost}, the test CA in {@code tls-ca}; it runs {@code admin_users} only;</li>
 * <li>{@code require-url}: only {@code ?sslmode=require} in the URL, as the Supabase example in docs/supabase.md;</li>
 * <li>{@code untrusted-ca}: as second, but trusting a CA that did not sign the server certificate;</li>
 * <li>{@code wrong-host}: as second, but connecting to 127.0.0.2, which the certificate does not name;</li>
 * <li>{@code plaintext}: {@code ?sslmode=disable}.</li>
 * </ul>
 * {@code require} ({@link TlsTrustAllProfile}) gives the one target {@code require}, the Quarkus datasource
 * ({@code superadmin.target=require}): {@code ssl-mode=require} with {@code trust-all=true} (encrypts, verifies
 * nothing). trust-all has no URL parameter, so only the datasource can ask for it, and the datasource cannot be both
 * this and {@code verify-full}: hence two profiles, two starts.
 * <p>
 * The monitoring role's shipped connection limit (5) is per server: here two healthy targets with pools of 2 share
 * one server, so it is raised to 100, as on the shared test cluster.
 * <p>
 * The service's config also gets {@code test.tls.port}, {@code test.tls.ca} and {@code test.tls.server-log} for the
 * tests.
 */
public class TlsPostgresResource implements QuarkusTestResourceLifecycleManager {

    /** Every target of {@link TlsProfile}, the datasource's first. */
    public static final List<String> TARGETS = List.of("verify-full", "second", "require-url", "untrusted-ca",
            "wrong-host", "plaintext");
    /** The targets of {@link TlsProfile} whose checks are all OK. */
    public static final List<String> OK_TARGETS = List.of("verify-full", "second");
    /** The targets of {@link TlsProfile} whose TLS handshake the service aborts, refusing the server's certificate. */
    public static final List<String> REFUSED_CERTIFICATE = List.of("require-url", "untrusted-ca", "wrong-host");
    /** The one target of {@link TlsTrustAllProfile}. */
    public static final List<String> TRUST_ALL_TARGETS = List.of("require");

    private String datasource;
    private TestCertificates certificates;
    private PrivatePostgres postgres;

    /** The database the target connects to. */
    public static String database(String target) {
        return "tls_" + target.replace('-', '_');
    }

    @Override
    public void init(Map<String, String> initArgs) {
        datasource = initArgs.getOrDefault("datasource", "verify-full");
        if (!datasource.equals("verify-full") && !datasource.equals("require")) {
            throw new IllegalArgumentException("unknown datasource " + datasource);
        }
    }

    @Override
    public Map<String, String> start() {
        List<String> targets = datasource.equals("require") ? TRUST_ALL_TARGETS : TARGETS;
        certificates = TestCertificates.create();
        certificates.server("server", "localhost", "DNS:localhost", "IP:127.0.0.1");
        postgres = PrivatePostgres.create("listen_addresses = '127.0.0.1,127.0.0.2'", "ssl = on",
                "ssl_cert_file = 'server.crt'", "ssl_key_file = 'server.key'", "log_connections = on");
        installServerCertificate();
        postgres.start();
        for (String target : targets) {
            postgres.createMonitoredDatabase(database(target));
            new PrivateSql(postgres.port(), database(target))
                    .execute("INSERT INTO admin_users (email, is_active) VALUES ('admin@example.test', true)");
        }
        postgres.psql("postgres", "-c", "ALTER ROLE " + TestDatabase.MONITOR_ROLE + " CONNECTION LIMIT 100");

        Map<String, String> config = new HashMap<>();
        config.put("test.tls.port", Integer.toString(postgres.port()));
        config.put("test.tls.ca", certificates.ca().toString());
        config.put("test.tls.server-log", postgres.dir().resolve("server.log").toString());
        config.put("quarkus.datasource.username", TestDatabase.MONITOR_ROLE);

        if (datasource.equals("require")) {
            config.put("superadmin.target", "require");
            config.put("quarkus.datasource.reactive.url", url("127.0.0.1", "require"));
            config.put("quarkus.datasource.reactive.postgresql.ssl-mode", "require");
            config.put("quarkus.datasource.reactive.trust-all", "true");
            return config;
        }

        config.put("superadmin.target", "verify-full");
        config.put("quarkus.datasource.reactive.url", url("localhost", "verify-full"));
        config.put("quarkus.datasource.reactive.postgresql.ssl-mode", "verify-full");
        config.put("quarkus.datasource.reactive.trust-certificate-pem", "true");
        config.put("quarkus.datasource.reactive.trust-certificate-pem.certs", certificates.ca().toString());
        config.put("quarkus.datasource.reactive.hostname-verification-algorithm", "HTTPS");

        target(config, "second", url("localhost", "second") + "?sslmode=verify-full", certificates.ca());
        config.put("superadmin.targets.second.checks", "admin_users");
        target(config, "require-url", url("127.0.0.1", "require-url") + "?sslmode=require", null);
        target(config, "untrusted-ca", url("localhost", "untrusted-ca") + "?sslmode=verify-full", certificates.otherCa());
        target(config, "wrong-host", url("127.0.0.2", "wrong-host") + "?sslmode=verify-full", certificates.ca());
        target(config, "plaintext", url("127.0.0.1", "plaintext") + "?sslmode=disable", null);
        return config;
    }

    private String url(String host, String target) {
        return "postgresql://" + host + ":" + postgres.port() + "/" + database(target);
    }

    private static void target(Map<String, String> config, String name, String url, Path trustedCa) {
        config.put("superadmin.targets." + name + ".url", url);
        config.put("superadmin.targets." + name + ".username", TestDatabase.MONITOR_ROLE);
        if (trustedCa != null) {
            config.put("superadmin.targets." + name + ".tls-ca", trustedCa.toString());
        }
    }

    /** Certificate and key in the data folder, owned by postgres, the key 0600; TCP only over TLS. */
    private void installServerCertificate() {
        try {
            Path data = postgres.data();
            Files.copy(certificates.certificate("server"), data.resolve("server.crt"), StandardCopyOption.REPLACE_EXISTING);
            Files.copy(certificates.key("server"), data.resolve("server.key"), StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(data.resolve("server.key"), PosixFilePermissions.fromString("rw-------"));
            Files.write(data.resolve("pg_hba.conf"), List.of(
                    "# TYPE    DATABASE USER ADDRESS       METHOD",
                    "local     all      all                trust",
                    "hostssl   all      all  127.0.0.1/32  trust",
                    "hostssl   all      all  127.0.0.2/32  trust",
                    "hostnossl all      all  127.0.0.1/32  reject",
                    "hostnossl all      all  127.0.0.2/32  reject"));
            ChildProcess.run("chown", "postgres:postgres", data.resolve("server.crt").toString(),
                    data.resolve("server.key").toString(), data.resolve("pg_hba.conf").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        if (postgres != null) {
            postgres.close();
        }
        if (certificates != null) {
            certificates.delete();
        }
    }
}
