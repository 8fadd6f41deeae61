package dev.weft.io.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.DeadlineExceededException;
import dev.weft.Weft;
import dev.weft.io.TestCa;
import dev.weft.test.http.JsonPlaceholderServer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * TLS against real TLS servers whose certificates a CA made by the test signed: the session's
 * {@code sslContext} trusts the private CA and presents a client certificate; an untrusted
 * certificate and a host name mismatch fail with a clear {@link HttpConnectException} of reason
 * {@code TLS} and are never retried; both engines follow the same rules.
 */
@Timeout(120)
@org.junit.jupiter.api.extension.ExtendWith(dev.weft.io.net.SocketLeakCheck.class)
class HttpPrivateCaTest {
    private static TestCa ca;
    private static JsonPlaceholderServer good;
    private static JsonPlaceholderServer wrongName;
    private static JsonPlaceholderServer mutual;
    private static SSLContext trustCa;
    private static SSLContext clientCert;

    @BeforeAll
    static void start() throws Exception {
        ca = TestCa.create("Weft Test CA");
        good = JsonPlaceholderServer.startHttps(ca.serverContext("127.0.0.1", "localhost"));
        wrongName = JsonPlaceholderServer.startHttps(ca.serverContext("other.example"));
        mutual =
                JsonPlaceholderServer.startHttpsWithClientAuth(
                        ca.serverContextTrustingClients("127.0.0.1"));
        trustCa = ca.trustingContext();
        clientCert = ca.clientContext("client");
    }

    @AfterAll
    static void stop() {
        good.close();
        wrongName.close();
        mutual.close();
    }

    private final List<HttpCallEvent> events = new CopyOnWriteArrayList<>();

    private HttpSession.Builder session(JsonPlaceholderServer server) {
        return HttpSession.builder().baseUri(server.baseUri()).listener(events::add);
    }

    @Test
    void privateCaIsTrustedThroughTheSessionContext() {
        try (HttpSession http = session(good).sslContext(trustCa).build()) {
            assertTrue(http.get("/posts/1").text().contains("\"userId\": 1"));
        }
    }

    @Test
    void aTimeoutOnAPlatformThreadWakesAStalledTlsRead() throws Exception {
        // TLS is layered on the engine's socket channel, so the JUnit thread's own timeout wakes
        // it.
        // A server of its own: a stalled response holds the server's side until the server closes.
        try (JsonPlaceholderServer stalling =
                        JsonPlaceholderServer.startHttps(ca.serverContext("127.0.0.1"));
                HttpSession http = session(stalling).sslContext(trustCa).build()) {
            long start = System.nanoTime();
            assertThrows(
                    DeadlineExceededException.class,
                    () ->
                            Weft.withTimeout(
                                    Duration.ofMillis(200),
                                    () -> http.get("/posts?stallAfterBytes=100").bytes()));
            assertTrue(
                    Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(10))
                            < 0,
                    "woken by the timeout, not by the 30 s body idle timeout");
            assertEquals(0, http.engine().transport().leasedConnections());
            assertEquals(
                    0,
                    http.engine().transport().idleConnections(),
                    "the half-read connection was closed");
        }
    }

    @Test
    void untrustedCertificateFailsClearlyAndIsNotRetried() {
        long before = good.requestCount();
        try (HttpSession http = session(good).build()) {
            HttpConnectException e =
                    assertThrows(HttpConnectException.class, () -> http.get("/posts/1").text());
            assertEquals(HttpConnectException.Reason.TLS, e.reason());
            assertEquals(1, e.attempts());
            assertTrue(e.getMessage().contains("not trusted"), e.getMessage());
            assertEquals(0, events.get(0).retries(), "a bad certificate is never retried");
            assertEquals(before, good.requestCount(), "nothing was sent");
        }
    }

    @Test
    void hostNameMismatchFailsClearlyAndIsNotRetried() {
        try (HttpSession http = session(wrongName).sslContext(trustCa).build()) {
            HttpConnectException e =
                    assertThrows(HttpConnectException.class, () -> http.get("/posts/1").text());
            assertEquals(HttpConnectException.Reason.TLS, e.reason());
            assertTrue(e.getMessage().contains("does not match host '127.0.0.1'"), e.getMessage());
            assertEquals(1, e.attempts());
            assertEquals(0, wrongName.requestCount(), "nothing was sent to the impostor");
        }
    }

    @Test
    void sslParametersCannotSwitchHostNameVerificationOff() {
        SSLParameters parameters = new SSLParameters();
        parameters.setEndpointIdentificationAlgorithm(null);
        parameters.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
        try (HttpSession http =
                session(wrongName).sslContext(trustCa).sslParameters(parameters).build()) {
            HttpConnectException e =
                    assertThrows(HttpConnectException.class, () -> http.get("/posts/1").text());
            assertEquals(HttpConnectException.Reason.TLS, e.reason());
        }
        try (HttpSession http =
                session(good).sslContext(trustCa).sslParameters(parameters).build()) {
            assertEquals(
                    200,
                    http.get("/posts/1").discard().status(),
                    "the parameters themselves apply");
        }
    }

    @Test
    void clientCertificateOpensMutualTls() {
        try (HttpSession http = session(mutual).sslContext(clientCert).build()) {
            assertTrue(http.get("/posts/1").text().contains("\"id\": 1"));
        }
    }

    @Test
    void missingClientCertificateFailsAsTls() {
        try (HttpSession http = session(mutual).sslContext(trustCa).build()) {
            HttpException e = assertThrows(HttpException.class, () -> http.get("/posts/1").text());
            assertTrue(
                    e instanceof HttpConnectException c
                                    && c.reason() == HttpConnectException.Reason.TLS
                            || e instanceof HttpTransportException,
                    e.toString());
            assertEquals(0, events.get(0).retries());
        }
    }

    @Test
    void http2EngineFollowsTheSameRules() {
        try (HttpSession http = session(good).http2().sslContext(trustCa).build()) {
            assertTrue(http.get("/posts/1").text().contains("\"userId\": 1"));
        }
        try (HttpSession http = session(wrongName).http2().sslContext(trustCa).build()) {
            HttpConnectException e =
                    assertThrows(HttpConnectException.class, () -> http.get("/posts/1").text());
            assertEquals(HttpConnectException.Reason.TLS, e.reason());
            assertTrue(e.getMessage().contains("does not match host"), e.getMessage());
        }
        try (HttpSession http = session(good).http2().build()) {
            HttpConnectException e =
                    assertThrows(HttpConnectException.class, () -> http.get("/posts/1").text());
            assertTrue(e.getMessage().contains("not trusted"), e.getMessage());
        }
    }
}
