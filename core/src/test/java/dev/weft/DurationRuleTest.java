package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.ThrowingSupplier;

import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Weft's one rule for durations (docs/timeouts.md, "Zero and negative durations"), checked on every
 * public method of core that takes a {@link Duration}: a negative one is refused with {@link
 * IllegalArgumentException} naming the argument before anything starts; zero means "no time" (a
 * wait checks once, a deadline has already passed).
 *
 * <p>Before the rule, {@code withTimeout} and {@code Task.join} answered a negative timeout with
 * {@link DeadlineExceededException}, {@code wait} and {@code asCompleted} took it as zero and
 * {@code ScopeOptions.withTimeout} accepted it: the negative test failed on each.
 */
@Timeout(60)
class DurationRuleTest {
    private static final Duration NEGATIVE = Duration.ofNanos(-1);

    /**
     * Public API types; every public method or constructor with a Duration parameter is listed
     * below.
     */
    private static final List<Class<?>> API =
            List.of(
                    Weft.class,
                    Scope.class,
                    Task.class,
                    ScopeOptions.class,
                    Channel.class,
                    Select.class,
                    Limiter.class,
                    Event.class,
                    Context.class,
                    TaskTree.class,
                    WaitResult.class,
                    Outcome.class,
                    DeadlineExceededException.class);

    /** Methods whose Duration is not a wait or deadline (a value carried by an exception). */
    private static final Set<String> NOT_A_WAIT = Set.of("DeadlineExceededException.<init>");

    @Test
    void everyNegativeDurationIsRefusedByNameBeforeAnythingStarts() throws Exception {
        AtomicInteger ran = new AtomicInteger();
        Callable<Integer> work = () -> ran.incrementAndGet();
        Map<String, ThrowingSupplier<?>> calls = new LinkedHashMap<>();
        try (Scope scope = Scope.open()) {
            CountDownLatch release = new CountDownLatch(1);
            Task<Integer> running =
                    scope.fork(
                            () -> {
                                release.await();
                                return 1;
                            });
            Channel<Integer> channel = Channel.bounded(1);
            calls.put(
                    "Weft.sleep duration",
                    () -> {
                        Weft.sleep(NEGATIVE);
                        return null;
                    });
            calls.put("Weft.withTimeout timeout", () -> Weft.withTimeout(NEGATIVE, work));
            calls.put(
                    "Weft.withTimeoutOrEmpty timeout",
                    () -> Weft.withTimeoutOrEmpty(NEGATIVE, work));
            calls.put(
                    "Weft.wait timeout",
                    () -> Weft.wait(List.of(running), WaitMode.ALL_COMPLETED, NEGATIVE));
            calls.put(
                    "Weft.asCompleted timeout", () -> Weft.asCompleted(List.of(running), NEGATIVE));
            calls.put("Task.join timeout", () -> running.join(NEGATIVE));
            calls.put(
                    "ScopeOptions.withTimeout timeout",
                    () -> ScopeOptions.defaults().withTimeout(NEGATIVE));
            calls.put(
                    "ScopeOptions.<init> timeout",
                    () -> new ScopeOptions("s", FailurePolicy.FAIL_FAST, NEGATIVE));
            calls.put("Scope.reschedule timeout", () -> scope.reschedule(NEGATIVE));
            calls.put("Channel.trySend timeout", () -> channel.trySend(1, NEGATIVE));
            calls.put("Channel.tryReceive timeout", () -> channel.tryReceive(NEGATIVE));
            calls.put("Select.timeout timeout", () -> Select.timeout(NEGATIVE, () -> 1));
            calls.put("Limiter.tryAcquire timeout", () -> new Limiter(1).tryAcquire(NEGATIVE));
            calls.put("Event.await timeout", () -> new Event().await(NEGATIVE));

            for (Map.Entry<String, ThrowingSupplier<?>> c : calls.entrySet()) {
                String argument = c.getKey().substring(c.getKey().indexOf(' ') + 1);
                IllegalArgumentException e =
                        assertThrows(IllegalArgumentException.class, c.getValue()::get, c.getKey());
                assertTrue(
                        e.getMessage().startsWith(argument + " "),
                        c.getKey() + ": " + e.getMessage());
                assertTrue(
                        e.getMessage().contains("negative")
                                && e.getMessage().contains("PT-0.000000001S"),
                        c.getKey() + ": " + e.getMessage());
            }
            assertEquals(0, ran.get(), "no work ran");
            assertFalse(scope.isCancelled(), "a refused reschedule changed nothing");
            assertEquals(1, channel.capacity());
            assertEquals(0, channel.size(), "a refused send sent nothing");
            release.countDown();
            scope.join();
        }

        Set<String> covered = new TreeSet<>();
        calls.keySet().forEach(k -> covered.add(k.substring(0, k.indexOf(' '))));
        assertEquals(
                durationTakingMethods(),
                covered,
                "every public core method taking a Duration is checked here; add new ones");
    }

