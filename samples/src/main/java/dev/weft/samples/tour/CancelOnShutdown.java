package dev.weft.samples.tour;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns Ctrl-C into cancellation: a shutdown hook interrupts the thread that runs a sample — every
 * Weft call it is blocked in then cancels its tasks, waits for them and throws
 * {@link dev.weft.CancelledException} — and gives it a short grace period to finish before the
 * JVM halts.
 *
 * <p>Install on the thread that runs the sample; close when the sample is done, so that a normal
 * exit interrupts nothing.
 */
final class CancelOnShutdown implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CancelOnShutdown.class);

    private final Thread runner = Thread.currentThread();
    private final Duration grace;
    private final Thread hook;
    private final CountDownLatch done = new CountDownLatch(1);

    private CancelOnShutdown(Duration grace) {
        this.grace = grace;
        this.hook = new Thread(this::cancelRunner, "weft-tour-shutdown");
    }

    /**
     * Installs the hook for the calling thread.
     *
     * @param grace how long the hook waits for the cancelled sample to finish
     * @return the installed guard; close it when the sample is done
     */
    static CancelOnShutdown install(Duration grace) {
        CancelOnShutdown guard = new CancelOnShutdown(grace);
        Runtime.getRuntime().addShutdownHook(guard.hook);
        return guard;
    }

    /** The hook's work: interrupts the runner and waits up to the grace period for {@link #close()}. */
    void cancelRunner() {
        if (done.getCount() == 0) {
            return;
        }
        LOG.warn("shutting down: cancelling the running sample");
        runner.interrupt();
        try {
            // Not runner.join(): a main thread that has returned stays alive until the hooks end.
            if (!done.await(grace.toNanos(), TimeUnit.NANOSECONDS)) {
                LOG.warn("the sample did not finish within {}", grace);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        done.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shutdownInProgress) {
            LOG.debug("JVM already shutting down; the hook sees that the sample is done");
        }
    }
}
