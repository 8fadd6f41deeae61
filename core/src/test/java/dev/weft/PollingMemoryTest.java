package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Polling a long-lived task with timed waits leaves nothing behind on it (issue 15, item 9). On the
 * old main every timed-out {@code join(d)} left its waiter on the task, and every {@code wait(...,
 * d)} and {@code asCompleted(..., d)} a completion callback: a million polls grew the task's list
 * by a million nodes.
 *
 * <p>The polls use zero and one-nanosecond timeouts on a task that stays running, so a million of
 * them take seconds; four pollers run at once so that withdrawals race each other.
 */
@Timeout(120)
class PollingMemoryTest {
    private static final int POLLERS = 4;
    private static final int POLLS_PER_POLLER = 250_000;
    private static final Duration TINY = Duration.ofNanos(1);

    @Test
    void aMillionTimedPollsOfOneLongLivedTaskLeaveItsWaiterListEmpty() throws Exception {
        AtomicInteger polls = new AtomicInteger();
        AtomicInteger worst = new AtomicInteger();
        try (Scope s = Scope.open()) {
            CountDownLatch release = new CountDownLatch(1);
            TaskImpl<Integer> longLived =
                    (TaskImpl<Integer>)
                            s.fork(
                                    "long-lived",
                                    () -> {
                                        release.await();
                                        return 42;
                                    });
            List<Task<Void>> pollers = new ArrayList<>();
            for (int p = 0; p < POLLERS; p++) {
                int kind = p;
                pollers.add(
                        s.fork(
                                "poller-" + p,
                                () -> {
                                    for (int i = 0; i < POLLS_PER_POLLER; i++) {
                                        Duration timeout = (i & 7) == 0 ? Duration.ZERO : TINY;
                                        switch ((kind + i) % 3) {
                                            case 0 ->
                                                    assertThrows(
                                                            DeadlineExceededException.class,
                                                            () -> longLived.join(timeout));
                                            case 1 ->
                                                    assertEquals(
                                                            1,
                                                            Weft.wait(
                                                                            List.of(longLived),
                                                                            WaitMode
                                                                                    .FIRST_COMPLETED,
                                                                            timeout)
                                                                    .pending()
                                                                    .size());
                                            default -> {
                                                Iterator<Task<Integer>> it =
                                                        Weft.asCompleted(
                                                                        List.of(longLived), timeout)
                                                                .iterator();
                                                assertThrows(
                                                        DeadlineExceededException.class, it::next);
                                            }
                                        }
                                        polls.incrementAndGet();
                                        if ((i & 0x3FF) == 0) {
                                            worst.accumulateAndGet(
                                                    longLived.waiterNodes(), Math::max);
                                        }
                                    }
                                }));
            }
            for (Task<Void> p : pollers) {
                p.join();
            }
            assertEquals(POLLERS * POLLS_PER_POLLER, polls.get());
            assertEquals(0, longLived.waiterNodes(), "nothing is left on the task after the polls");
            assertTrue(
                    worst.get() <= 2 * POLLERS,
                    "at most a node or two per poller at any time: " + worst.get());

            // The task still completes normally and a waiting joiner still gets its value.
            Task<Integer> joiner = s.fork(() -> longLived.join());
            while (longLived.waiterNodes() == 0) {
                Thread.onSpinWait(); // until the joiner is parked on the task
            }
            release.countDown();
            assertEquals(42, joiner.join());
            s.join();
        }
    }

    @Test
    void aCancelledWaitAlsoLeavesNothingBehind() throws Exception {
        try (Scope s = Scope.open()) {
            CountDownLatch release = new CountDownLatch(1);
            TaskImpl<Integer> longLived =
                    (TaskImpl<Integer>)
                            s.fork(
                                    () -> {
                                        release.await();
                                        return 1;
                                    });
            for (int round = 0; round < 3; round++) {
                int kind = round;
                CountDownLatch waiting = new CountDownLatch(1);
                Task<Object> waiter =
                        s.fork(
                                () -> {
                                    waiting.countDown();
                                    return switch (kind) {
                                        case 0 -> longLived.join();
                                        case 1 ->
                                                Weft.wait(
                                                        List.of(longLived), WaitMode.ALL_COMPLETED);
                                        default ->
                                                Weft.asCompleted(List.of(longLived))
                                                        .iterator()
                                                        .next();
                                    };
                                });
                waiting.await();
                while (longLived.waiterNodes() == 0) {
                    Thread.onSpinWait(); // until the waiter is registered on the task
                }
                waiter.cancel("stop waiting");
                assertThrows(CancelledException.class, waiter::join);
                assertEquals(0, longLived.waiterNodes(), "round " + round);
            }
            release.countDown();
            s.join();
        }
    }
}
