package dev.superadmin.monitor.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A PostgreSQL of the test's own, for tests that stop, break or reconfigure a database: initdb and pg_ctl as the
 * {@code postgres} user, on a free port, in a temporary folder. The machine's shared server is never touched.
 */
public final class PrivatePostgres implements AutoCloseable {

    private static Path template;

    private final Path dir;
    private final int port;

    private PrivatePostgres(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** A new cluster (trust authentication on 127.0.0.1); {@code settings} are appended to postgresql.conf. */
    public static PrivatePostgres create(String... settings) {
        try {
            Path dir = Files.createTempDirectory("superadmin-pg-");
            ChildProcess.run("chown", "postgres:postgres", dir.toString());
            PrivatePostgres postgres = new PrivatePostgres(dir, ChildProcess.freePort());
            ChildProcess.run("cp", "-a", template().toString(), postgres.data().toString());
            postgres.configure(List.of("listen_addresses = '127.0.0.1'", "fsync = off", "max_connections = 20"), settings);
            return postgres;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The cluster every {@link #create} copies: one initdb per test JVM, since copying its 40 MB takes a fraction of
     * initdb's time (which runs a bootstrap server), and a test run starts some twenty clusters. Removed at exit.
     */
    private static synchronized Path template() throws IOException {
        if (template == null) {
            Path dir = Files.createTempDirectory("superadmin-pg-template-");
            ChildProcess.run("chown", "postgres:postgres", dir.toString());
            ChildProcess.runAsPostgres(bin("initdb"), "-D", dir.resolve("data").toString(), "-A", "trust", "-U", "postgres",
                    "--no-sync", "-E", "UTF8");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> ChildProcess.run("rm", "-rf", dir.toString())));
            template = dir.resolve("data");
        }
        return template;
    }

    /**
     * A streaming standby of this running cluster, as a read replica is made: {@code pg_basebackup -R} (its
     * connection to this one and {@code standby.signal}) into a temporary folder, a free port of its own;
     * {@code settings} are appended to its postgresql.conf. Not started.
     */
    public PrivatePostgres standby(String... settings) {
        try {
            Path dir = Files.createTempDirectory("superadmin-pg-standby-");
            ChildProcess.run("chown", "postgres:postgres", dir.toString());
            PrivatePostgres standby = new PrivatePostgres(dir, ChildProcess.freePort());
            ChildProcess.runAsPostgres(bin("pg_basebackup"), "-h", "127.0.0.1", "-p", Integer.toString(port),
                    "-U", "postgres", "-D", standby.data().toString(), "-R", "-X", "stream", "--checkpoint=fast", "--no-sync");
            standby.configure(List.of(), settings);
            return standby;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Appends this cluster's port and socket folder, then the given settings, to its postgresql.conf. */
    private void configure(List<String> defaults, String... settings) throws IOException {
        List<String> conf = new ArrayList<>(List.of("port = " + port, "unix_socket_directories = '" + dir + "'"));
        conf.addAll(defaults);
        conf.addAll(List.of(settings));
        Files.write(data().resolve("postgresql.conf"), conf, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
    }

    /**
     * Makes {@code role} log in over TCP with its password (scram-sha-256), ahead of the trust rule that lets every
     * other role in. Takes effect at {@link #start()}.
     */
    public PrivatePostgres requirePassword(String role) {
        try {
            Path hba = data().resolve("pg_hba.conf");
            Files.writeString(hba, "host all " + role + " 127.0.0.1/32 scram-sha-256\n" + Files.readString(hba));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    public Path dir() {
        return dir;
    }

    public Path data() {
        return dir.resolve("data");
    }

    public String reactiveUrl(String database) {
        return "postgresql://127.0.0.1:" + port + "/" + database;
    }

    public PrivatePostgres start() {
        ChildProcess.runAsPostgres(bin("pg_ctl"), "-D", data().toString(), "-l", dir.resolve("server.log").toString(),
                "-w", "-t", "60", "start");
        return this;
    }

    /** Stops at once, ending every session (as a crash or a failover would look to a client). */
    public PrivatePostgres stop() {
        ChildProcess.runAsPostgres(bin("pg_ctl"), "-D", data().toString(), "-m", "immediate", "-w", "stop");
        return this;
    }

    /** Creates the database with the reference schema and the monitoring role, as the shared test resource does. */
    public void createMonitoredDatabase(String name) {
        psql("postgres", "-c", "CREATE DATABASE " + name);
        for (String script : List.of("schema.sql", "monitor-role.sql")) {
            psql(name, "-f", Path.of("deploy", "sql", script).toAbsolutePath().toString());
        }
    }

    public void psql(String database, String... arguments) {
        List<String> command = new ArrayList<>(List.of("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1",
                "-h", "127.0.0.1", "-p", Integer.toString(port), "-U", "postgres", "-d", database));
        command.addAll(List.of(arguments));
        ChildProcess.run(command.toArray(String[]::new));
    }

    @Override
    public void close() {
        if (Files.exists(data().resolve("postmaster.pid"))) {
            stop();
        }
        ChildProcess.run("rm", "-rf", dir.toString());
    }

    private static String bin(String program) {
        try (var versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            Path newest = versions.max(java.util.Comparator.comparing(path -> Integer.parseInt(path.getFileName().toString())))
                    .orElseThrow(() -> new IllegalStateException("no PostgreSQL under /usr/lib/postgresql"));
            return newest.resolve("bin").resolve(program).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
