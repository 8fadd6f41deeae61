package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.internal.VirtualClockControl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

@Timeout(30)
class WaitTest {

    @Test
    void firstCompletedReturnsAndLeavesPendingTasksRunning() {
        CountDownLatch release = new CountDownLatch(1);
        try (Scope s = Scope.open()) {
            Task<Integer> fast = s.fork(() -> 1);
            Task<Integer> slow =
                    s.fork(
                            () -> {
                                release.await();
                                return 2;
                            });
            WaitResult<Integer> r = Weft.wait(List.of(slow, fast), WaitMode.FIRST_COMPLETED);
            assertEquals(Set.of(fast), r.done());
            assertEquals(Set.of(slow), r.pending());
            assertFalse(slow.isDone(), "wait never cancels pending tasks");
            release.countDown();
            WaitResult<Integer> all = Weft.wait(List.of(slow, fast), WaitMode.ALL_COMPLETED);
            assertEquals(List.of(slow, fast), new ArrayList<>(all.done()), "argument order");
            assertTrue(all.pending().isEmpty());
            s.join();
        }
    }

    @Test
    void firstExceptionReturnsAtTheFirstFailure() {
        CountDownLatch release = new CountDownLatch(1);
        try (Scope s = Scope.open(ScopeOptions.defaults().supervised())) {
            Task<Integer> bad =
                    s.fork(
                            () -> {
                                throw new IllegalStateException("x");
                            });
            Task<Integer> slow =
                    s.fork(
                            () -> {
                                release.await();
                                return 2;
                            });
            WaitResult<Integer> r = Weft.wait(List.of(bad, slow), WaitMode.FIRST_EXCEPTION);
            assertEquals(Set.of(bad), r.done());
            assertEquals(Set.of(slow), r.pending());
            release.countDown();
            assertThrows(TaskGroupException.class, s::join);
        }
    }

    @Test
    @OnVirtualClock
    void timeoutReturnsWhatIsDoneWithoutThrowing(VirtualClockControl clock) {
        Event release = new Event();
        try (Scope s = Scope.open()) {
            Task<Integer> slow =
                    s.fork(
                            () -> {
                                release.await();
                                return 2;
                            });
            WaitResult<Integer> r =
                    Weft.wait(List.of(slow), WaitMode.ALL_COMPLETED, Duration.ofMillis(30));
            assertTrue(r.done().isEmpty());
            assertEquals(Set.of(slow), r.pending());
            assertEquals(Duration.ofMillis(30), clock.elapsed());
            release.set();
            s.join();
        }
    }

    @Test
    void asCompletedYieldsInCompletionOrder() {
        CountDownLatch release = new CountDownLatch(1);
        try (Scope s = Scope.open()) {
            Task<String> a =
                    s.fork(
                            () -> {
                                release.await(); // finishes only after b was delivered
                                return "a";
                            });
            Task<String> b = s.fork(() -> "b");
            List<String> order = new ArrayList<>();
            for (Task<String> t : Weft.asCompleted(List.of(a, b))) {
                order.add(t.join());
                release.countDown();
            }
            assertEquals(List.of("b", "a"), order);
            s.join();
        }
    }

    @Test
    @OnVirtualClock
    void asCompletedWithAnOverallTimeoutThrowsDeadlineExceeded(VirtualClockControl clock) {
        Event release = new Event();
        try (Scope s = Scope.open()) {
            Task<String> fast =
                    s.fork(
                            () -> {
                                Weft.sleep(Duration.ofMillis(10));
                                return "fast";
                            });
            Task<String> slow =
                    s.fork(
                            () -> {
                                release.await();
                                return "slow";
                            });
            var it = Weft.asCompleted(List.of(fast, slow), Duration.ofMillis(50)).iterator();
            assertEquals("fast", it.next().join());
            assertEquals(Duration.ofMillis(10), clock.elapsed());
            assertThrows(DeadlineExceededException.class, it::next);
            assertEquals(
                    Duration.ofMillis(50), clock.elapsed()); // the overall timeout, from the call
            assertFalse(slow.isDone(), "the timeout cancels nothing");
            release.set();
            s.join();
        }
    }

    /**
     * Item 6 of issue 15: on the old main this did not compile ("cannot infer type-variable T")
     * without an unchecked cast at the call site.
     */
    @Test
    void waitAndAsCompletedTakeTasksOfDifferentResultTypes() {
        try (Scope s = Scope.open()) {
            Task<String> text = s.fork(() -> "a");
            Task<Integer> number = s.fork(() -> 1);
            List<Task<?>> mixed = List.of(text, number);
            WaitResult<Object> all = Weft.wait(mixed, WaitMode.ALL_COMPLETED);
            assertEquals(Set.of(text, number), all.done());
            WaitResult<?> timed =
                    Weft.wait(
                            List.of(text, number), WaitMode.FIRST_COMPLETED, Duration.ofSeconds(5));
            assertFalse(timed.done().isEmpty());
            List<Object> values = new ArrayList<>();
            for (Task<Object> t : Weft.asCompleted(mixed)) {
                values.add(t.join());
            }
            assertEquals(Set.of("a", 1), Set.copyOf(values));
            for (Task<?> t : Weft.asCompleted(mixed, Duration.ofSeconds(5))) {
                assertTrue(t.isDone());
            }
            WaitResult<String> typed = Weft.wait(List.of(text), WaitMode.ALL_COMPLETED);
            assertEquals(
                    "a",
                    typed.done().iterator().next().resultNow(),
                    "one result type still infers");
            s.join();
        }
    }

    /** Issue 15, item 10: WaitResult's doc said it rejects null elements; it accepted them. */
    @Test
    void waitResultRefusesNullElementsByNameAndKeepsOrder() {
        try (Scope s = Scope.open()) {
            Task<Integer> a = s.fork(() -> 1);
            Task<Integer> b = s.fork(() -> 2);
            Set<Task<Integer>> withNull = new java.util.HashSet<>();
            withNull.add(null);
            NullPointerException e =
                    assertThrows(
                            NullPointerException.class, () -> new WaitResult<>(withNull, Set.of()));
            assertEquals("done contains null", e.getMessage());
            e =
                    assertThrows(
                            NullPointerException.class,
                            () -> new WaitResult<>(Set.of(a), withNull));
            assertEquals("pending contains null", e.getMessage());
            Set<Task<Integer>> ordered = new java.util.LinkedHashSet<>(List.of(b, a));
            assertEquals(
                    List.of(b, a), new ArrayList<>(new WaitResult<>(ordered, Set.of()).done()));
            s.join();
        }
    }
}
