package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A task is found from its thread through the thread's uncaught-exception handler slot (no
 * per-thread map); these pin down what that means at the edges.
 */
@Timeout(30)
class CurrentTaskTest {

    @Test
    void aTaskFindsItselfAndOtherThreadsFindNone() {
        assertNull(TaskImpl.current(), "the test thread is no task");
        Weft.scope(
                s -> {
                    Task<TaskImpl<?>> t = s.fork(() -> TaskImpl.current());
                    assertSame(t, t.join());
                });
        assertFalse(
                Thread.ofVirtual().unstarted(() -> {}).getUncaughtExceptionHandler()
                        instanceof TaskImpl);
    }

    @Test
    void aThreadLentATasksHandlerIsNotThatTask() throws Exception {
        AtomicReference<Throwable> seen = new AtomicReference<>();
        Weft.scope(
                s -> {
                    Task<Thread.UncaughtExceptionHandler> t =
                            s.fork(() -> Thread.currentThread().getUncaughtExceptionHandler());
                    Thread.UncaughtExceptionHandler handler = t.join();
                    assertInstanceOf(TaskImpl.class, handler);
                    Thread other =
                            Thread.ofVirtual()
                                    .uncaughtExceptionHandler(handler)
                                    .start(
                                            () -> {
                                                try {
                                                    assertNull(TaskImpl.current());
                                                    Weft.fork(() -> 1);
                                                } catch (Throwable e) {
                                                    seen.set(e);
                                                }
                                            });
                    other.join();
                });
        assertInstanceOf(
                IllegalStateException.class, seen.get(), "outside every scope: " + seen.get());
    }

    @Test
    void theHandlerPassesAFailureOnAsTheJdkDoesForAThreadWithoutOne() throws Exception {
        AtomicReference<Throwable> reported = new AtomicReference<>();
        Thread.UncaughtExceptionHandler saved = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((th, e) -> reported.set(e));
        try {
            IllegalStateException boom = new IllegalStateException("bookkeeping failed");
            Weft.scope(
                    s ->
                            s.fork(
                                    () -> {
                                        Thread.currentThread()
                                                .getUncaughtExceptionHandler()
                                                .uncaughtException(Thread.currentThread(), boom);
                                        return null;
                                    }));
            assertSame(boom, reported.get());
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(saved);
        }
    }

    @Test
    void codeThatReplacesItsThreadsHandlerDetachesTheThreadButInterruptsStillCancelIt()
            throws Exception {
        CountDownLatch sleeping = new CountDownLatch(1);
        AtomicReference<Throwable> inner = new AtomicReference<>();
        try (Scope outer = Scope.open()) {
            Task<Void> t =
                    outer.fork(
                            () -> {
                                Thread.currentThread().setUncaughtExceptionHandler((th, e) -> {});
                                assertNull(TaskImpl.current(), "detached");
                                try {
                                    Weft.scope(
                                            s ->
                                                    s.fork(
                                                            () -> {
                                                                sleeping.countDown();
                                                                Weft.sleep(Duration.ofMinutes(5));
                                                            }));
                                } catch (Throwable e) {
                                    inner.set(e);
                                    throw e;
                                }
                            });
            sleeping.await();
            t.cancel("stop");
            outer.join();
            assertEquals(Task.State.CANCELLED, t.state());
        }
        assertInstanceOf(CancelledException.class, inner.get());
        assertTrue(ScopeImpl.ROOTS.isEmpty(), "the detached thread's scope, a root, was closed");
    }

    @Test
    void aCheckpointFindsItsTasksCancellationWithoutTheInterrupt() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        try (Scope s = Scope.open()) {
            Task<String> t =
                    s.fork(
                            () -> {
                                started.countDown();
                                try {
                                    never.await();
                                } catch (InterruptedException e) {
                                    // the cancel's interrupt, now cleared: only the sticky reason
                                    // is left
                                }
                                return assertThrows(CancelledException.class, Weft::checkpoint)
                                        .reason();
                            });
            started.await();
            t.cancel("enough");
            s.join();
            assertEquals("enough", t.join());
        }
    }
}
