package dev.weft.io.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.CancelledException;
import dev.weft.DeadlineExceededException;
import dev.weft.Weft;
import dev.weft.io.http.internal.Permits;
import dev.weft.test.http.JsonPlaceholderServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** Interrupting the calling thread (cancelling its task) aborts the call and frees everything. */
@Timeout(60)
@org.junit.jupiter.api.extension.ExtendWith(dev.weft.io.net.SocketLeakCheck.class)
class HttpCancellationTest {
    private static final Duration PROMPTLY = Duration.ofSeconds(5);

    private JsonPlaceholderServer server;
    private HttpSession http;

    @BeforeEach
    void start() {
        server = JsonPlaceholderServer.start();
        http =
                HttpSession.builder()
                        .baseUri(server.baseUri())
                        .limits(HttpLimits.defaults().withMaxConcurrent(4).withMaxPerHost(2))
                        .build();
    }

    @AfterEach
    void stop() {
        http.close();
        server.close();
    }

    private void assertCancelled(Caller caller) throws InterruptedException {
        CancelledException e = assertReleased(caller);
        // The interrupt reached a blocking wait, or (in a download) the file channel being written.
        assertTrue(
                e.getCause() instanceof InterruptedException
                        || e.getCause() instanceof ClosedByInterruptException,
                String.valueOf(e.getCause()));
    }

    private CancelledException assertReleased(Caller caller) throws InterruptedException {
        Throwable failure = caller.join(PROMPTLY);
        CancelledException e = assertInstanceOf(CancelledException.class, failure);
        assertTrue(
                caller.interruptedAtEnd(), "outside a Weft task the interrupt status is set again");
        assertEquals(4, http.engine().permits().availableGlobal(), "session permit returned");
        assertEquals(
                2,
                http.engine().permits().availableForHost(server.baseUri()),
                "host permit returned");
        return e;
    }

    @Test
    void whileWaitingForHeaders() throws Exception {
        Caller caller = Caller.start(() -> http.get("/posts/1?delayMs=30000").text());
        assertTrue(server.awaitArrival(PROMPTLY));
        caller.thread.interrupt();
        assertCancelled(caller);
    }

    @Test
    void whileReadingTheBody() throws Exception {
        Caller caller = Caller.start(() -> http.get("/posts?stallAfterBytes=100").bytes());
        assertTrue(server.awaitArrival(PROMPTLY));
        caller.awaitBlockedIn(Caller.BODY_READ, "next");
        caller.thread.interrupt();
        assertCancelled(caller);
    }

    @Test
    void stalledMidBodyConnectionIsClosedNotPooled() throws Exception {
        assertTrue(http.get("/posts/1").text().contains("\"id\": 1"));
        assertTrue(server.awaitArrival(PROMPTLY));
        assertEquals(
                1,
                http.engine().transport().idleConnections(),
                "the first call's connection is pooled");
        Caller caller = Caller.start(() -> http.get("/posts?stallAfterBytes=100").bytes());
        assertTrue(server.awaitArrival(PROMPTLY));
        caller.awaitBlockedIn(Caller.BODY_READ, "next");
        assertEquals(
                1,
                http.engine().transport().leasedConnections(),
                "it reused the pooled connection");
        caller.thread.interrupt();
        assertCancelled(caller);
        assertEquals(0, http.engine().transport().leasedConnections());
        assertEquals(
                0,
                http.engine().transport().idleConnections(),
                "the half-read connection was closed");
        assertTrue(
                http.get("/posts/2").text().contains("\"id\": 2"),
                "the next call opens a fresh connection");
        assertEquals(1, http.engine().transport().idleConnections());
    }

    @Test
    void aPlatformThreadWaitingForHeadersIsWokenByItsInterrupt() throws Exception {
        // A platform thread blocked in a plain java.net.Socket read ignores interrupts: the call
        // would wait for the 30 s headers timeout. The engine's sockets are socket channels.
        Caller caller =
                Caller.startOnPlatformThread(() -> http.get("/posts/1?delayMs=60000").text());
        assertTrue(server.awaitArrival(PROMPTLY));
        caller.thread.interrupt();
        assertCancelled(caller);
        assertEquals(0, http.engine().transport().leasedConnections());
        assertEquals(
                0,
                http.engine().transport().idleConnections(),
                "the aborted connection was closed");
    }

    @Test
    void aPlatformThreadReadingAStalledBodyIsWokenByItsInterrupt() throws Exception {
        Caller caller =
                Caller.startOnPlatformThread(() -> http.get("/posts?stallAfterBytes=100").bytes());
        assertTrue(server.awaitArrival(PROMPTLY));
        caller.awaitInside(Caller.BODY_READ, "next");
        caller.thread.interrupt();
        assertCancelled(caller);
        assertEquals(0, http.engine().transport().leasedConnections());
        assertEquals(
                0,
                http.engine().transport().idleConnections(),
                "the half-read connection was closed");
    }

