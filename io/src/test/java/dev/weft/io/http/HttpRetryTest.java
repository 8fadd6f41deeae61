package dev.weft.io.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.test.VirtualClock;
import dev.weft.test.VirtualTime;
import dev.weft.test.http.JsonPlaceholderServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Which failures are retried, how long the session waits, and the session-wide budget. */
@Timeout(30)
@org.junit.jupiter.api.extension.ExtendWith(dev.weft.io.net.SocketLeakCheck.class)
class HttpRetryTest {
    private static final HttpRetry FAST =
            HttpRetry.defaults().withBackoff(Duration.ofMillis(5), Duration.ofMillis(20));

    private JsonPlaceholderServer server;
    private final List<HttpCallEvent> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        server = JsonPlaceholderServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpSession session(HttpRetry retry) {
        return HttpSession.builder()
                .baseUri(server.baseUri())
                .retry(retry)
                .listener(events::add)
                .build();
    }

    private long requestsTo(String path) {
        return server.recordedRequests().stream().filter(r -> r.path().equals(path)).count();
    }

    private HttpCallEvent lastEvent() {
        return events.get(events.size() - 1);
    }

    @ParameterizedTest
    @ValueSource(ints = {429, 502, 503, 504})
    void retryableStatusIsRetriedThenSucceeds(int status) {
        try (HttpSession http = session(FAST)) {
            String text =
                    http.get("/faults/flaky")
                            .query("key", "s" + status)
                            .query("failures", 2)
                            .query("status", status)
                            .text();
            assertTrue(text.contains("\"attempt\": 3"), text);
            assertEquals(2, lastEvent().retries());
            assertEquals(200, lastEvent().status());
        }
    }

    @Test
    void otherErrorStatusesAreNotRetried() {
        try (HttpSession http = session(FAST)) {
            assertEquals(
                    500,
                    assertThrows(
                                    HttpStatusException.class,
                                    () -> http.get("/faults/status/500").text())
                            .status());
            assertEquals(1, requestsTo("/faults/status/500"));
        }
    }

    @Test
    void attemptsAreCappedAndTheLastStatusIsThrown() {
        try (HttpSession http = session(FAST.withMaxAttempts(3))) {
            HttpStatusException e =
                    assertThrows(
                            HttpStatusException.class, () -> http.get("/faults/status/503").text());
            assertEquals(503, e.status());
            assertEquals(3, requestsTo("/faults/status/503"));
            assertEquals(2, lastEvent().retries());
        }
    }

    @Test
    void postIsNotRetriedOnStatusUnlessMarkedIdempotent() {
        try (HttpSession http = session(FAST)) {
            assertThrows(
                    HttpStatusException.class,
                    () -> http.post("/faults/flaky?key=post&failures=1").body("x").text());
            assertEquals(1, requestsTo("/faults/flaky"));
            String text =
                    http.post("/faults/flaky?key=post2&failures=1").idempotent().body("x").text();
            assertTrue(text.contains("\"attempt\": 2"), text);
            assertEquals(1, lastEvent().retries());
        }
    }

    @Test
    void policyCanRetryNonIdempotentMethods() {
        try (HttpSession http = session(FAST.withRetryNonIdempotent(true))) {
            String text = http.post("/faults/flaky?key=p&failures=1").body("x").text();
            assertTrue(text.contains("\"attempt\": 2"), text);
        }
    }

    @Test
    @VirtualTime
    void retryAfterIsHonoured(VirtualClock clock) {
        try (HttpSession http = session(FAST)) {
            String text =
                    http.get("/faults/flaky?key=ra&failures=1&status=429&retryAfter=1").text();
            assertTrue(text.contains("\"attempt\": 2"), text);
        }
        assertEquals(
                Duration.ofSeconds(1),
                clock.elapsed()); // the server's second, not the 5-20 ms backoff
    }

    @Test
    @VirtualTime
    void aThirtySecondRetryAfterTakesThirtyVirtualSecondsAndNoRealOnes(VirtualClock clock) {
        long realStart = System.nanoTime();
        try (HttpSession http = session(HttpRetry.defaults())) {
            String text =
                    http.get("/faults/flaky?key=ra30&failures=1&status=503&retryAfter=30").text();
            assertTrue(text.contains("\"attempt\": 2"), text);
        }
        Duration real = Duration.ofNanos(System.nanoTime() - realStart);
        // The exchanges are real I/O, during which virtual time stands still; the pause is a Weft
        // sleep, skipped at once: the whole call reads exactly 30 s, on the clock and in its event.
        assertEquals(Duration.ofSeconds(30), clock.elapsed());
        assertEquals(Duration.ofSeconds(30), lastEvent().duration());
        assertEquals(1, lastEvent().retries());
        assertEquals(2, requestsTo("/faults/flaky"));
        assertTrue(
                real.compareTo(Duration.ofSeconds(15)) < 0,
                "took " + real + " of real time"); // a guard, not a speed claim
    }

