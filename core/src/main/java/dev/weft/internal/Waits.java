package dev.weft.internal;

import dev.weft.Task;

/**
 * Weft waits that Weft's other modules need and the public API does not offer, so that their
 * waits stay Weft waits (which a virtual clock sees) instead of JDK latches.
 */
public final class Waits {
    private Waits() {}

    /**
     * Waits until {@code task} has ended, whatever happens to the caller meanwhile: an interrupt,
     * or the cancellation of the caller's task, does not end the wait (the caller has to see the
     * task end, as a server's {@code close()} does); the first one runs
     * {@code onFirstInterrupt} (which should make the task end soon).
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