    private static Set<String> durationTakingMethods() {
        Set<String> found = new TreeSet<>();
        for (Class<?> type : API) {
            for (Method m : type.getMethods()) {
                if (m.getDeclaringClass() == type && takesDuration(m)) {
                    found.add(type.getSimpleName() + "." + m.getName());
                }
            }
            for (Constructor<?> c : type.getConstructors()) {
                if (takesDuration(c)) {
                    found.add(type.getSimpleName() + ".<init>");
                }
            }
        }
        found.removeAll(NOT_A_WAIT);
        return found;
    }

    private static boolean takesDuration(Executable e) {
        if (!Modifier.isPublic(e.getModifiers())) {
            return false;
        }
        for (Class<?> p : e.getParameterTypes()) {
            if (p == Duration.class) {
                return true;
            }
        }
        return false;
    }

    @Test
    void weftsOtherModulesGetTheSameRuleThroughTheInternalPackage() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                dev.weft.internal.DurationRules.requireNonNegative(
                                        NEGATIVE, "pollInterval"));
        assertEquals("pollInterval is negative: PT-0.000000001S", e.getMessage());
        assertEquals(
                Duration.ZERO,
                dev.weft.internal.DurationRules.requireNonNegative(Duration.ZERO, "timeout"));
        e =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                dev.weft.internal.DurationRules.requirePositive(
                                        Duration.ZERO, "connect"));
        assertEquals("connect is not positive: PT0S", e.getMessage());
        e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> dev.weft.internal.DurationRules.requirePositive(NEGATIVE, "connect"));
        assertEquals("connect is negative: PT-0.000000001S", e.getMessage());
        assertThrows(
                NullPointerException.class,
                () -> dev.weft.internal.DurationRules.requirePositive(null, "connect"));
        assertEquals(
                Duration.ofMillis(5),
                dev.weft.internal.DurationRules.requirePositive(Duration.ofMillis(5), "c"));
        long deadline =
                dev.weft.internal.DurationRules.deadlineFromNow(Duration.ofSeconds(Long.MAX_VALUE));
        assertTrue(
                deadline - System.nanoTime() > 0,
                "a huge timeout is a deadline far away, not one in the past");
    }

    @Test
    void zeroMeansNoTimeWaitsCheckOnceAndDeadlinesHavePassed() throws Exception {
        AtomicInteger ran = new AtomicInteger();
        assertThrows(
                DeadlineExceededException.class,
                () -> Weft.withTimeout(Duration.ZERO, ran::incrementAndGet));
        assertEquals(
                Optional.empty(), Weft.withTimeoutOrEmpty(Duration.ZERO, ran::incrementAndGet));
        assertEquals(0, ran.get(), "a zero timeout has expired before the work starts");
        Weft.sleep(Duration.ZERO);

        try (Scope scope = Scope.open()) {
            CountDownLatch release = new CountDownLatch(1);
            Task<Integer> running =
                    scope.fork(
                            () -> {
                                release.await();
                                return 1;
                            });
            Task<Integer> done = scope.fork(() -> 2);
            assertEquals(2, done.join());
            assertEquals(
                    2,
                    done.join(Duration.ZERO),
                    "a zero join of a finished task returns its value");
            assertThrows(DeadlineExceededException.class, () -> running.join(Duration.ZERO));
            WaitResult<Integer> w =
                    Weft.wait(List.of(running, done), WaitMode.ALL_COMPLETED, Duration.ZERO);
            assertEquals(Set.of(done), w.done());
            assertEquals(Set.of(running), w.pending());
            Iterator<Task<Integer>> it =
                    Weft.asCompleted(List.of(running, done), Duration.ZERO).iterator();
            assertSame(done, it.next(), "what is already done is yielded");
            assertThrows(DeadlineExceededException.class, it::next);
            release.countDown();
            scope.join();
        }

        try (Scope expired = Scope.open(ScopeOptions.defaults().withTimeout(Duration.ZERO))) {
            assertTrue(
                    expired.isCancelled(), "a zero scope timeout opens the scope already expired");
            assertThrows(DeadlineExceededException.class, expired::join);
        }
        try (Scope rescheduled = Scope.open()) {
            assertTrue(rescheduled.reschedule(Duration.ZERO));
            assertTrue(rescheduled.isCancelled());
            assertThrows(DeadlineExceededException.class, rescheduled::join);
        }

        Channel<Integer> full = Channel.bounded(1);
        assertTrue(full.trySend(1, Duration.ZERO));
        assertFalse(full.trySend(2, Duration.ZERO));
        assertEquals(Optional.of(1), full.tryReceive(Duration.ZERO));
        assertEquals(Optional.empty(), full.tryReceive(Duration.ZERO));
        assertEquals(
                "idle",
                Select.select(Select.receive(full), Select.timeout(Duration.ZERO, () -> "idle")));
        Limiter none = new Limiter(1);
        Limiter.Permit held = none.acquire();
        assertEquals(Optional.empty(), none.tryAcquire(Duration.ZERO));
        held.close();
        assertFalse(new Event().await(Duration.ZERO));
    }
}