    @Test
    @VirtualTime
    void theTotalTimeoutCountsVirtualTimeSoARetryAfterPastItIsNotWaitedFor(VirtualClock clock) {
        try (HttpSession http =
                HttpSession.builder()
                        .baseUri(server.baseUri())
                        .retry(HttpRetry.defaults())
                        .listener(events::add)
                        .timeouts(HttpTimeouts.defaults().withTotal(Duration.ofSeconds(45)))
                        .build()) {
            // Two pauses of 30 s would end past the 45 s total: the second is not taken.
            HttpStatusException e =
                    assertThrows(
                            HttpStatusException.class,
                            () ->
                                    http.get(
                                                    "/faults/flaky?key=ra45&failures=2&status=503&retryAfter=30")
                                            .text());
            assertEquals(503, e.status());
        }
        assertEquals(Duration.ofSeconds(30), clock.elapsed());
        assertEquals(2, requestsTo("/faults/flaky"));
    }

    @Test
    void retryAfterBeyondTheTotalTimeoutEndsRetries() {
        try (HttpSession http =
                HttpSession.builder()
                        .baseUri(server.baseUri())
                        .retry(FAST)
                        .timeouts(HttpTimeouts.defaults().withTotal(Duration.ofSeconds(5)))
                        .build()) {
            long start = System.nanoTime();
            HttpStatusException e =
                    assertThrows(
                            HttpStatusException.class,
                            () -> http.get("/faults/status/503?retryAfter=120").text());
            assertEquals("120", e.headers().firstValue("retry-after").orElseThrow());
            assertTrue(
                    Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(4))
                            < 0);
            assertEquals(1, requestsTo("/faults/status/503"));
        }
    }

    @Test
    void budgetLimitsRetriesAcrossTheSession() {
        try (HttpSession http = session(FAST.withMaxAttempts(5).withBudget(2))) {
            assertThrows(HttpStatusException.class, () -> http.get("/faults/status/503").text());
            assertEquals(3, requestsTo("/faults/status/503"), "two retries spend the whole budget");
            assertThrows(HttpStatusException.class, () -> http.get("/faults/status/503").text());
            assertEquals(4, requestsTo("/faults/status/503"), "no budget left: one attempt only");
            assertEquals(0, lastEvent().retries());
        }
    }

    @Test
    void connectFailureIsRetriedForEveryMethodThenThrown() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        try (HttpSession http =
                HttpSession.builder()
                        .retry(FAST.withMaxAttempts(3))
                        .listener(events::add)
                        .build()) {
            String url = "http://127.0.0.1:" + port + "/posts";
            HttpConnectException e =
                    assertThrows(HttpConnectException.class, () -> http.post(url).body("x").text());
            assertEquals("POST", e.method());
            assertEquals(
                    2, lastEvent().retries(), "the request never left: safe to retry even a POST");
            assertEquals(0, lastEvent().status());
            assertEquals(HttpConnectException.Reason.REFUSED, e.reason());
            assertEquals(3, e.attempts());
            assertTrue(
                    e.getMessage().endsWith("cannot connect: connection refused (3 attempts)"),
                    e.getMessage());
        }
    }

    @Test
    void unknownHostIsNamed() {
        try (HttpSession http = HttpSession.builder().retry(FAST.withMaxAttempts(2)).build()) {
            HttpConnectException e =
                    assertThrows(
                            HttpConnectException.class,
                            () -> http.get("http://no-such-host.invalid/posts").text());
            assertEquals(HttpConnectException.Reason.UNKNOWN_HOST, e.reason());
            assertTrue(
                    e.getMessage().endsWith("cannot connect: unknown host (2 attempts)"),
                    e.getMessage());
        }
    }

    @Test
    void refusedHttp2StreamIsRecognised() {
        assertTrue(
                dev.weft.io.http.internal.JdkTransport.isStreamRefused(
                        new IOException("too many concurrent streams")));
        assertTrue(
                dev.weft.io.http.internal.JdkTransport.isStreamRefused(
                        new IOException(
                                "wrapped", new IOException("Too Many Concurrent Streams"))));
        assertTrue(
                !dev.weft.io.http.internal.JdkTransport.isStreamRefused(
                        new IOException("connection reset")));
    }

    @Test
    void noneDisablesRetries() {
        try (HttpSession http = session(HttpRetry.none())) {
            assertThrows(
                    HttpStatusException.class,
                    () -> http.get("/faults/flaky?key=n&failures=1").text());
            assertEquals(1, requestsTo("/faults/flaky"));
        }
    }
}