    @Test
    void withTimeoutOnThePlainTestThreadAbortsAStalledBody() {
        // Weft.withTimeout runs its work on the calling thread: here JUnit's platform thread.
        long start = System.nanoTime();
        assertThrows(
                DeadlineExceededException.class,
                () ->
                        Weft.withTimeout(
                                Duration.ofMillis(200),
                                () -> http.get("/posts?stallAfterBytes=100").bytes()));
        assertTrue(
                Duration.ofNanos(System.nanoTime() - start).compareTo(PROMPTLY) < 0,
                "woken by the timeout, not by the 30 s body idle timeout");
        assertFalse(Thread.currentThread().isInterrupted());
        assertEquals(4, http.engine().permits().availableGlobal(), "session permit returned");
        assertEquals(
                0,
                http.engine().transport().idleConnections(),
                "the half-read connection was closed");
    }

    @Test
    void whileWaitingForAPermit() throws Exception {
        try (HttpStreamingResponse a = http.get("/faults/huge").stream();
                HttpStreamingResponse b = http.get("/faults/huge").stream()) {
            assertEquals(0, http.engine().permits().availableForHost(server.baseUri()));
            Caller caller = Caller.start(() -> http.get("/posts/1").text());
            caller.awaitBlockedIn(Permits.class.getName(), "acquire");
            caller.thread.interrupt();
            Throwable failure = caller.join(PROMPTLY);
            assertInstanceOf(CancelledException.class, failure);
            assertTrue(caller.interruptedAtEnd());
            assertEquals(200, a.status() + b.status() - 200);
        }
        assertEquals(4, http.engine().permits().availableGlobal());
        assertEquals(2, http.engine().permits().availableForHost(server.baseUri()));
    }

    @Test
    void duringRetryBackoff() throws Exception {
        try (HttpSession slowRetry =
                HttpSession.builder()
                        .baseUri(server.baseUri())
                        .retry(
                                HttpRetry.defaults()
                                        .withBackoff(
                                                Duration.ofSeconds(60), Duration.ofSeconds(60)))
                        .timeouts(HttpTimeouts.defaults().withTotal(Duration.ofMinutes(5)))
                        .build()) {
            Caller caller = Caller.start(() -> slowRetry.get("/faults/status/503").text());
            assertTrue(server.awaitArrival(PROMPTLY));
            caller.awaitBlockedIn(
                    Weft.class.getName(), "sleep"); // core's sleep: a cancellation point
            assertEquals(
                    HttpLimits.defaults().maxConcurrent(),
                    slowRetry.engine().permits().availableGlobal(),
                    "no permit is held during the backoff pause");
            caller.thread.interrupt();
            Throwable failure = caller.join(PROMPTLY);
            assertInstanceOf(CancelledException.class, failure);
            assertTrue(caller.interruptedAtEnd());
            assertEquals(
                    HttpLimits.defaults().maxConcurrent(),
                    slowRetry.engine().permits().availableGlobal());
        }
    }

    @Test
    void midDownloadLeavesNoFile(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("posts.json");
        CountDownLatch firstBytes = new CountDownLatch(1);
        Caller caller =
                Caller.start(
                        () ->
                                http.get("/posts?stallAfterBytes=5000")
                                        .download(
                                                target, (soFar, total) -> firstBytes.countDown()));
        assertTrue(firstBytes.await(PROMPTLY.toSeconds(), java.util.concurrent.TimeUnit.SECONDS));
        caller.thread.interrupt();
        assertCancelled(caller);
        try (var files = Files.list(dir)) {
            assertEquals(
                    List.of(), files.toList(), "neither the target nor a temporary file exists");
        }
    }

    @Test
    void midDownloadKeepsTheOldFile(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("posts.json");
        Files.writeString(target, "previous");
        CountDownLatch firstBytes = new CountDownLatch(1);
        Caller caller =
                Caller.start(
                        () ->
                                http.get("/posts?stallAfterBytes=5000")
                                        .download(
                                                target, (soFar, total) -> firstBytes.countDown()));
        assertTrue(firstBytes.await(PROMPTLY.toSeconds(), java.util.concurrent.TimeUnit.SECONDS));
        caller.thread.interrupt();
        assertCancelled(caller);
        assertEquals("previous", Files.readString(target));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(target), files.toList());
        }
    }

    @Test
    void alreadyInterruptedCallerFailsAtOnce() throws Exception {
        Caller caller =
                Caller.start(
                        () -> {
                            Thread.currentThread().interrupt();
                            return http.get("/posts/1").text();
                        });
        // Core's checkpoint throws before anything blocks, as Weft.sleep does for an interrupted
        // caller.
        assertReleased(caller);
        assertEquals(0, server.requestCount(), "nothing was sent");
    }
}
