package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.internal.VirtualClockControl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/** Timeouts and deadlines, on a virtual clock: exact times, no real waiting. */
@Timeout(30)
@OnVirtualClock
class TimeoutTest {
    private static final Duration SHORT = Duration.ofMillis(50);
    private static final Duration LONG = Duration.ofHours(1);

    @Test
    void workThatFinishesInTimeReturnsItsValue() {
        assertEquals(42, Weft.withTimeout(Duration.ofSeconds(20), () -> 42));
        assertEquals(Optional.of(7), Weft.withTimeoutOrEmpty(Duration.ofSeconds(20), () -> 7));
    }

    @Test
    void expiryCancelsTheWorkWaitsForItAndThrowsWithTheCancellationAsCause(
            VirtualClockControl clock) {
        AtomicBoolean cleanupDone = new AtomicBoolean();
        DeadlineExceededException e =
                assertThrows(
                        DeadlineExceededException.class,
                        () ->
                                Weft.withTimeout(
                                        SHORT,
                                        () -> {
                                            try {
                                                Weft.sleep(LONG);
                                                return "late";
                                            } finally {
                                                cleanupDone.set(true);
                                            }
                                        }));
        assertTrue(cleanupDone.get(), "the work has really finished when the timeout is thrown");
        assertInstanceOf(CancelledException.class, e.getCause());
        assertEquals(SHORT, e.timeout());
        assertEquals(SHORT, clock.elapsed()); // exactly at the deadline
        assertFalse(Thread.currentThread().isInterrupted());
    }

    @Test
    void moveOnAfterReturnsEmpty(VirtualClockControl clock) {
        assertEquals(
                Optional.empty(),
                Weft.withTimeoutOrEmpty(
                        SHORT,
                        () -> {
                            Weft.sleep(LONG);
                            return "late";
                        }));
        assertEquals(SHORT, clock.elapsed());
    }

    @Test
    void zeroTimeoutsExpireAndNegativeOnesAreRefusedWithoutRunningTheWork() {
        AtomicBoolean ran = new AtomicBoolean();
        assertThrows(
                DeadlineExceededException.class,
                () -> Weft.withTimeout(Duration.ZERO, () -> ran.getAndSet(true)));
        assertThrows(
                IllegalArgumentException.class,
                () -> Weft.withTimeout(Duration.ofSeconds(-1), () -> ran.getAndSet(true)));
        assertEquals(
                Optional.empty(),
                Weft.withTimeoutOrEmpty(Duration.ZERO, () -> ran.getAndSet(true)));
        assertThrows(
                IllegalArgumentException.class,
                () -> Weft.withTimeoutOrEmpty(Duration.ofSeconds(-1), () -> ran.getAndSet(true)));
        assertFalse(ran.get());
    }

    @Test
    void aRealFailureDuringTimeoutCleanupWinsOverTheTimeout() {
        IllegalStateException cleanup = new IllegalStateException("cleanup failed");
        IllegalStateException e =
                assertThrows(
                        IllegalStateException.class,
                        () ->
                                Weft.withTimeout(
                                        SHORT,
                                        () -> {
                                            try {
                                                Weft.sleep(LONG);
                                            } catch (CancelledException c) {
                                                throw cleanup;
                                            }
                                            return null;
                                        }));
        assertSame(cleanup, e);
        assertInstanceOf(DeadlineExceededException.class, e.getSuppressed()[0]);
    }

