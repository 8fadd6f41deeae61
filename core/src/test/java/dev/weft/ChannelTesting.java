package dev.weft;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Helpers shared by the channel, select, limiter and event tests. */
final class ChannelTesting {
    private ChannelTesting() {
    }

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

    /** Runs {@code r} and returns what it threw, or null: lets a task report an expected failure. */
    static Throwable thrownBy(CheckedRunnable r) {
        try {
            r.run();
            return null;
        } catch (Throwable e) {
            return e;
        }
    }

    static void awaitSenders(Channel<?> ch, int n) {
        awaitTrue(n + " waiting senders", () -> ((ChannelImpl<?>) ch).waitingSenders() == n);
    }

    static void awaitReceivers(Channel<?> ch, int n) {
        awaitTrue(n + " waiting receivers", () -> ((ChannelImpl<?>) ch).waitingReceivers() == n);
    }
}
