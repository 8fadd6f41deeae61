package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.Pipe;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

@Timeout(30)
class CancellationTest {

    /**
     * Forks {@code work}, waits until it signalled {@code started}, cancels it, joins the scope.
     */
    private static <T> Task<T> cancelAfterStart(
            CountDownLatch started, java.util.concurrent.Callable<T> work)
            throws InterruptedException {
        try (Scope s = Scope.open()) {
            Task<T> t = s.fork(work);
            started.await();
            t.cancel("test cancel");
            s.join();
            return t;
        }
    }

    @Test
    void sleepIsACancellationPoint() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        Task<Object> t =
                cancelAfterStart(
                        started,
                        () -> {
                            started.countDown();
                            Weft.sleep(Duration.ofHours(1));
                            return null;
                        });
        assertEquals(Task.State.CANCELLED, t.state());
        assertEquals("test cancel", assertThrows(CancelledException.class, t::join).reason());
    }

    @Test
    void interruptedExceptionEndingACancelledTaskMakesItCancelledNotFailed() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        Task<Object> t =
                cancelAfterStart(
                        started,
                        () -> {
                            started.countDown();
                            new CountDownLatch(1).await();
                            return null;
                        });
        assertEquals(Task.State.CANCELLED, t.state());
    }

    @Test
    void wrappedInterruptionOfACancelledTaskIsStillACancellation() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        Task<Object> t =
                cancelAfterStart(
                        started,
                        () -> {
                            started.countDown();
                            try {
                                new CountDownLatch(1).await();
                            } catch (InterruptedException e) {
                                throw new RuntimeException("wrapped", e);
                            }
                            return null;
                        });
        assertEquals(Task.State.CANCELLED, t.state());
    }

    @Test
    void closedByInterruptEndingACancelledTaskIsACancellation() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        Pipe pipe = Pipe.open();
        try {
            Task<Object> t =
                    cancelAfterStart(
                            started,
                            () -> {
                                started.countDown();
                                pipe.source().read(ByteBuffer.allocate(1)); // blocks: nobody writes
                                return null;
                            });
            assertEquals(Task.State.CANCELLED, t.state());
            assertFalse(pipe.source().isOpen(), "the JDK closed the channel on interrupt");
        } finally {
            pipe.sink().close();
            pipe.source().close();
        }
        assertTrue(ClosedByInterruptException.class.getSuperclass() != null);
    }

    @Test
    void aRealFailureDuringCleanupOfACancelledTaskIsAFailure() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        IOException cleanup = new IOException("flush failed");
        Task<Object> t;
        try (Scope s = Scope.open(ScopeOptions.defaults().supervised())) {
            t =
                    s.fork(
                            () -> {
                                try {
                                    started.countDown();
                                    new CountDownLatch(1).await();
                                } catch (InterruptedException e) {
                                    throw cleanup; // the cleanup after the cancellation fails for
                                    // real
                                }
                                return null;
                            });
            started.await();
            t.cancel("stop");
            TaskGroupException e = assertThrows(TaskGroupException.class, s::join);
            assertEquals(cleanup, e.failures().get(0));
        }
        assertEquals(Task.State.FAILED, t.state());
    }

    /**
     * The same inside a lambda scope: its body fails in its cleanup after the scope was cancelled
     * from outside (the task running it was cancelled). Before, the scope threw the cancellation
     * and dropped the body's failure: the task ended CANCELLED, nothing was logged, and {@code
     * Weft.run} returned normally.
     */
    @Test
    void aRealFailureDuringCleanupOfALambdaScopeBodyIsNotLost() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        IllegalStateException cleanup = new IllegalStateException("release failed");
        AtomicReference<Task<Void>> worker = new AtomicReference<>();
        try (LogCapture log = new LogCapture()) {
            IllegalStateException e =
                    assertThrows(
                            IllegalStateException.class,
                            () ->
                                    Weft.run(
                                            () -> {
                                                worker.set(
                                                        Weft.fork(
                                                                () ->
                                                                        Weft.scope(
                                                                                s -> {
                                                                                    s.fork(
                                                                                            () ->
                                                                                                    Weft
                                                                                                            .sleep(
                                                                                                                    Duration
                                                                                                                            .ofHours(
                                                                                                                                    1)));
                                                                                    try {
                                                                                        started
                                                                                                .countDown();
                                                                                        Weft.sleep(
                                                                                                Duration
                                                                                                        .ofHours(
                                                                                                                1));
                                                                                    } catch (
                                                                                            CancelledException
                                                                                                    cancelled) {
                                                                                        throw cleanup; // the cleanup after the cancellation fails for real
                                                                                    }
                                                                                })));
                                                started.await();
                                                worker.get().cancel("stop");
                                                return "not reached: the worker's failure fails the run";
                                            }));
            assertSame(cleanup, e);
            assertEquals(Task.State.FAILED, worker.get().state());
            assertEquals(1, e.getSuppressed().length, "the cancellation it won over is attached");
            assertEquals("stop", ((CancelledException) e.getSuppressed()[0]).reason());
            assertTrue(log.events().isEmpty(), "reported once, by throwing: " + log.events());
        }
    }

    @Test
    void catchingTheCancellationAndReturningAValueSucceeds() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        Task<String> t =
                cancelAfterStart(
                        started,
                        () -> {
                            try {
                                started.countDown();
                                Weft.sleep(Duration.ofHours(1));
                                return "finished";
                            } catch (CancelledException e) {
                                return "cancelled: " + e.reason();
                            }
                        });
        assertEquals(Task.State.SUCCEEDED, t.state());
        assertEquals("cancelled: test cancel", t.resultNow());
    }

    @Test
    void cancellationIsStickyAtEveryLaterWeftCancellationPoint() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicInteger caught = new AtomicInteger();
        Task<Object> t =
                cancelAfterStart(
                        started,
                        () -> {
                            started.countDown();
                            for (int i = 0; i < 3; i++) {
                                try {
                                    Weft.sleep(Duration.ofHours(1));
                                } catch (CancelledException swallowed) {
                                    caught.incrementAndGet();
                                }
                            }
                            Weft.checkpoint();
                            return null;
                        });
        assertEquals(3, caught.get(), "each sleep after the cancel threw again");
        assertEquals(Task.State.CANCELLED, t.state());
    }

    @Test
    void plainJdkBlockingCallsSeeTheInterruptOnlyOnce() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch cleanupLatch = new CountDownLatch(1);
        AtomicBoolean cleanupBlockedAndFinished = new AtomicBoolean();
        Thread releaser;
        try (Scope s = Scope.open()) {
            Task<Object> t =
                    s.fork(
                            () -> {
                                try {
                                    started.countDown();
                                    new CountDownLatch(1).await();
                                } catch (InterruptedException e) {
                                    cleanupLatch.await(); // a JDK call in cleanup blocks normally
                                    cleanupBlockedAndFinished.set(true);
                                    throw e;
                                }
                                return null;
                            });
            started.await();
            t.cancel("stop");
            releaser = Thread.ofVirtual().start(cleanupLatch::countDown);
            s.join();
        }
        releaser.join();
        assertTrue(cleanupBlockedAndFinished.get());
    }

    @Test
    void checkpointObservesARawInterrupt() throws Exception {
        AtomicReference<Throwable> seen = new AtomicReference<>();
        Thread t =
                Thread.ofPlatform()
                        .start(
                                () -> {
                                    Thread.currentThread().interrupt();
                                    try {
                                        Weft.checkpoint();
                                    } catch (CancelledException e) {
                                        seen.set(e);
                                    }
                                });
        t.join();
        assertTrue(seen.get() instanceof CancelledException);
    }

    @Test
    void sleepRejectsNegativeDurationsAndNull() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class, () -> Weft.sleep(Duration.ofMillis(-1)));
        assertTrue(e.getMessage().contains("duration"), e.getMessage());
        NullPointerException npe = assertThrows(NullPointerException.class, () -> Weft.sleep(null));
        assertEquals("duration", npe.getMessage());
        Weft.sleep(Duration.ZERO);
    }
}
