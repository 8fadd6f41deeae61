package dev.weft.io.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.test.http.JsonPlaceholderServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Concurrency limits seen from the server, and the response size cap. */
@Timeout(30)
@org.junit.jupiter.api.extension.ExtendWith(dev.weft.io.net.SocketLeakCheck.class)
class HttpLimitsTest {
    private JsonPlaceholderServer server;

    @BeforeEach
    void start() {
        server = JsonPlaceholderServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private int runConcurrently(HttpSession http, int calls, String path) throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        List<Future<String>> results = new ArrayList<>();
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < calls; i++) {
                results.add(
                        callers.submit(
                                () -> {
                                    gate.await();
                                    return http.get(path).text();
                                }));
            }
            gate.countDown();
            for (Future<String> f : results) {
                assertTrue(f.get().contains("\"id\": 1"));
            }
        }
        return server.maxInFlight();
    }

    @Test
    void perHostLimitIsNeverExceeded() throws Exception {
        try (HttpSession http =
                HttpSession.builder()
                        .baseUri(server.baseUri())
                        .limits(HttpLimits.defaults().withMaxConcurrent(50).withMaxPerHost(3))
                        .build()) {
            int max = runConcurrently(http, 9, "/posts/1?delayMs=300");
            assertTrue(max <= 3, "server saw " + max + " concurrent requests, limit 3");
            assertTrue(max >= 2, "the test must actually overlap calls, saw " + max);
            assertEquals(50, http.engine().permits().availableGlobal());
            assertEquals(3, http.engine().permits().availableForHost(server.baseUri()));
        }
    }

    @Test
    void totalLimitIsNeverExceeded() throws Exception {
        try (HttpSession http =
                HttpSession.builder()
                        .baseUri(server.baseUri())
                        .limits(HttpLimits.defaults().withMaxConcurrent(2).withMaxPerHost(20))
                        .build()) {
            int max = runConcurrently(http, 8, "/posts/1?delayMs=200");
            assertTrue(max <= 2, "server saw " + max + " concurrent requests, limit 2");
            assertEquals(2, http.engine().permits().availableGlobal());
        }
    }

    @Test
    void declaredBodyOverTheCapFailsBeforeReading() {
        try (HttpSession http =
                HttpSession.builder()
                        .baseUri(server.baseUri())
                        .limits(HttpLimits.defaults().withMaxResponseBytes(1_000_000))
                        .build()) {
            HttpBodyTooLargeException e =
                    assertThrows(
                            HttpBodyTooLargeException.class,
                            () -> http.get("/faults/huge").query("bytes", 50_000_000).bytes());
            assertEquals(1_000_000, e.limit());
            assertEquals(
                    HttpLimits.defaults().maxConcurrent(),
                    http.engine().permits().availableGlobal());
        }
    }

    @Test
    void streamedBodyOverTheCapIsCutOff() {
        try (HttpSession http =
                HttpSession.builder()
                        .baseUri(server.baseUri())
                        .limits(HttpLimits.defaults().withMaxResponseBytes(100_000))
                        .build()) {
            assertThrows(
                    HttpBodyTooLargeException.class,
                    () ->
                            http.get("/faults/huge")
                                    .query("bytes", 50_000_000)
                                    .query("chunked", true)
                                    .text());
            assertThrows(
                    HttpBodyTooLargeException.class,
                    () -> {
                        try (HttpStreamingResponse r =
                                http.get("/faults/huge?chunked=true&bytes=5000000").stream()) {
                            r.body().readAllBytes();
                        }
                    });
            assertEquals(
                    HttpLimits.defaults().maxConcurrent(),
                    http.engine().permits().availableGlobal());
        }
    }

    @Test
    void headIsNotCappedByItsAnnouncedLength() {
        try (HttpSession http =
                HttpSession.builder()
                        .baseUri(server.baseUri())
                        .limits(HttpLimits.defaults().withMaxResponseBytes(1000))
                        .build()) {
            HttpResponseHead head = http.head("/faults/huge?bytes=50000000").discard();
            assertEquals(200, head.status());
            assertEquals(
                    50_000_000L, head.headers().firstValueAsLong("content-length").orElseThrow());
        }
    }

    @Test
    void streamFailureIsReportedToListenersOnClose() {
        List<HttpCallEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (HttpSession http =
                HttpSession.builder()
                        .baseUri(server.baseUri())
                        .listener(events::add)
                        .limits(HttpLimits.defaults().withMaxResponseBytes(100_000))
                        .build()) {
            assertThrows(
                    HttpBodyTooLargeException.class,
                    () -> {
                        try (HttpStreamingResponse r =
                                http.get("/faults/huge?chunked=true&bytes=5000000").stream()) {
                            r.body().readAllBytes();
                        }
                    });
            assertEquals(1, events.size());
            assertTrue(events.get(0).failure() instanceof HttpBodyTooLargeException);
        }
    }

    @Test
    void capCanBeRaisedPerCall() {
        try (HttpSession http =
                HttpSession.builder()
                        .baseUri(server.baseUri())
                        .limits(HttpLimits.defaults().withMaxResponseBytes(1000))
                        .build()) {
            assertEquals(
                    200_000,
                    http.get("/faults/huge?bytes=200000").maxResponseBytes(200_000).bytes().length);
            assertThrows(
                    HttpBodyTooLargeException.class,
                    () -> http.get("/faults/huge?bytes=200001").maxResponseBytes(200_000).bytes());
        }
    }

    @Test
    void defaultCapIsOnAndBodiesUnderItPass() {
        assertEquals(32L * 1024 * 1024, HttpLimits.defaults().maxResponseBytes());
        try (HttpSession http = HttpSession.builder().baseUri(server.baseUri()).build()) {
            assertThrows(
                    HttpBodyTooLargeException.class,
                    () -> http.get("/faults/huge").query("bytes", 33L * 1024 * 1024).discard());
            assertNull(
                    assertThrows(
                                    HttpBodyTooLargeException.class,
                                    () ->
                                            http.get("/faults/huge")
                                                    .query("bytes", 40L * 1024 * 1024)
                                                    .text())
                            .getCause());
        }
    }
}
