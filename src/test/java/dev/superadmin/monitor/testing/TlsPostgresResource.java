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
 * A private PostgreSQL that speaks TLS only: {@code ssl = on} with a server certificate made at test time (CN and
 * SAN {@code localhost}, SAN IP {@code 127.0.0.1}, signed by a test CA), and a pg_hba.conf that accepts TCP only
 * over TLS ({@code hostssl}) and rejects plain TCP ({@code hostnossl ... reject}). The monitored database has one
 * active admin, so every check is OK when the service gets through.
 * <p>
 * The init argument {@code mode} says how the service connects:
 * <ul>
 * <li>{@code require}: {@code ssl-mode=require} with {@code trust-all=true} (encrypts, verifies nothing);</li>
 * <li>{@code require-url}: only {@code ?sslmode=require} in the URL, as the Supabase example in docs/supabase.md;</li>
 * <li>{@code verify-full}: the test CA as PEM trust, hostname verification HTTPS, host {@code localhost};</li>
 * <li>{@code untrusted-ca}: as verify-full, but trusting a CA that did not sign the server certificate;</li>
 * <li>{@code wrong-host}: as verify-full, but the server's certificate (signed by the trusted CA) names another
 * host;</li>
 * <li>{@code plaintext}: {@code ssl-mode=disable}.</li>
 * </ul>
 * The service's config also gets {@code test.tls.port}, {@code test.tls.database} and {@code test.tls.ca} for the
 * test.
 */
public class TlsPostgresResource implements QuarkusTestResourceLifecycleManager {

    public static final String DATABASE = "tls_monitored";

    private String mode;
    private TestCertificates certificates;
    private PrivatePostgres postgres;

    @Override
    public void init(Map<String, String> initArgs) {
        mode = initArgs.getOrDefault("mode", "require");
    }

    @Override
    public Map<String, String> start() {
        certificates = TestCertificates.create();
        if (mode.equals("wrong-host")) {
            certificates.server("server", "db.example.test", "DNS:db.example.test");
        } else {
            certificates.server("server", "localhost", "DNS:localhost", "IP:127.0.0.1");
        }
        postgres = PrivatePostgres.create("ssl = on", "ssl_cert_file = 'server.crt'", "ssl_key_file = 'server.key'",
                "log_connections = on");
        installServerCertificate();
        postgres.start();
        postgres.createMonitoredDatabase(DATABASE);
        new PrivateSql(postgres.port(), DATABASE)
                .execute("INSERT INTO admin_users (email, is_active) VALUES ('admin@example.test', true)");

        Map<String, String> config = new HashMap<>();
        config.put("quarkus.datasource.username", "superadmin_monitor");
        config.put("test.tls.port", Integer.toString(postgres.port()));
        config.put("test.tls.database", DATABASE);
        config.put("test.tls.ca", certificates.ca().toString());
        config.put("test.tls.server-log", postgres.dir().resolve("server.log").toString());
        String byAddress = "postgresql://127.0.0.1:" + postgres.port() + "/" + DATABASE;
        String byName = "postgresql://localhost:" + postgres.port() + "/" + DATABASE;
        switch (mode) {
            case "require" -> {
                config.put("quarkus.datasource.reactive.url", byAddress);
                config.put("quarkus.datasource.reactive.postgresql.ssl-mode", "require");
                config.put("quarkus.datasource.reactive.trust-all", "true");
            }
            case "require-url" -> config.put("quarkus.datasource.reactive.url", byAddress + "?sslmode=require");
            case "verify-full" -> {
                verifyFull(config, byName, certificates.ca());
                // a second target on the same server, configured the superadmin.targets way
                config.put("superadmin.targets.second.url", byName + "?sslmode=verify-full");
                config.put("superadmin.targets.second.username", "superadmin_monitor");
                config.put("superadmin.targets.second.tls-ca", certificates.ca().toString());
                config.put("superadmin.targets.second.checks", "admin_users");
            }
            case "wrong-host" -> verifyFull(config, byName, certificates.ca());
            case "untrusted-ca" -> verifyFull(config, byName, certificates.otherCa());
            case "plaintext" -> {
                config.put("quarkus.datasource.reactive.url", byAddress);
                config.put("quarkus.datasource.reactive.postgresql.ssl-mode", "disable");
            }
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        }
        return config;
    }

    private static void verifyFull(Map<String, String> config, String url, Path trustedCa) {
        config.put("quarkus.datasource.reactive.url", url);
        config.put("quarkus.datasource.reactive.postgresql.ssl-mode", "verify-full");
        config.put("quarkus.datasource.reactive.trust-certificate-pem", "true");
        config.put("quarkus.datasource.reactive.trust-certificate-pem.certs", trustedCa.toString());
        config.put("quarkus.datasource.reactive.hostname-verification-algorithm", "HTTPS");
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
                    "hostnossl all      all  127.0.0.1/32  reject"));
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
