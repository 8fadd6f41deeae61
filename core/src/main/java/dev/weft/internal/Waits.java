package dev.weft.internal;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * Core's waits that are not cancellation points, for cleanup in Weft's other modules that must
 * finish even in a cancelled task (a process's grace period, closing a resource): the wait goes
 * on through interrupts, which are re-asserted afterwards by core's rule (a Weft task stays
 * cancelled, any other thread is interrupted again). Timed waits go through core, like every
 * other timed wait of Weft.
 */
public final class Waits {
    private Waits() {}

    /**
     * Waits until {@code stage} completes, however long that takes.
     *
     * @param stage what to wait for
     */
    public static void awaitQuietly(CompletionStage<?> stage) {
        Access.core().awaitQuietly(stage, null);
    }

    /**
     * Waits at most {@code timeout} for {@code stage} to complete.
     *
     * @param stage what to wait for
     * @param timeout how long at most; zero or negative does not wait
     * @return whether the stage completed
     */
    public static boolean awaitQuietly(CompletionStage<?> stage, Duration timeout) {
        return Access.core().awaitQuietly(stage, java.util.Objects.requireNonNull(timeout, "timeout"));
    }

    /**
     * Pauses the calling thread for {@code duration} without being a cancellation point: for
     * polling during cleanup (is a process still running?) in a task that may be cancelled.
     *
     * @param duration how long
     */
    public static void sleepQuietly(Duration duration) {
        Access.core().sleepQuietly(java.util.Objects.requireNonNull(duration, "duration"));
    }
}
