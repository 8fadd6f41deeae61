package dev.weft.io.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

import dev.weft.test.http.JsonPlaceholderServer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * TLS rules end to end, against the placeholder server over HTTPS with a throwaway self-signed
 * certificate made by the JDK's keytool: verification is on by default, the loudly named switch
 * turns it off, and an https-to-http redirect is refused.
 */
@Timeout(60)
@org.junit.jupiter.api.extension.ExtendWith(dev.weft.io.net.SocketLeakCheck.class)
class HttpTlsTest {
    @TempDir static Path keys;

    private static JsonPlaceholderServer https;
    private static JsonPlaceholderServer plain;

    /** The session's warnings, captured (not printed into the build log) and asserted on. */
    private final Logger sessionLog = (Logger) LoggerFactory.getLogger(HttpSession.class);

    private final ListAppender<ILoggingEvent> warnings = new ListAppender<>();

    @BeforeEach
    void captureWarnings() {
        warnings.start();
        sessionLog.addAppender(warnings);
        sessionLog.setAdditive(false);
    }

    @AfterEach
    void releaseWarnings() {
        sessionLog.setAdditive(true);
        sessionLog.detachAppender(warnings);
    }

    /** The WARN lines the session logged during this test. */
    private List<String> warned() {
        return warnings.list.stream()
                .filter(e -> e.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    @BeforeAll
    static void start() throws Exception {
        Path store = keys.resolve("test.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p =
                new ProcessBuilder(
                                keytool.toString(),
                                "-genkeypair",
                                "-alias",
                                "test",
                                "-keyalg",
                                "EC",
                                "-groupname",
                                "secp256r1",
                                "-dname",
                                "CN=127.0.0.1",
                                "-ext",
                                "SAN=ip:127.0.0.1",
                                "-validity",
                                "2",
                                "-storetype",
                                "PKCS12",
                                "-keystore",
                                store.toString(),
                                "-storepass",
                                "changeit",
                                "-keypass",
                                "changeit")
                        .redirectErrorStream(true)
                        .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "keytool finished");
        assertEquals(0, p.exitValue(), output);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf =
                KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        https = JsonPlaceholderServer.startHttps(context);
        plain = JsonPlaceholderServer.start();
    }

    @AfterAll
    static void stop() {
        https.close();
        plain.close();
    }

    @Test
    void selfSignedCertificateIsRejectedByDefault() {
        try (HttpSession http =
                HttpSession.builder().baseUri(https.baseUri()).retry(HttpRetry.none()).build()) {
            HttpConnectException e =
                    assertThrows(HttpConnectException.class, () -> http.get("/posts/1").text());
            assertInstanceOf(javax.net.ssl.SSLHandshakeException.class, rootSsl(e));
        }
        assertEquals(List.of(), warned(), "a verifying session warns of nothing");
    }

    @Test
    void insecureSwitchAcceptsIt() {
        try (HttpSession http =
                HttpSession.builder()
                        .baseUri(https.baseUri())
                        .insecureTrustAllCertificatesForTestsOnly()
                        .build()) {
            assertTrue(http.get("/posts/1").text().contains("\"userId\": 1"));
        }
        assertEquals(1, warned().size(), warned()::toString);
        assertTrue(warned().get(0).contains("TLS verification OFF"), warned()::toString);
    }

    @Test
    void httpsToHttpRedirectIsRefused() {
        try (HttpSession http =
                HttpSession.builder()
                        .baseUri(https.baseUri())
                        .insecureTrustAllCertificatesForTestsOnly()
                        .build()) {
            String location =
                    URLEncoder.encode(plain.uri("/faults/echo").toString(), StandardCharsets.UTF_8);
            HttpRedirectException e =
                    assertThrows(
                            HttpRedirectException.class,
                            () ->
                                    http.get("/faults/redirect-to?location=" + location)
                                            .header("Authorization", "x")
                                            .text());
            assertTrue(e.getMessage().contains("https->http downgrade"), e.getMessage());
            assertEquals(0, plain.requestCount(), "nothing was sent in clear text");
        }
        assertEquals(1, warned().size(), warned()::toString);
    }

    private static Throwable rootSsl(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof javax.net.ssl.SSLHandshakeException) {
                return t;
            }
        }
        return e;
    }
}
