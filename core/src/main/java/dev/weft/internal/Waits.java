package dev.weft.internal;

import dev.weft.Task;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * Core's waits that are not cancellation points, for cleanup in Weft's other modules that must
 * finish even in a cancelled task (a process's grace period, closing a resource, a server's close):
 * the wait goes on through interrupts, which are re-asserted afterwards by core's rule (a Weft task
 * stays cancelled, any other thread is interrupted again).
 *
 * <p>Under a virtual clock: {@link #awaitEnd} waits for a Weft task, so it is a Weft wait (time
 * moves when everything else waits too); {@link #awaitQuietly} and {@link #sleepQuietly} wait for
 * work outside Weft (a process's exit, the state of the operating system's processes), so the
 * waiting thread counts as running and their bounds are kept in real time, as that work runs in
 * real time.
 */
public final class Waits {
    private Waits() {}

    /**
     * Waits until {@code stage}, completed by work outside Weft, completes, however long that
     * takes.
     *
     * @param stage what to wait for
     */
    public static void awaitQuietly(CompletionStage<?> stage) {
        Access.core().awaitQuietly(stage, null);
    }

    /**
     * Waits at most {@code timeout} of real time for {@code stage}, completed by work outside Weft,
     * to complete.
     *
     * @param stage what to wait for
     * @param timeout how long at most; zero or negative does not wait
     * @return whether the stage completed
     */
    public static boolean awaitQuietly(CompletionStage<?> stage, Duration timeout) {
        return Access.core()
                .awaitQuietly(stage, java.util.Objects.requireNonNull(timeout, "timeout"));
    }

    /**
     * Pauses the calling thread for {@code duration} of real time without being a cancellation
     * point: for polling the state of something outside Weft during cleanup (is a process still
     * running?) in a task that may be cancelled.
     *
     * @param duration how long
     */
    public static void sleepQuietly(Duration duration) {
        Access.core().sleepQuietly(java.util.Objects.requireNonNull(duration, "duration"));
    }

    /**
     * Waits until {@code task} has ended, whatever happens to the caller meanwhile: an interrupt,
     * or the cancellation of the caller's task, does not end the wait (the caller has to see the
     * task end, as a server's {@code close()} does); the first one runs {@code onFirstInterrupt}
     * (which should make the task end soon).
     *
     * @param task the task to wait for
     * @param onFirstInterrupt what to do at the first interrupt
     * @return whether the caller was interrupted meanwhile; the interrupt status is then cleared,
     *     for the caller to restore
     * @throws IllegalStateException if the caller is {@code task}'s own thread
     */
    public static boolean awaitEnd(Task<?> task, Runnable onFirstInterrupt) {
        return Access.core().awaitEnd(task, onFirstInterrupt);
    }
}
