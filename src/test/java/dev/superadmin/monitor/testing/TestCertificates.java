package dev.superadmin.monitor.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Certificates made with openssl at test time, in a folder of their own: a CA, a server certificate it signs, and
 * another CA that signs nothing the server shows (to prove that verification happens). Nothing is kept between
 * runs.
 */
public final class TestCertificates {

    private final Path dir;

    private TestCertificates(Path dir) {
        this.dir = dir;
    }

    /** A new CA ({@code ca.pem}) and an unrelated one ({@code other-ca.pem}) in a new temporary folder. */
    public static TestCertificates create() {
        try {
            TestCertificates certificates = new TestCertificates(Files.createTempDirectory("superadmin-tls-"));
            certificates.ca("ca", "superadmin-monitor test CA");
            certificates.ca("other-ca", "superadmin-monitor unrelated CA");
            return certificates;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A server certificate and key ({@code <name>.crt}, {@code <name>.key}) signed by {@code ca.pem}, for the common
     * name {@code commonName} and the subject alternative names {@code san} (openssl syntax: {@code DNS:localhost},
     * {@code IP:127.0.0.1}).
     */
    public TestCertificates server(String name, String commonName, String... san) {
        try {
            Files.writeString(dir.resolve(name + ".ext"), String.join("\n",
                    "basicConstraints = critical, CA:FALSE",
                    "keyUsage = critical, digitalSignature, keyEncipherment",
                    "extendedKeyUsage = serverAuth",
                    "subjectAltName = " + String.join(", ", san)) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        openssl("req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".csr",
                "-subj", "/CN=" + commonName);
        openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-days", "2", "-sha256", "-extfile", name + ".ext", "-out", name + ".crt");
        return this;
    }

    public Path dir() {
        return dir;
    }

    public Path ca() {
        return dir.resolve("ca.pem");
    }

    public Path otherCa() {
        return dir.resolve("other-ca.pem");
    }

    public Path certificate(String name) {
        return dir.resolve(name + ".crt");
    }

    public Path key(String name) {
        return dir.resolve(name + ".key");
    }

    /** The text openssl prints for a certificate: subject, issuer, alternative names. */
    public String describe(Path certificate) {
        return openssl("x509", "-in", certificate.toString(), "-noout", "-subject", "-issuer", "-ext", "subjectAltName");
    }

    public void delete() {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary folder: nothing to do
        }
    }

    private void ca(String name, String commonName) {
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".pem",
                "-days", "2", "-sha256", "-subj", "/CN=" + commonName,
                "-addext", "basicConstraints = critical, CA:TRUE",
                "-addext", "keyUsage = critical, keyCertSign, cRLSign");
    }

    private String openssl(String... arguments) {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(arguments));
        return ChildProcess.runIn(dir, command.toArray(String[]::new));
    }
}
