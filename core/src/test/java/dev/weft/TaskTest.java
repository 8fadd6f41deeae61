package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;

import dev.weft.internal.VirtualClockControl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;

@Timeout(30)
class TaskTest {

    @Test
    void statesAndAccessorsOfASuccessfulTask() {
        CountDownLatch release = new CountDownLatch(1);
        try (Scope s = Scope.open()) {
            Task<String> t =
                    s.fork(
                            "greeter",
                            () -> {
                                release.await();
                                return "hi";
                            });
            assertEquals("greeter", t.name());
            assertEquals(Task.State.RUNNING, t.state());
            assertFalse(t.isDone());
            IllegalStateException notReady =
                    assertThrows(IllegalStateException.class, t::resultNow);
            assertTrue(notReady.getMessage().contains("greeter"), notReady.getMessage());
            assertThrows(IllegalStateException.class, t::exceptionNow);
            assertThrows(IllegalStateException.class, t::outcome);
            release.countDown();
            assertEquals("hi", t.join());
            assertEquals(Task.State.SUCCEEDED, t.state());
            assertEquals("hi", t.resultNow());
            assertEquals(new Outcome.Success<>("hi"), t.outcome());
            assertThrows(IllegalStateException.class, t::exceptionNow);
            s.join();
        }
    }

    @Test
    void failedTaskRethrowsItsOwnUncheckedException() {
        IllegalStateException boom = new IllegalStateException("boom");
        try (Scope s = Scope.open(ScopeOptions.defaults().supervised())) {
            Task<Object> t =
                    s.fork(
                            () -> {
                                throw boom;
                            });
            assertSame(boom, assertThrows(IllegalStateException.class, t::join));
            assertEquals(Task.State.FAILED, t.state());
            assertSame(boom, t.exceptionNow());
            assertEquals(new Outcome.Failure<>(boom), t.outcome());
            assertThrows(TaskGroupException.class, s::join);
        }
    }

    @Test
    void cancelIsIdempotentAndReportsWhetherItHadAnEffect() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        try (Scope s = Scope.open()) {
            Task<Object> t =
                    s.fork(
                            () -> {
                                started.countDown();
                                new CountDownLatch(1).await();
                                return null;
                            });
            started.await();
            assertTrue(t.cancel("first"));
            assertFalse(t.cancel("second"));
            CancelledException e = assertThrows(CancelledException.class, t::join);
            assertEquals("first", e.reason());
            assertEquals(Task.State.CANCELLED, t.state());
            assertEquals(new Outcome.Cancelled<>("first"), t.outcome());
            assertFalse(t.cancel(), "cancelling a finished task has no effect");
            s.join();
        }
    }

    @Test
    @OnVirtualClock
    void timedJoinThrowsDeadlineExceededAndLeavesTheTaskRunning(VirtualClockControl clock) {
        Event release = new Event();
        try (Scope s = Scope.open()) {
            Task<Integer> t =
                    s.fork(
                            () -> {
                                release.await();
                                return 7;
                            });
            assertThrows(DeadlineExceededException.class, () -> t.join(Duration.ofMillis(20)));
            assertEquals(Duration.ofMillis(20), clock.elapsed());
            assertFalse(t.isDone());
            release.set();
            assertEquals(7, t.join(Duration.ofSeconds(20)));
            s.join();
        }
    }

    @Test
    void completionCallbacksRunOnceInRegistrationOrderAndImmediatelyWhenDone() {
        List<String> events = new CopyOnWriteArrayList<>();
        CountDownLatch release = new CountDownLatch(1);
        try (LogCapture log = new LogCapture()) {
            try (Scope s = Scope.open()) {
                Task<Integer> t =
                        s.fork(
                                "counted",
                                () -> {
                                    release.await();
                                    return 1;
                                });
                t.onComplete(x -> events.add("a:" + x.state()));
                t.onComplete(
                        x -> {
                            throw new IllegalStateException(
                                    "a failing callback is logged, not fatal");
                        });
                release.countDown();
                s.join();
                t.onComplete(x -> events.add("late:" + x.resultNow()));
            }
            assertEquals(List.of("a:SUCCEEDED", "late:1"), events);
            List<ILoggingEvent> logged = log.events();
            assertEquals(1, logged.size(), logged::toString);
            assertEquals(Level.WARN, logged.get(0).getLevel());
            assertEquals(
                    "completion callback of task 'counted' threw",
                    logged.get(0).getFormattedMessage());
            assertEquals(
                    "a failing callback is logged, not fatal",
                    logged.get(0).getThrowableProxy().getMessage());
        }
    }

    @Test
    void completableFutureBridgeCompletesAndCancels() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        try (Scope s = Scope.open()) {
            CompletableFuture<Integer> ok = s.fork(() -> 5).toCompletableFuture();
            assertEquals(5, ok.get());
            CompletableFuture<Object> bad =
                    s.fork(
                                    () -> {
                                        throw new IllegalArgumentException("bad");
                                    })
                            .toCompletableFuture();
            ExecutionException ee = assertThrows(ExecutionException.class, bad::get);
            assertInstanceOf(IllegalArgumentException.class, ee.getCause());
            s.join();
        } catch (IllegalArgumentException expectedFromScope) {
            assertEquals("bad", expectedFromScope.getMessage());
        }
        try (Scope s = Scope.open()) {
            Task<Object> slow =
                    s.fork(
                            () -> {
                                started.countDown();
                                new CountDownLatch(1).await();
                                return null;
                            });
            started.await();
            CompletableFuture<Object> f = slow.toCompletableFuture();
            f.cancel(true);
            assertThrows(CancellationException.class, f::join);
            assertThrows(CancelledException.class, slow::join);
        }
    }

    @Test
    void aTaskCannotJoinItself() {
        Weft.scope(
                s -> {
                    Task<?>[] self = new Task<?>[1];
                    CountDownLatch assigned = new CountDownLatch(1);
                    Task<Throwable> t =
                            s.fork(
                                    () -> {
                                        assigned.await();
                                        try {
                                            self[0].join();
                                            return null;
                                        } catch (IllegalStateException e) {
                                            return e;
                                        }
                                    });
                    self[0] = t;
                    assigned.countDown();
                    assertInstanceOf(IllegalStateException.class, t.join());
                });
    }

    @Test
    @Timeout(60)
    void aCallbackRegisteredWhileTheTaskEndsRunsExactlyOnce() {
        // completion reads the waiter stack only once; a callback pushed just after that read
        // must still run, once: race both sides a few thousand times
        int rounds = 3000;
        java.util.concurrent.atomic.AtomicIntegerArray runs =
                new java.util.concurrent.atomic.AtomicIntegerArray(rounds);
        java.util.concurrent.atomic.AtomicInteger joined =
                new java.util.concurrent.atomic.AtomicInteger();
        Weft.scope(
                s -> {
                    for (int i = 0; i < rounds; i++) {
                        int k = i;
                        Task<Integer> t = s.fork(() -> k);
                        t.onComplete(done -> runs.incrementAndGet(k));
                        if (t.join() == k) {
                            joined.incrementAndGet();
                        }
                    }
                });
        assertEquals(rounds, joined.get());
        for (int i = 0; i < rounds; i++) {
            assertEquals(1, runs.get(i), "callback of task " + i);
        }
    }
}
