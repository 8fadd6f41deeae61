package dev.weft.internal;

import dev.weft.CancelledException;
import dev.weft.Weft;

import org.jspecify.annotations.Nullable;

/**
 * Core's cancellation rule for blocking calls in Weft's other modules, so that a cancelled task
 * sees the same behaviour from an HTTP call or a file read as from {@link Weft#sleep}:
 *
 * <ul>
 *   <li>before blocking, {@link #checkpoint()}: throws {@link CancelledException} if the thread is
 *       interrupted or its task was cancelled earlier (sticky, even after the interrupt was
 *       consumed);
 *   <li>when the blocking call reports an interrupt ({@link InterruptedException}, {@link
 *       java.nio.channels.ClosedByInterruptException}, {@link java.io.InterruptedIOException}),
 *       {@link #interrupted(String, Throwable)} builds the exception: inside a Weft task the
 *       interrupt status is left cleared (the task's cancellation is sticky, so cleanup code can
 *       block), elsewhere it is set again.
 * </ul>
 */
public final class Cancellations {
    private Cancellations() {}

    /**
     * Throws if the calling task is cancelled or the thread interrupted, exactly as {@link
     * Weft#checkpoint()}.
     *
     * @throws CancelledException if so
     */
    public static void checkpoint() {
        Weft.checkpoint();
    }

    /**
     * Returns the exception for an interrupt seen by a blocking call, following core's rule. The
     * interrupt status is cleared first if it is still set (a {@link
     * java.nio.channels.ClosedByInterruptException} leaves it set).
     *
     * @param where what the thread was doing, such as {@code "reading /tmp/x"}
     * @param cause the interrupt exception, or null
     * @return the exception to throw
     */
    public static CancelledException interrupted(String where, @Nullable Throwable cause) {
        Thread.interrupted();
        return Access.core().interrupted(where, cause);
    }

    /**
     * Whether {@code e} signals a cancellation: a {@link CancelledException}, or an interrupt
     * ({@link InterruptedException}, {@link java.nio.channels.ClosedByInterruptException}, {@link
     * java.io.InterruptedIOException}) anywhere in its cause chain.
     *
     * @param e the exception
     * @return whether it is a cancellation
     */
    public static boolean isCancellation(Throwable e) {
        return Access.core().isCancellation(e);
    }

    /**
     * Whether a blocking call's failure {@code e} was caused by a cancellation: the calling thread
     * is interrupted, or {@code e} is a cancellation ({@link #isCancellation}). The one test every
     * module applies before reporting an I/O failure; throw {@link #interrupted} when it holds.
     *
     * @param e the failure
     * @return whether the failure is the cancellation's doing
     */
    public static boolean causedByCancellation(Throwable e) {
        return Thread.currentThread().isInterrupted() || isCancellation(e);
    }
}