    @Test
    void anOuterCancellationIsNeverMistakenForATimeout() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        AtomicReference<Throwable> seen = new AtomicReference<>();
        try (Scope s = Scope.open()) {
            Task<Object> t =
                    s.fork(
                            () -> {
                                try {
                                    return Weft.withTimeout(
                                            LONG,
                                            () -> {
                                                inside.countDown();
                                                Weft.sleep(LONG);
                                                return null;
                                            });
                                } catch (Throwable e) {
                                    seen.set(e);
                                    throw e;
                                }
                            });
            inside.await();
            t.cancel("outer");
            s.join();
            assertEquals(Task.State.CANCELLED, t.state());
        }
        assertInstanceOf(CancelledException.class, seen.get());
        assertEquals("outer", ((CancelledException) seen.get()).reason());
    }

    @Test
    void nestedDeadlinesTheEarliestWinsAndOnlyItsScopeTimesOut() {
        AtomicReference<Throwable> innerSaw = new AtomicReference<>();
        DeadlineExceededException outer =
                assertThrows(
                        DeadlineExceededException.class,
                        () ->
                                Weft.withTimeout(
                                        SHORT,
                                        () -> {
                                            try {
                                                return Weft.withTimeout(
                                                        LONG,
                                                        () -> {
                                                            Weft.sleep(LONG);
                                                            return null;
                                                        });
                                            } catch (Throwable e) {
                                                innerSaw.set(e);
                                                throw e;
                                            }
                                        }));
        assertInstanceOf(
                CancelledException.class, innerSaw.get(), "the inner scope did not time out");
        assertTrue(outer.getMessage().contains(SHORT.toString()), outer.getMessage());

        DeadlineExceededException inner =
                assertThrows(
                        DeadlineExceededException.class,
                        () ->
                                Weft.withTimeout(
                                        LONG,
                                        () ->
                                                Weft.withTimeout(
                                                        SHORT,
                                                        () -> {
                                                            Weft.sleep(LONG);
                                                            return null;
                                                        })));
        assertTrue(inner.getMessage().contains(SHORT.toString()), inner.getMessage());
    }

    @Test
    void scopeDeadlineCancelsChildrenAndJoinThrows(VirtualClockControl clock) {
        AtomicReference<Task<?>> child = new AtomicReference<>();
        assertThrows(
                DeadlineExceededException.class,
                () ->
                        Weft.scope(
                                ScopeOptions.defaults().withTimeout(SHORT),
                                s -> child.set(s.fork(() -> Weft.sleep(LONG)))));
        // Cancelled while sleeping, or before it started if the deadline came first.
        assertEquals(Task.State.CANCELLED, child.get().state());
        assertEquals(SHORT, clock.elapsed());
    }

    @Test
    void rescheduleMovesTheDeadlineLaterAndEarlier(VirtualClockControl clock) throws Exception {
        CountDownLatch childRunning = new CountDownLatch(1);
        try (Scope s = Scope.open(ScopeOptions.defaults().withTimeout(SHORT))) {
            assertTrue(s.reschedule(LONG), "pushed later before it expired");
            Task<String> t =
                    s.fork(
                            () -> {
                                childRunning.countDown();
                                Weft.sleep(
                                        Duration.ofMillis(
                                                200)); // outlives the original 50 ms deadline
                                return "done";
                            });
            assertEquals("done", t.join());
            assertTrue(s.deadline().isPresent());
            s.join();
        }
        assertEquals(
                Duration.ofMillis(200), clock.elapsed()); // past the original 50 ms: no timeout
        DeadlineExceededException e =
                assertThrows(
                        DeadlineExceededException.class,
                        () -> {
                            try (Scope s = Scope.open(ScopeOptions.defaults().withTimeout(LONG))) {
                                s.fork(() -> Weft.sleep(LONG));
                                assertTrue(s.reschedule(Duration.ofMillis(10)));
                                s.join();
                            }
                        });
        assertTrue(e.getMessage().contains("PT0.01S"), e.getMessage());
        assertEquals(Duration.ofMillis(210), clock.elapsed()); // the earlier deadline, 10 ms later
        assertTrue(childRunning.getCount() == 0);
    }

    @Test
    void clearDeadlineRemovesAPendingDeadline(VirtualClockControl clock) {
        try (Scope s = Scope.open(ScopeOptions.defaults().withTimeout(SHORT))) {
            assertTrue(s.clearDeadline());
            assertTrue(s.deadline().isEmpty());
            assertEquals(
                    "ok",
                    s.fork(
                                    () -> {
                                        Weft.sleep(Duration.ofMillis(150));
                                        return "ok";
                                    })
                            .join());
            s.join();
        }
        assertEquals(Duration.ofMillis(150), clock.elapsed());
    }

    @Test
    void argumentsAreChecked() {
        assertEquals(
                "timeout",
                assertThrows(NullPointerException.class, () -> Weft.withTimeout(null, () -> 1))
                        .getMessage());
        assertEquals(
                "callable",
                assertThrows(NullPointerException.class, () -> Weft.withTimeout(SHORT, null))
                        .getMessage());
    }
}
