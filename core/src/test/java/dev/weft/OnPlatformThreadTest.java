package dev.weft;

import static dev.weft.ChannelTesting.awaitTrue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.MDC;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

@Timeout(30)
class OnPlatformThreadTest {
    private static final Context.Key<String> USER = Context.key("user");

    @AfterEach
    void noCallIsLeftInFlight() {
        assertEquals(0, PlatformThreads.inFlight(), "a platform-thread call outlived its caller");
    }

    @Test
    void theCallRunsOnANamedDaemonPlatformThreadWithTheCallersContextAndMdc() {
        MDC.put("request", "r-1");
        try {
            String where =
                    Weft.run(
                            () ->
                                    Context.with(
                                            USER,
                                            "ada",
                                            () ->
                                                    Weft.onPlatformThread(
                                                            () -> {
                                                                Thread t = Thread.currentThread();
                                                                return t.isVirtual()
                                                                        + " "
                                                                        + t.isDaemon()
                                                                        + " "
                                                                        + t.getName()
                                                                                .startsWith(
                                                                                        "weft-platform-")
                                                                        + " "
                                                                        + Context.get(USER)
                                                                                .orElse("?")
                                                                        + " "
                                                                        + MDC.get("request");
                                                            })));
            assertEquals("false true true ada r-1", where);
        } finally {
            MDC.remove("request");
        }
    }

    @Test
    void aLimiterBoundsHowManyCallsRunAtOnce() {
        Limiter two = new Limiter(2);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CountDownLatch twoInside = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        Weft.scope(
                s -> {
                    for (int i = 0; i < 6; i++) {
                        s.fork(
                                () ->
                                        Weft.onPlatformThread(
                                                two,
                                                () -> {
                                                    most.accumulateAndGet(
                                                            inside.incrementAndGet(), Math::max);
                                                    twoInside.countDown();
                                                    release.await();
                                                    inside.decrementAndGet();
                                                    return null;
                                                }));
                    }
                    twoInside.await();
                    awaitTrue("four callers waiting for a permit", () -> two.waiting() == 4);
                    assertEquals(2, inside.get());
                    release.countDown();
                });
        assertEquals(2, most.get());
        assertEquals(2, two.available(), "every permit is back");
    }

    @Test
    void theDefaultLimiterFollowsAsyncioDefaultExecutorSize() {
        int cpus = Runtime.getRuntime().availableProcessors();
        assertEquals(Math.min(32, cpus + 4), PlatformThreads.DEFAULT.permits());
    }

