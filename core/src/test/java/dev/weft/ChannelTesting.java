package dev.weft;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Helpers shared by the channel, select, limiter and event tests. */
final class ChannelTesting {
    private ChannelTesting() {}

    /**
     * Spins (yielding) until {@code condition} holds: used to wait until another thread is parked
     * in a channel, which no latch can signal. Fails after 10 s instead of hanging.
     */
    static void awaitTrue(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        for (int spins = 0; !condition.getAsBoolean(); spins++) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out waiting until " + what);
            }
            if (spins < 100) {
                Thread.yield();
            } else {
                LockSupport.parkNanos(100_000); // polling a state, not ordering events
            }
        }
    }

    /**
     * Runs {@code r} and returns what it threw, or null: lets a task report an expected failure.
     */
    static Throwable thrownBy(CheckedRunnable r) {
        try {
            r.run();
            return null;
        } catch (Throwable e) {
            return e;
        }
    }

    /**
     * Forks a task into {@code scope}, cancels it, and only then lets it run {@code call}: the call
     * must see the task's sticky cancellation (the interrupt itself was consumed by the latch).
     * Returns what {@code call} threw, or null.
     */
    static Throwable thrownAfterCancel(Scope scope, CheckedRunnable call)
            throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch go = new CountDownLatch(1);
        Task<Throwable> task =
                scope.fork(
                        () -> {
                            started.countDown();
                            try {
                                go.await();
                            } catch (InterruptedException expected) {
                                // the cancellation's interrupt; the task stays cancelled
                            }
                            return thrownBy(call);
                        });
        started.await();
        task.cancel(CANCEL_REASON);
        go.countDown();
        return task.join();
    }

    static final String CANCEL_REASON = "cancelled before the call";

    static void awaitSenders(Channel<?> ch, int n) {
        awaitTrue(n + " waiting senders", () -> ((ChannelImpl<?>) ch).waitingSenders() == n);
    }

    static void awaitReceivers(Channel<?> ch, int n) {
        awaitTrue(n + " waiting receivers", () -> ((ChannelImpl<?>) ch).waitingReceivers() == n);
    }
}
