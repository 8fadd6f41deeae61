package dev.weft.io.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weft.test.http.JsonPlaceholderServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Each phase's timeout fires on its own and is named in the exception. */
@Timeout(30)
@org.junit.jupiter.api.extension.ExtendWith(dev.weft.io.net.SocketLeakCheck.class)
class HttpTimeoutsTest {
    private static final Duration SHORT = Duration.ofMillis(300);
    private static final Duration LONG = Duration.ofSeconds(20);

    private JsonPlaceholderServer server;

    @BeforeEach
    void start() {
        server = JsonPlaceholderServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpSession session(HttpTimeouts timeouts, HttpLimits limits) {
        return HttpSession.builder()
                .baseUri(server.baseUri())
                .timeouts(timeouts)
                .limits(limits)
                .retry(HttpRetry.none())
                .build();
    }

    private static HttpTimeouts allLong() {
        return new HttpTimeouts(LONG, LONG, LONG, LONG, LONG.multipliedBy(2));
    }

    @Test
    void headersTimeout() {
        try (HttpSession http = session(allLong().withHeaders(SHORT), HttpLimits.defaults())) {
            long start = System.nanoTime();
            HttpCallTimeoutException e =
                    assertThrows(
                            HttpCallTimeoutException.class,
                            () -> http.get("/posts/1?delayMs=20000").text());
            assertEquals(HttpPhase.HEADERS, e.phase());
            assertEquals(SHORT, e.limit());
            assertTrue(
                    Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(10))
                            < 0);
            assertEquals(
                    HttpLimits.defaults().maxConcurrent(),
                    http.engine().permits().availableGlobal());
        }
    }

    @Test
    void bodyIdleTimeout() {
        try (HttpSession http = session(allLong().withBodyIdle(SHORT), HttpLimits.defaults())) {
            HttpCallTimeoutException e =
                    assertThrows(
                            HttpCallTimeoutException.class,
                            () -> http.get("/posts/1?stallAfterBytes=10").text());
            assertEquals(HttpPhase.BODY_IDLE, e.phase());
            assertEquals(
                    HttpLimits.defaults().maxConcurrent(),
                    http.engine().permits().availableGlobal());
        }
    }

    @Test
    void slowButSteadyBodyPassesTheIdleTimeout() {
        try (HttpSession http =
                session(allLong().withBodyIdle(Duration.ofSeconds(5)), HttpLimits.defaults())) {
            String text = http.get("/posts/1?chunkDelayMs=50&chunks=5").text();
            assertTrue(text.contains("\"userId\": 1"), text);
        }
    }

    @Test
    void totalTimeoutCoversASteadyButEndlessBody() {
        try (HttpSession http =
                session(allLong().withTotal(Duration.ofMillis(700)), HttpLimits.defaults())) {
            HttpCallTimeoutException e =
                    assertThrows(
                            HttpCallTimeoutException.class,
                            () -> http.get("/posts?chunkDelayMs=200&chunks=50").text());
            assertEquals(HttpPhase.TOTAL, e.phase());
        }
    }

    @Test
    void totalTimeoutShorterThanTheHeadersTimeoutIsReportedAsTotal() {
        try (HttpSession http = session(allLong().withTotal(SHORT), HttpLimits.defaults())) {
            HttpCallTimeoutException e =
                    assertThrows(
                            HttpCallTimeoutException.class,
                            () -> http.get("/posts/1?delayMs=20000").text());
            assertEquals(HttpPhase.TOTAL, e.phase());
        }
    }

    @Test
    void permitTimeout() throws Exception {
        try (HttpSession http =
                session(allLong().withPermit(SHORT), HttpLimits.defaults().withMaxConcurrent(1))) {
            try (HttpStreamingResponse held = http.get("/faults/huge?bytes=5000000").stream()) {
                HttpCallTimeoutException e =
                        assertThrows(
                                HttpCallTimeoutException.class, () -> http.get("/posts/1").text());
                assertEquals(HttpPhase.PERMIT, e.phase());
                assertEquals(200, held.status());
            }
            assertTrue(
                    http.get("/posts/1").text().contains("\"id\": 1"),
                    "the permit is back after close");
        }
    }

    @Test
    void connectTimeout() throws Exception {
        // A listening socket whose accept queue is full: Linux drops further SYNs, so connect
        // hangs.
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> fillers = new ArrayList<>();
            try {
                InetSocketAddress address =
                        new InetSocketAddress(
                                InetAddress.getLoopbackAddress(), full.getLocalPort());
                boolean hangs = false;
                for (int i = 0; i < 16 && !hangs; i++) {
                    Socket s = new Socket();
                    fillers.add(s);
                    try {
                        s.connect(address, 200);
                    } catch (SocketTimeoutException e) {
                        hangs = true;
                    }
                }
                assumeTrue(hangs, "this OS does not let a full accept queue stall connects");
                List<HttpCallEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
                try (HttpSession http =
                        HttpSession.builder()
                                .timeouts(allLong().withConnect(SHORT))
                                .retry(
                                        HttpRetry.defaults()
                                                .withMaxAttempts(2)
                                                .withBackoff(
                                                        Duration.ofMillis(1), Duration.ofMillis(5)))
                                .listener(events::add)
                                .build()) {
                    HttpCallTimeoutException e =
                            assertThrows(
                                    HttpCallTimeoutException.class,
                                    () ->
                                            http.post(
                                                            "http://"
                                                                    + address.getAddress()
                                                                            .getHostAddress()
                                                                    + ":"
                                                                    + full.getLocalPort()
                                                                    + "/")
                                                    .body("x")
                                                    .text());
                    assertEquals(HttpPhase.CONNECT, e.phase());
                    assertEquals(
                            1,
                            events.get(0).retries(),
                            "a connect timeout is retried, even for POST");
                    assertTrue(
                            e.getMessage().contains("CONNECT timeout of")
                                    && e.getMessage().contains("(2 attempts)"),
                            e.getMessage());
                }
            } finally {
                for (Socket s : fillers) {
                    closeQuietly(s);
                }
            }
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // Test cleanup only.
        }
    }
}