    @Test
    void cancellingTheCallerInterruptsTheCallAndWaitsForItToEnd() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        AtomicReference<Throwable> callSaw = new AtomicReference<>();
        try (Scope s = Scope.open()) {
            Task<Object> caller =
                    s.fork(
                            () ->
                                    Weft.onPlatformThread(
                                            () -> {
                                                running.countDown();
                                                try {
                                                    new CountDownLatch(1).await();
                                                    return "never";
                                                } catch (InterruptedException e) {
                                                    callSaw.set(e);
                                                    throw e;
                                                }
                                            }));
            running.await();
            caller.cancel("user pressed stop");
            CancelledException e = assertThrows(CancelledException.class, caller::join);
            assertEquals("user pressed stop", e.reason());
            assertInstanceOf(
                    InterruptedException.class,
                    callSaw.get(),
                    "the set callSaw happens before join returns");
        }
    }

    @Test
    void aCallThatIgnoresTheInterruptMakesTheCancellationLateNeverLost() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean finished = new AtomicBoolean();
        try (Scope s = Scope.open()) {
            Task<String> caller =
                    s.fork(
                            () ->
                                    Weft.onPlatformThread(
                                            () -> {
                                                running.countDown();
                                                while (true) {
                                                    try {
                                                        release.await();
                                                        break;
                                                    } catch (InterruptedException e) {
                                                        interrupted.countDown(); // ignored: keeps
                                                        // going
                                                    }
                                                }
                                                finished.set(true);
                                                return "finished anyway";
                                            }));
            running.await();
            caller.cancel();
            interrupted.await();
            assertFalse(caller.isDone(), "the caller left while its call still ran");
            assertEquals(1, PlatformThreads.inFlight());
            release.countDown();
            assertThrows(CancelledException.class, caller::join);
            assertTrue(finished.get());
        }
    }

    @Test
    void waitingForAPermitIsACancellationPoint() throws Exception {
        Limiter one = new Limiter(1);
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean secondRan = new AtomicBoolean();
        try (Scope s = Scope.open()) {
            Task<String> first =
                    s.fork(
                            () ->
                                    Weft.onPlatformThread(
                                            one,
                                            () -> {
                                                holding.countDown();
                                                release.await();
                                                return "first";
                                            }));
            holding.await();
            Task<String> second =
                    s.fork(
                            () ->
                                    Weft.onPlatformThread(
                                            one,
                                            () -> {
                                                secondRan.set(true);
                                                return "second";
                                            }));
            awaitTrue("the second caller waits for the permit", () -> one.waiting() == 1);
            second.cancel("gave up");
            assertEquals("gave up", assertThrows(CancelledException.class, second::join).reason());
            assertFalse(secondRan.get());
            release.countDown();
            assertEquals("first", first.join());
            s.join();
        }
        assertEquals(1, one.available());
    }

    @Test
    void anAlreadyCancelledCallerDoesNotStartTheCall() throws Exception {
        AtomicBoolean ran = new AtomicBoolean();
        try (Scope s = Scope.open()) {
            Throwable t =
                    ChannelTesting.thrownAfterCancel(
                            s, () -> Weft.onPlatformThread(() -> ran.getAndSet(true)));
            assertInstanceOf(CancelledException.class, t);
        }
        assertFalse(ran.get());
    }

    @Test
    void checkpointInsideTheCallSeesTheCallersCancellation() throws Exception {
        CountDownLatch looping = new CountDownLatch(1);
        AtomicReference<Throwable> loopEnded = new AtomicReference<>();
        try (Scope s = Scope.open()) {
            Task<Long> caller =
                    s.fork(
                            () ->
                                    Weft.onPlatformThread(
                                            () -> {
                                                long n = 0;
                                                try {
                                                    while (true) { // a CPU loop with a cancellation
                                                        // point
                                                        n++;
                                                        if (n == 1000) {
                                                            looping.countDown();
                                                        }
                                                        Weft.checkpoint();
                                                    }
                                                } catch (CancelledException e) {
                                                    loopEnded.set(e);
                                                    throw e;
                                                }
                                            }));
            looping.await();
            caller.cancel();
            assertThrows(CancelledException.class, caller::join);
        }
        assertInstanceOf(CancelledException.class, loopEnded.get());
    }

    @Test
    void failuresKeepTheTaskRules() {
        IllegalStateException unchecked = new IllegalStateException("bad");
        IOException checked = new IOException("disk");
        Weft.run(
                () -> {
                    assertSame(
                            unchecked,
                            assertThrows(
                                    IllegalStateException.class,
                                    () ->
                                            Weft.onPlatformThread(
                                                    () -> {
                                                        throw unchecked;
                                                    })));
                    assertSame(
                            checked,
                            assertThrows(
                                            TaskFailedException.class,
                                            () ->
                                                    Weft.onPlatformThread(
                                                            () -> {
                                                                throw checked;
                                                            }))
                                    .getCause());
                    return null;
                });
    }

    @Test
    void aRealFailureDuringTheCancelledCallsCleanupWinsWithTheCancellationSuppressed()
            throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        try (Scope s = Scope.open()) {
            Task<Object> caller =
                    s.fork(
                            () ->
                                    Weft.onPlatformThread(
                                            () -> {
                                                running.countDown();
                                                try {
                                                    new CountDownLatch(1).await();
                                                    return null;
                                                } catch (InterruptedException e) {
                                                    throw new IllegalStateException(
                                                            "cleanup failed");
                                                }
                                            }));
            running.await();
            caller.cancel();
            IllegalStateException e = assertThrows(IllegalStateException.class, caller::join);
            assertEquals("cleanup failed", e.getMessage());
            assertInstanceOf(CancelledException.class, e.getSuppressed()[0]);
        } catch (IllegalStateException reportedByTheScopeToo) {
            assertEquals("cleanup failed", reportedByTheScopeToo.getMessage());
        }
    }

    @Test
    void anInterruptMeantForACancelledCallNeverReachesALaterCall() throws Exception {
        Limiter one = new Limiter(1);
        for (int round = 0; round < 20; round++) {
            CountDownLatch running = new CountDownLatch(1);
            try (Scope s = Scope.open()) {
                Task<Object> caller =
                        s.fork(
                                () ->
                                        Weft.onPlatformThread(
                                                one,
                                                () -> {
                                                    running.countDown();
                                                    new CountDownLatch(1).await();
                                                    return null;
                                                }));
                running.await();
                caller.cancel();
                assertThrows(CancelledException.class, caller::join);
            }
            List<Boolean> interruptedAtStart = new ArrayList<>();
            Weft.run(
                    () -> {
                        for (int i = 0; i < 5; i++) {
                            interruptedAtStart.add(
                                    Weft.onPlatformThread(
                                            one, () -> Thread.currentThread().isInterrupted()));
                        }
                        return null;
                    });
            assertFalse(
                    interruptedAtStart.contains(true),
                    "round " + round + ": " + interruptedAtStart);
        }
    }

    @Test
    void callableAndLimiterMustNotBeNull() {
        Weft.run(
                () -> {
                    assertEquals(
                            "callable",
                            assertThrows(
                                            NullPointerException.class,
                                            () -> Weft.onPlatformThread(null))
                                    .getMessage());
                    assertEquals(
                            "limiter",
                            assertThrows(
                                            NullPointerException.class,
                                            () -> Weft.onPlatformThread(null, () -> 1))
                                    .getMessage());
                    return null;
                });
    }

    @Test
    void worksOutsideWeftToo() {
        assertEquals(42, Weft.onPlatformThread(() -> 42));
    }

    @Test
    void idlePoolThreadsEndAfterTheKeepAlive() {
        Weft.run(
                () ->
                        Weft.gather(
                                () -> Weft.onPlatformThread(() -> 1),
                                () -> Weft.onPlatformThread(() -> 2)));
        assertTrue(PlatformThreads.poolThreads() >= 1);
        // The build sets a keep-alive of 1 s (-Dweft.platformThreads.keepAliveSeconds=1).
        assertEquals(
                1L,
                PlatformThreads.KEEP_ALIVE_SECONDS,
                "run through Maven, which sets the keep-alive");
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (PlatformThreads.poolThreads() > 0) {
            assertTrue(
                    System.nanoTime() < deadline,
                    "idle platform threads are still alive after 20 s");
            Thread.onSpinWait();
            java.util.concurrent.locks.LockSupport.parkNanos(
                    10_000_000); // polling a state, not ordering
        }
        // the pool drops a worker from its count just before the worker's thread ends: wait for
        // each thread's end rather than expect none to be alive at this very moment
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("weft-platform-")) {
                try {
                    assertTrue(
                            t.join(Duration.ofSeconds(20)),
                            t + " is still alive 20 s after leaving the pool");
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }
        }
    }
}
