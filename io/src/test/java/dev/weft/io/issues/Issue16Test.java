package dev.weft.io.issues;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.CancelledException;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.io.HookedFileSystem;
import dev.weft.io.files.WeftFiles;
import dev.weft.io.files.WriteMode;
import dev.weft.io.http.HttpRetry;
import dev.weft.io.http.HttpSession;
import dev.weft.io.http.internal.Permits;
import dev.weft.test.http.JsonPlaceholderServer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * Issue 16: io follows core's cancellation rule, downloads follow the file helpers' rules, the
 * per-host permit map is bounded, and {@code deleteRecursively} is cancellable between entries.
 */
@Timeout(60)
class Issue16Test {
    private static final Duration LONG = Duration.ofMinutes(5);

    @TempDir Path dir;

    /**
     * Forks {@code body} in a task, waits until it reports {@code ready}, cancels it and waits for
     * it.
     */
    private static void cancelWhenReady(CountDownLatch ready, Runnable onReady, Callable body) {
        Weft.run(
                () -> {
                    Task<Void> task = Weft.fork(body::call);
                    ready.await();
                    onReady.run();
                    task.cancel("test");
                    return null;
                });
    }

    @FunctionalInterface
    private interface Callable {
        void call() throws Exception;
    }

    // ---- bug 1: HTTP calls honour sticky cancellation ---------------------------------------

    @Test
    void aTaskThatCaughtItsCancellationSendsNoRequest() throws Exception {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        try (JsonPlaceholderServer server = JsonPlaceholderServer.start();
                HttpSession http =
                        HttpSession.builder()
                                .baseUri(server.baseUri())
                                .retry(HttpRetry.none())
                                .build()) {
            CountDownLatch ready = new CountDownLatch(1);
            cancelWhenReady(
                    ready,
                    () -> {},
                    () -> {
                        ready.countDown();
                        try {
                            Weft.sleep(LONG);
                        } catch (CancelledException caught) {
                            // Caught and swallowed: the task stays cancelled (sticky), its
                            // interrupt is consumed.
                        }
                        try {
                            http.get("/posts/1").text();
                        } catch (Throwable e) {
                            thrown.set(e);
                        }
                    });
            assertInstanceOf(
                    CancelledException.class, thrown.get(), "an HTTP call is a cancellation point");
            assertEquals(0, server.requestCount(), "nothing was sent");
        }
    }

    @Test
    void aCancelledTaskDoesNotSleepThroughRetryBackoff() throws Exception {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        try (JsonPlaceholderServer server = JsonPlaceholderServer.start();
                HttpSession http =
                        HttpSession.builder()
                                .baseUri(server.baseUri())
                                .retry(
                                        HttpRetry.defaults()
                                                .withMaxAttempts(2)
                                                .withBackoff(LONG, LONG))
                                .build()) {
            CountDownLatch ready = new CountDownLatch(1);
            cancelWhenReady(
                    ready,
                    () -> {},
                    () -> {
                        ready.countDown();
                        try {
                            Weft.sleep(LONG);
                        } catch (CancelledException caught) {
                            // swallowed, as above
                        }
                        try {
                            // Would wait minutes in backoff after the 503 if the cancellation were
                            // ignored.
                            http.get("/faults/status/503").text();
                        } catch (Throwable e) {
                            thrown.set(e);
                        }
                    });
            assertInstanceOf(CancelledException.class, thrown.get());
            assertEquals(0, server.requestCount());
        }
    }

    // ---- bug 2: one interrupt rule for io and core ------------------------------------------

    @Test
    void aCancelledHttpCallInATaskLeavesTheInterruptCleared() throws Exception {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<Boolean> interrupted = new AtomicReference<>();
        try (JsonPlaceholderServer server = JsonPlaceholderServer.start();
                HttpSession http = HttpSession.builder().baseUri(server.baseUri()).build()) {
            CountDownLatch never = new CountDownLatch(0);
            cancelWhenReady(
                    never,
                    () -> awaitArrival(server),
                    () -> {
                        try {
                            http.get("/posts/1?delayMs=300000").text();
                        } catch (Throwable e) {
                            thrown.set(e);
                            interrupted.set(Thread.currentThread().isInterrupted());
                        }
                    });
            assertInstanceOf(CancelledException.class, thrown.get());
            assertFalse(
                    interrupted.get(),
                    "as in core: the interrupt stays cleared in a cancelled task");
        }
    }

