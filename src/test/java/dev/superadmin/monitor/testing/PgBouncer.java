package dev.superadmin.monitor.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Debian's pgbouncer in front of a database, in a temporary folder of its own, run as {@code postgres} (it refuses
 * to run as root) on a free port of 127.0.0.1. Trust authentication with an auth file that lists the client users
 * and {@code pgbouncer}, the admin console's user, so that tests can read {@code SHOW STATS}, {@code SHOW POOLS}...
 */
public record PgBouncer(Path dir, int port, long pid) implements AutoCloseable {

    public static final String ADMIN_USER = "pgbouncer";

    /**
     * Starts pgbouncer with the database {@code alias} pointing at {@code database} on 127.0.0.1:{@code serverPort}.
     * {@code settings} are lines appended to the {@code [pgbouncer]} section (pool_mode, pool sizes...); users lists
     * the client users allowed in.
     */
    public static PgBouncer start(String alias, int serverPort, String database, List<String> users, String... settings) {
        try {
            Path dir = Files.createTempDirectory("superadmin-pgbouncer-");
            int port = ChildProcess.freePort();
            List<String> authFile = new ArrayList<>();
            for (String user : users) {
                authFile.add("\"" + user + "\" \"\"");
            }
            authFile.add("\"" + ADMIN_USER + "\" \"\"");
            Files.write(dir.resolve("userlist.txt"), authFile, StandardCharsets.UTF_8);
            List<String> ini = new ArrayList<>(List.of(
                    "[databases]",
                    alias + " = host=127.0.0.1 port=" + serverPort + " dbname=" + database,
                    "",
                    "[pgbouncer]",
                    "listen_addr = 127.0.0.1",
                    "listen_port = " + port,
                    "unix_socket_dir =",
                    "auth_type = trust",
                    "auth_file = " + dir.resolve("userlist.txt"),
                    "admin_users = " + ADMIN_USER,
                    "logfile = " + dir.resolve("pgbouncer.log"),
                    "pidfile = " + dir.resolve("pgbouncer.pid")));
            ini.addAll(List.of(settings));
            Files.write(dir.resolve("pgbouncer.ini"), ini, StandardCharsets.UTF_8);
            ChildProcess.run("chown", "-R", "postgres:postgres", dir.toString());

            ChildProcess.runAsPostgres("/usr/sbin/pgbouncer", "-d", dir.resolve("pgbouncer.ini").toString());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            Path pidFile = dir.resolve("pgbouncer.pid");
            while (System.nanoTime() < deadline) {
                if (Files.exists(pidFile) && listening(port)) {
                    return new PgBouncer(dir, port, Long.parseLong(Files.readString(pidFile).strip()));
                }
                ChildProcess.sleep(100);
            }
            throw new IllegalStateException("pgbouncer not listening on " + port + " within 20 s:\n" + log(dir));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String log() {
        return log(dir);
    }

    /** {@code SHOW <what>} on the admin console of the pgbouncer listening on {@code port}, one map per row. */
    public static List<Map<String, String>> show(int port, String what) {
        String output = ChildProcess.run("psql", "-X", "-h", "127.0.0.1", "-p", Integer.toString(port),
                "-U", ADMIN_USER, "-d", "pgbouncer", "-A", "-F", "\t", "-P", "footer=off", "-c", "SHOW " + what);
        List<Map<String, String>> rows = new ArrayList<>();
        String[] lines = output.strip().split("\n");
        String[] header = lines[0].split("\t", -1);
        for (int i = 1; i < lines.length; i++) {
            String[] values = lines[i].split("\t", -1);
            Map<String, String> row = new LinkedHashMap<>();
            for (int column = 0; column < header.length && column < values.length; column++) {
                row.put(header[column], values[column]);
            }
            rows.add(row);
        }
        return rows;
    }

    public List<Map<String, String>> show(String what) {
        return show(port, what);
    }

    /** Stops pgbouncer (its own pid, from its pid file) and removes its folder. */
    @Override
    public void close() {
        try {
            ChildProcess.run("kill", "-TERM", Long.toString(pid));
        } catch (IllegalStateException alreadyGone) {
            // nothing to stop
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
            ChildProcess.sleep(50);
        }
        ChildProcess.run("rm", "-rf", dir.toString());
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String log(Path dir) {
        try {
            return Files.readString(dir.resolve("pgbouncer.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
