package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

@Timeout(30)
class GatherTest {

    @Test
    void resultsComeInArgumentOrderWhateverTheCompletionOrder() {
        CountDownLatch firstMayFinish = new CountDownLatch(1);
        List<String> results =
                Weft.gather(
                        () -> {
                            firstMayFinish.await(); // finishes last
                            return "first";
                        },
                        () -> {
                            firstMayFinish.countDown();
                            return "second";
                        });
        assertEquals(List.of("first", "second"), results);
    }

    @Test
    void firstFailureCancelsTheRestWaitsAndIsRethrownAsItself() {
        AtomicBoolean otherWasCancelled = new AtomicBoolean();
        CountDownLatch otherBlocked = new CountDownLatch(1);
        IllegalStateException e =
                assertThrows(
                        IllegalStateException.class,
                        () ->
                                Weft.gather(
                                        () -> {
                                            try {
                                                otherBlocked.countDown();
                                                Weft.sleep(Duration.ofHours(1));
                                            } catch (CancelledException c) {
                                                otherWasCancelled.set(true);
                                                throw c;
                                            }
                                            return 1;
                                        },
                                        () -> {
                                            otherBlocked.await();
                                            throw new IllegalStateException("second failed");
                                        }));
        assertEquals("second failed", e.getMessage());
        assertTrue(otherWasCancelled.get(), "no sibling outlives gather");
    }

    @Test
    void gatherOfAListAndOfNothing() {
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            int n = i;
            calls.add(() -> n * n);
        }
        List<Integer> squares = Weft.gather(calls);
        for (int i = 0; i < 100; i++) {
            assertEquals(i * i, squares.get(i));
        }
        assertEquals(List.of(), Weft.gather(List.<Callable<Integer>>of()));
    }

    @Test
    void settledReturnsEveryOutcomeInOrderAndNeverThrowsForFailures() throws Exception {
        CountDownLatch failed = new CountDownLatch(1);
        List<Outcome<String>> outcomes =
                Weft.gatherSettled(
                        () -> "ok",
                        () -> {
                            try {
                                throw new IllegalArgumentException("bad");
                            } finally {
                                failed.countDown();
                            }
                        },
                        () -> {
                            failed.await(); // the failure cancels nothing
                            throw new CancelledException("gave up");
                        });
        assertEquals(new Outcome.Success<>("ok"), outcomes.get(0));
        assertInstanceOf(
                IllegalArgumentException.class,
                ((Outcome.Failure<String>) outcomes.get(1)).error());
        assertEquals(new Outcome.Cancelled<>("gave up"), outcomes.get(2));
    }

    @Test
    void cancellingTheCallerOfGatherCancelsItsTasks() throws Exception {
        CountDownLatch running = new CountDownLatch(2);
        AtomicInteger cancelled = new AtomicInteger();
        AtomicReference<Throwable> error = new AtomicReference<>();
        try (Scope s = Scope.open()) {
            Task<List<Object>> caller =
                    s.fork(
                            () ->
                                    Weft.gather(
                                            () -> blockUntilCancelled(running, cancelled),
                                            () -> blockUntilCancelled(running, cancelled)));
            running.await();
            caller.cancel("caller cancelled");
            s.join();
            error.set(assertThrows(CancelledException.class, caller::join));
        }
        assertEquals(2, cancelled.get());
        assertEquals("caller cancelled", ((CancelledException) error.get()).reason());
    }

    private static Object blockUntilCancelled(CountDownLatch running, AtomicInteger cancelled) {
        running.countDown();
        try {
            Weft.sleep(Duration.ofHours(1));
        } catch (CancelledException e) {
            cancelled.incrementAndGet();
            throw e;
        }
        return null;
    }

    @Test
    void nullArgumentsAreNamed() {
        NullPointerException e =
                assertThrows(
                        NullPointerException.class,
                        () -> Weft.gather(java.util.Arrays.asList(() -> 1, null)));
        assertTrue(e.getMessage().contains("callables[1]"), e.getMessage());
    }
}