    @Test
    void aCancelledFileWriteInATaskLeavesTheInterruptCleared() throws Exception {
        Path f = dir.resolve("f.txt");
        Files.writeString(f, "old");
        CountDownLatch halfway = new CountDownLatch(1);
        InputStream stalling =
                new InputStream() {
                    private int sent;

                    @Override
                    public int read() throws IOException {
                        byte[] one = new byte[1];
                        return read(one, 0, 1) < 0 ? -1 : one[0];
                    }

                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        if (sent < 10_000) {
                            int n = Math.min(len, 10_000 - sent);
                            java.util.Arrays.fill(b, off, off + n, (byte) 'n');
                            sent += n;
                            return n;
                        }
                        halfway.countDown();
                        try {
                            new CountDownLatch(1).await(); // until the task is cancelled
                        } catch (InterruptedException e) {
                            throw new InterruptedIOException("interrupted");
                        }
                        return -1;
                    }
                };
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<Boolean> interrupted = new AtomicReference<>();
        cancelWhenReady(
                halfway,
                () -> {},
                () -> {
                    try {
                        WeftFiles.write(f, stalling, WriteMode.ATOMIC);
                    } catch (Throwable e) {
                        thrown.set(e);
                        interrupted.set(Thread.currentThread().isInterrupted());
                    }
                });
        assertInstanceOf(CancelledException.class, thrown.get());
        assertFalse(
                interrupted.get(), "as in core: the interrupt stays cleared in a cancelled task");
        assertEquals("old", Files.readString(f));
    }

    @Test
    void outsideATaskTheInterruptIsSetAgain() throws Exception {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<Boolean> interrupted = new AtomicReference<>();
        Path f = Files.writeString(dir.resolve("g.txt"), "g");
        Thread t =
                Thread.ofVirtual()
                        .start(
                                () -> {
                                    Thread.currentThread().interrupt();
                                    try {
                                        WeftFiles.readString(f);
                                    } catch (Throwable e) {
                                        thrown.set(e);
                                        interrupted.set(Thread.currentThread().isInterrupted());
                                    }
                                });
        t.join();
        assertInstanceOf(CancelledException.class, thrown.get());
        assertTrue(interrupted.get(), "a plain thread does not forget its interrupt");
    }

    private static void awaitArrival(JsonPlaceholderServer server) {
        try {
            assertTrue(server.awaitArrival(Duration.ofSeconds(30)));
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    // ---- bug 3: downloads get exactly the file-helper rules ---------------------------------

    @Test
    void aDownloadKeepsTheTargetsPermissions() throws Exception {
        Path target = dir.resolve("post.json");
        Files.writeString(target, "old");
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r-----"));
        try (JsonPlaceholderServer server = JsonPlaceholderServer.start();
                HttpSession http = HttpSession.builder().baseUri(server.baseUri()).build()) {
            long n = http.get("/posts/1").download(target);
            assertEquals(Files.size(target), n);
        }
        assertTrue(Files.readString(target).contains("\"userId\": 1"));
        assertEquals(
                "rw-r-----",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(target)),
                "as WeftFiles.write: an existing file keeps its permissions");
    }

    @Test
    void aDownloadFollowsASymbolicLink() throws Exception {
        Path real = dir.resolve("real.json");
        Files.writeString(real, "old");
        Path link = Files.createSymbolicLink(dir.resolve("link.json"), real.getFileName());
        try (JsonPlaceholderServer server = JsonPlaceholderServer.start();
                HttpSession http = HttpSession.builder().baseUri(server.baseUri()).build()) {
            http.get("/posts/1").download(link);
        }
        assertTrue(Files.isSymbolicLink(link), "the link is kept");
        assertTrue(
                Files.readString(real).contains("\"userId\": 1"),
                "the file it points to is replaced");
        try (Stream<Path> entries = Files.list(dir)) {
            assertEquals(2, entries.count(), "no temporary file is left");
        }
    }

    // ---- bug 4: the per-host permit map is bounded ------------------------------------------

    @Test
    void hostsWithoutCallsLeaveThePermitMap() throws Exception {
        Permits permits = new Permits(100, 2);
        for (int i = 0; i < 10_000; i++) {
            URI uri = URI.create("http://host" + i + ".example/");
            Permits.Lease lease = permits.acquire(uri, Duration.ofSeconds(5));
            try {
                assertEquals(1, permits.hostsInUse());
                assertEquals(1, permits.availableForHost(uri));
            } finally {
                lease.close();
            }
        }
        assertEquals(
                0, permits.hostsInUse(), "a million-host crawler keeps no entry per finished host");
        assertEquals(100, permits.availableGlobal());
        assertThrows(
                java.util.concurrent.TimeoutException.class,
                () -> {
                    Permits.Lease a =
                            permits.acquire(
                                    URI.create("http://one.example/"), Duration.ofSeconds(5));
                    Permits.Lease b =
                            permits.acquire(
                                    URI.create("http://ONE.example:80/"), Duration.ofSeconds(5));
                    try {
                        permits.acquire(URI.create("http://one.example/"), Duration.ZERO);
                    } finally {
                        a.close();
                        b.close();
                    }
                });
        assertEquals(0, permits.hostsInUse(), "a timed-out waiter leaves its entry too");
    }

    @Test
    void neverTwoPermitSetsForOneHost() throws Exception {
        Permits permits = new Permits(1000, 2);
        URI uri = URI.create("http://busy.example/");
        AtomicInteger holders = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicBoolean failed = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            threads.add(
                    Thread.ofVirtual()
                            .start(
                                    () -> {
                                        for (int i = 0; i < 2_000 && !failed.get(); i++) {
                                            try {
                                                Permits.Lease lease =
                                                        permits.acquire(
                                                                uri, Duration.ofSeconds(30));
                                                most.accumulateAndGet(
                                                        holders.incrementAndGet(), Math::max);
                                                Thread.yield();
                                                holders.decrementAndGet();
                                                lease.close();
                                            } catch (Exception | Error e) {
                                                failed.set(true);
                                                throw new AssertionError(e);
                                            }
                                        }
                                    }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertFalse(failed.get());
        assertTrue(
                most.get() <= 2,
                "at most the host's 2 permits were held at once, saw " + most.get());
        assertEquals(0, permits.hostsInUse());
    }

    // ---- bug 5: deleteRecursively is cancellable between entries -----------------------------

    /**
     * Through the public method: the task cancels itself from inside its 7th delete (a hook of
     * {@link HookedFileSystem}, so the moment is exact), and the delete stops before the next
     * entry. On the old main the whole tree went.
     */
    @Test
    void deleteRecursivelyStopsAtTheNextEntryOnceItsTaskIsCancelled() throws Exception {
        Path root = dir.resolve("tree");
        for (int d = 0; d < 4; d++) {
            Files.createDirectories(root.resolve("d" + d));
            for (int f = 0; f < 10; f++) {
                Files.writeString(root.resolve("d" + d).resolve("f" + f), "x");
            }
        }
        AtomicInteger deletes = new AtomicInteger();
        AtomicReference<Task<?>> self = new AtomicReference<>();
        HookedFileSystem fs =
                new HookedFileSystem()
                        .onDelete(
                                p -> {
                                    if (deletes.incrementAndGet() == 7) {
                                        self.get().cancel("stop deleting");
                                    }
                                });
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean interrupted = new AtomicBoolean(true);
        Weft.run(
                () -> {
                    CountDownLatch known = new CountDownLatch(1);
                    Task<Void> task =
                            Weft.fork(
                                    () -> {
                                        known.await();
                                        try {
                                            WeftFiles.deleteRecursively(fs.wrap(root));
                                        } catch (Throwable e) {
                                            thrown.set(e);
                                            interrupted.set(Thread.currentThread().isInterrupted());
                                        }
                                    });
                    self.set(task);
                    known.countDown();
                    return null;
                });
        CancelledException e = assertInstanceOf(CancelledException.class, thrown.get());
        assertEquals("stop deleting", e.reason());
        assertFalse(
                interrupted.get(),
                "as every core call: the interrupt stays cleared in a cancelled task");
        assertEquals(
                7,
                deletes.get(),
                "nothing was deleted after the entry during which the task was cancelled");
        try (Stream<Path> left = Files.walk(root)) {
            // Every directory holds 10 files, so the 7 deleted are files of the first one visited.
            assertEquals(1 + 4 + 40 - 7, left.count(), "the rest of the tree stays");
        }
    }

    @Test
    void deleteRecursivelyChecksCancellationAndTempPathStillCleansUp() throws Exception {
        Path root = Files.createDirectories(dir.resolve("t"));
        Files.writeString(root.resolve("a"), "a");
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<Path> temp = new AtomicReference<>();
        CountDownLatch ready = new CountDownLatch(1);
        cancelWhenReady(
                ready,
                () -> {},
                () -> {
                    try (var tmp = WeftFiles.tempDirectory("issue16")) {
                        temp.set(tmp.path());
                        Files.writeString(tmp.path().resolve("x"), "x");
                        ready.countDown();
                        try {
                            Weft.sleep(LONG);
                        } catch (CancelledException caught) {
                            // swallowed: the task stays cancelled
                        }
                        try {
                            WeftFiles.deleteRecursively(root);
                        } catch (Throwable e) {
                            thrown.set(e);
                        }
                    } // TempPath.close() is not a cancellation point: it cleans up in a cancelled
                    // task
                });
        assertInstanceOf(CancelledException.class, thrown.get());
        assertTrue(Files.exists(root.resolve("a")));
        assertNotNull(temp.get());
        assertFalse(Files.exists(temp.get()));
    }
}
