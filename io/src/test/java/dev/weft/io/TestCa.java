package dev.weft.io;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throwaway certificate authority made in-process for the TLS tests of every io package (TCP and
 * HTTP): an EC P-256 CA, server certificates it signs for given DNS names and IP addresses, and
 * client certificates for mutual TLS. {@link #trustingContext()} trusts only this CA, so a
 * certificate of another {@code TestCa} is untrusted.
 */
public final class TestCa {
    private static final char[] PASSWORD = "test".toCharArray();
    private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime());

    private final KeyPair key;
    private final X509Certificate certificate;

    private TestCa(KeyPair key, X509Certificate certificate) {
        this.key = key;
        this.certificate = certificate;
    }

    /** A new CA named {@code CN=name}. */
    public static TestCa create(String name) throws Exception {
        KeyPair key = keyPair();
        X500Name subject = new X500Name("CN=" + name);
        X509v3CertificateBuilder b = builder(subject, subject, key);
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        b.addExtension(
                Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        return new TestCa(key, sign(b, key.getPrivate()));
    }

    /**
     * A server context holding a certificate for the given DNS names and IP literals, signed by
     * this CA.
     */
    public SSLContext serverContext(String... names) throws Exception {
        return context(leafStore(names, KeyPurposeId.id_kp_serverAuth), false);
    }

    /**
     * Like {@link #serverContext}, also trusting this CA, so that a server that demands client
     * certificates accepts the ones this CA signed.
     */
    public SSLContext serverContextTrustingClients(String... names) throws Exception {
        return context(leafStore(names, KeyPurposeId.id_kp_serverAuth), true);
    }

    /**
     * A client context presenting a certificate {@code CN=name} signed by this CA, and trusting
     * this CA only.
     */
    public SSLContext clientContext(String name) throws Exception {
        return context(leafStore(new String[] {name}, KeyPurposeId.id_kp_clientAuth), true);
    }

    /** Writes this CA's certificate as PEM, as a company would hand it out. */
    public Path writeCaPem(Path file) throws Exception {
        String pem =
                "-----BEGIN CERTIFICATE-----\n"
                        + java.util.Base64.getMimeEncoder(
                                        64,
                                        "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                                .encodeToString(certificate.getEncoded())
                        + "\n-----END CERTIFICATE-----\n";
        return java.nio.file.Files.writeString(file, pem);
    }

    /**
     * Writes a PKCS#12 key store holding a client key and certificate {@code CN=name} signed by
     * this CA.
     */
    public Path writeClientKeyStore(Path file, String name, char[] password) throws Exception {
        KeyStore ks = leafStore(new String[] {name}, KeyPurposeId.id_kp_clientAuth);
        KeyStore out = KeyStore.getInstance("PKCS12");
        out.load(null, null);
        out.setKeyEntry(
                name, ks.getKey("leaf", PASSWORD), password, ks.getCertificateChain("leaf"));
        try (java.io.OutputStream os = java.nio.file.Files.newOutputStream(file)) {
            out.store(os, password);
        }
        return file;
    }

    private SSLContext context(KeyStore keys, boolean trustThisCa) throws Exception {
        KeyManagerFactory kmf =
                KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), trustThisCa ? trustManagers() : null, null);
        return context;
    }

    private javax.net.ssl.TrustManager[] trustManagers()
            throws GeneralSecurityException, java.io.IOException {
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        ts.setCertificateEntry("ca", certificate);
        TrustManagerFactory tmf =
                TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ts);
        return tmf.getTrustManagers();
    }

    private KeyStore leafStore(String[] names, KeyPurposeId purpose) throws Exception {
        KeyPair leafKey = keyPair();
        X509v3CertificateBuilder b =
                builder(
                        new X500Name("CN=" + names[0]),
                        X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()),
                        leafKey);
        List<GeneralName> san = new ArrayList<>();
        for (String n : purpose == KeyPurposeId.id_kp_clientAuth ? new String[0] : names) {
            boolean ip = Character.isDigit(n.charAt(0)) || n.contains(":");
            san.add(
                    ip
                            ? new GeneralName(
                                    GeneralName.iPAddress,
                                    InetAddress.getByName(n).getHostAddress())
                            : new GeneralName(GeneralName.dNSName, n));
        }
        if (!san.isEmpty()) {
            b.addExtension(
                    Extension.subjectAlternativeName,
                    false,
                    new GeneralNames(san.toArray(GeneralName[]::new)));
        }
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
        X509Certificate leaf = sign(b, key.getPrivate());
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry(
                "leaf", leafKey.getPrivate(), PASSWORD, new X509Certificate[] {leaf, certificate});
        return ks;
    }

    /** A client context that trusts this CA and nothing else. */
    public SSLContext trustingContext() throws GeneralSecurityException, java.io.IOException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trustManagers(), null);
        return context;
    }

    private static KeyPair keyPair() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static X509v3CertificateBuilder builder(
            X500Name subject, X500Name issuer, KeyPair key) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(
                issuer,
                BigInteger.valueOf(SERIAL.incrementAndGet()),
                Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(2))),
                subject,
                key.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey signer)
            throws Exception {
        return new JcaX509CertificateConverter()
                .getCertificate(
                        b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
    }
}
