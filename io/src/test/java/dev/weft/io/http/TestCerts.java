package dev.weft.io.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A private certificate authority made by the test with the JDK's {@code keytool} (no other
 * tool or dependency), and certificates it signs: a server certificate for {@code 127.0.0.1} and
 * {@code localhost}, one for another host name, and a client certificate for mutual TLS.
 */
final class TestCerts {
    private static final String PASS = "changeit";

    private final Path dir;
    final Path ca;

    private TestCerts(Path dir) {
        this.dir = dir;
        this.ca = dir.resolve("ca.pem");
    }

    /** Creates the CA in {@code dir}, with two days of validity. */
    static TestCerts create(Path dir) throws Exception {
        TestCerts c = new TestCerts(dir);
        c.keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                "CN=Weft Test CA", "-ext", "bc:c", "-validity", "2", "-storetype", "PKCS12", "-keystore",
                c.store("ca").toString(), "-storepass", PASS, "-keypass", PASS);
        c.keytool("-exportcert", "-alias", "ca", "-keystore", c.store("ca").toString(), "-storepass", PASS, "-rfc",
                "-file", c.ca.toString());
        return c;
    }

    /** Issues a key and certificate named {@code name}, signed by the CA, with the given SAN. */
    Path issue(String name, String san) throws Exception {
        Path store = store(name);
        keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
                "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", PASS,
                "-keypass", PASS);
        Path csr = dir.resolve(name + ".csr");
        Path pem = dir.resolve(name + ".pem");
        keytool("-certreq", "-alias", name, "-keystore", store.toString(), "-storepass", PASS, "-file",
                csr.toString());
        List<String> gen = new ArrayList<>(List.of("-gencert", "-alias", "ca", "-keystore", store("ca").toString(),
                "-storepass", PASS, "-infile", csr.toString(), "-outfile", pem.toString(), "-rfc", "-validity", "2"));
        if (san != null) {
            gen.addAll(List.of("-ext", "SAN=" + san));
        }
        keytool(gen.toArray(String[]::new));
        keytool("-importcert", "-alias", "ca", "-file", ca.toString(), "-keystore", store.toString(), "-storepass",
                PASS, "-noprompt");
        keytool("-importcert", "-alias", name, "-file", pem.toString(), "-keystore", store.toString(), "-storepass",
                PASS, "-noprompt");
        return store;
    }

    /** A context that presents the key of {@code store} (if not null) and trusts this CA only. */
    SSLContext context(Path store) throws GeneralSecurityException, IOException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(ca)) {
            Certificate caCert = CertificateFactory.getInstance("X.509").generateCertificate(in);
            trust.setCertificateEntry("ca", caCert);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManagerFactory kmf = null;
        if (store != null) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                keys.load(in, PASS.toCharArray());
            }
            keys.deleteEntry("ca");
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, PASS.toCharArray());
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return context;
    }

    private Path store(String name) {
        return dir.resolve(name + ".p12");
    }

    private void keytool(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("keytool " + String.join(" ", args) + " failed: " + output);
        }
    }
}
