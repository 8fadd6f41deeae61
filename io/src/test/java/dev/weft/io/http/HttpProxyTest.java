package dev.weft.io.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.io.TestCa;
import dev.weft.test.http.JsonPlaceholderServer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import javax.net.ssl.SSLContext;

/**
 * The session through a real HTTP proxy ({@link TestProxy}, running in the test): plain http in
 * absolute form, https through a {@code CONNECT} tunnel, Basic proxy authentication answered from
 * the builder's credentials, and a clear failure when the proxy refuses.
 */
@Timeout(120)
@org.junit.jupiter.api.extension.ExtendWith(dev.weft.io.net.SocketLeakCheck.class)
class HttpProxyTest {
    private static JsonPlaceholderServer plain;
    private static JsonPlaceholderServer tls;
    private static SSLContext trustCa;

    @BeforeAll
    static void start() throws Exception {
        TestCa ca = TestCa.create("Weft Test CA");
        tls = JsonPlaceholderServer.startHttps(ca.serverContext("127.0.0.1"));
        trustCa = ca.trustingContext();
        plain = JsonPlaceholderServer.start();
    }

    @AfterAll
    static void stop() {
        plain.close();
        tls.close();
    }

    @Test
    void plainHttpGoesToTheProxyInAbsoluteForm() throws Exception {
        try (TestProxy proxy = TestProxy.open();
                HttpSession http = HttpSession.builder().proxy("127.0.0.1", proxy.port()).build()) {
            assertTrue(http.get(plain.uri("/posts/1").toString()).text().contains("\"id\": 1"));
            assertEquals(List.of("GET " + plain.uri("/posts/1") + " HTTP/1.1"), proxy.seen);
        }
    }

    @Test
    void httpsGoesThroughAConnectTunnel() throws Exception {
        try (TestProxy proxy = TestProxy.open();
                HttpSession http =
                        HttpSession.builder()
                                .proxy("127.0.0.1", proxy.port())
                                .sslContext(trustCa)
                                .build()) {
            assertTrue(http.get(tls.uri("/posts/1").toString()).text().contains("\"id\": 1"));
            String authority = tls.baseUri().getHost() + ":" + tls.baseUri().getPort();
            assertEquals(List.of("CONNECT " + authority + " HTTP/1.1"), proxy.seen);
        }
    }

    @Test
    void proxyAuthenticationAnswersTheChallengeForTunnelsAndPlainRequests() throws Exception {
        try (TestProxy proxy = TestProxy.withBasicAuth("alice", "s3cret");
                HttpSession http =
                        HttpSession.builder()
                                .proxy("127.0.0.1", proxy.port())
                                .proxyAuthentication("alice", "s3cret".toCharArray())
                                .sslContext(trustCa)
                                .build()) {
            assertTrue(http.get(tls.uri("/posts/1").toString()).text().contains("\"id\": 1"));
            assertTrue(http.get(plain.uri("/posts/2").toString()).text().contains("\"id\": 2"));
            assertTrue(
                    proxy.seen.stream()
                            .anyMatch(l -> l.startsWith("CONNECT") && l.endsWith("[auth ok]")),
                    proxy.seen.toString());
            assertTrue(
                    proxy.seen.stream()
                            .anyMatch(l -> l.startsWith("GET") && l.endsWith("[auth ok]")),
                    proxy.seen.toString());
            assertTrue(
                    plain.recordedRequests().stream()
                            .noneMatch(
                                    r ->
                                            r.headers().keySet().stream()
                                                    .anyMatch(
                                                            h ->
                                                                    h.equalsIgnoreCase(
                                                                            "Proxy-Authorization"))),
                    "credentials never reach the server");
        }
    }

    @Test
    void refusedTunnelIsAConnectFailure() throws Exception {
        long before = tls.requestCount();
        try (TestProxy proxy = TestProxy.withBasicAuth("alice", "s3cret");
                HttpSession http =
                        HttpSession.builder()
                                .proxy("127.0.0.1", proxy.port())
                                .sslContext(trustCa)
                                .retry(HttpRetry.none())
                                .build()) {
            HttpConnectException e =
                    assertThrows(
                            HttpConnectException.class,
                            () -> http.get(tls.uri("/posts/1").toString()).text());
            assertTrue(e.getMessage().contains("407"), e.getMessage());
            assertEquals(before, tls.requestCount(), "nothing reached the server");
        }
    }

    @Test
    void unreachableProxyIsRefused() {
        try (HttpSession http =
                HttpSession.builder().proxy("127.0.0.1", 1).retry(HttpRetry.none()).build()) {
            HttpConnectException e =
                    assertThrows(
                            HttpConnectException.class,
                            () -> http.get(plain.uri("/posts/1").toString()).text());
            assertEquals(HttpConnectException.Reason.REFUSED, e.reason());
        }
    }
}
