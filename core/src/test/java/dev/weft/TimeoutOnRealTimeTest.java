package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * Timeouts where only real time will do: against JDK blocking calls that Weft does not control (a
 * virtual clock never moves while a task is in one), and with the shared real timer thread. The
 * timing logic itself is tested on a virtual clock, in {@link TimeoutTest}.
 */
@Timeout(30)
class TimeoutOnRealTimeTest {
    private static final Duration SHORT = Duration.ofMillis(50);
    private static final Duration LONG = Duration.ofHours(1);

    @Test
    void workThatSwallowsInterruptionMakesTheTimeoutLateNeverLost() {
        CountDownLatch released = new CountDownLatch(1);
        Thread releaser = Thread.ofVirtual().unstarted(released::countDown);
        DeadlineExceededException e =
                assertThrows(
                        DeadlineExceededException.class,
                        () ->
                                Weft.withTimeout(
                                        SHORT,
                                        () -> {
                                            while (true) {
                                                try {
                                                    Thread.sleep(
                                                            LONG); // plain JDK call, interrupted by
                                                    // the timeout
                                                } catch (InterruptedException swallowed) {
                                                    break; // ignores it and carries on with more
                                                    // blocking work
                                                }
                                            }
                                            releaser.start();
                                            released.await(); // blocks again after the deadline;
                                            // the timeout waits
                                            return "ignored the deadline";
                                        }));
        assertInstanceOf(CancelledException.class, e.getCause());
    }

    @Test
    void aDeadlineThatHasPassedCountsEvenWhenTheTimerThreadIsLate() throws Exception {
        CountDownLatch timerBusy = new CountDownLatch(1);
        CountDownLatch releaseTimer = new CountDownLatch(1);
        Timer.schedule(
                0L,
                () -> {
                    timerBusy.countDown();
                    try {
                        releaseTimer
                                .await(); // the shared timer thread is stuck: no deadline can fire
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
        timerBusy.await();
        try {
            // The work outlives its 20 ms deadline (time has to pass here, so it sleeps) and the
            // timer never interrupts it: the timeout is late, but not lost.
            assertEquals(
                    Optional.empty(),
                    Weft.withTimeoutOrEmpty(
                            Duration.ofMillis(20),
                            () -> {
                                Thread.sleep(100);
                                return "late";
                            }));
            assertThrows(
                    DeadlineExceededException.class,
                    () ->
                            Weft.withTimeout(
                                    Duration.ofMillis(20),
                                    () -> {
                                        Thread.sleep(100);
                                        return "late";
                                    }));
        } finally {
            releaseTimer.countDown();
        }
    }
}
