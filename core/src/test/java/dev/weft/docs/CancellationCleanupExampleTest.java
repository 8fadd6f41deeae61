package dev.weft.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.CancelledException;
import dev.weft.DeadlineExceededException;
import dev.weft.Task;
import dev.weft.Weft;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

// region test
@Timeout(10) // anything that blocks gets a timeout
class CancellationCleanupExampleTest {
    @Test
    void cancellingTheWorkerRunsItsCleanup() {
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean cleanedUp = new AtomicBoolean();
        Weft.run(
                () -> {
                    Task<Void> worker =
                            Weft.fork(
                                    () -> {
                                        try {
                                            started.countDown();
                                            Weft.sleep(
                                                    Duration.ofHours(1)); // blocks until cancelled
                                        } finally {
                                            cleanedUp.set(true);
                                        }
                                    });
                    started.await(); // order with a latch, never with a sleep
                    worker.cancel();
                    assertThrows(CancelledException.class, worker::join);
                    assertEquals(Task.State.CANCELLED, worker.state());
                });
        assertTrue(cleanedUp.get()); // Weft.run returned: the worker has ended
    }

    // region timeout-test
    @Test
    void aStuckCallTimesOut() {
        CountDownLatch never = new CountDownLatch(1);
        DeadlineExceededException e =
                assertThrows(
                        DeadlineExceededException.class,
                        () ->
                                Weft.withTimeout(
                                        Duration.ofMillis(50),
                                        () -> {
                                            never.await(); // blocks until interrupted
                                            return "unreachable";
                                        }));
        assertInstanceOf(CancelledException.class, e.getCause()); // assert the shape, not the clock
    }
    // endregion
}
// endregion
