package dev.weft;

import org.jspecify.annotations.Nullable;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Cancellation points. A thread is cancelled when its task was cancelled, or when a lambda-form
 * scope whose body it runs was cancelled (fail-fast, deadline, cancel). Both are sticky.
 */
final class Cancellation {
    private Cancellation() {}

    /** The reason the current thread is cancelled, or null. */
    static @Nullable String currentReason() {
        TaskImpl<?> task = TaskImpl.current();
        if (task != null) {
            String r = task.cancelReasonOrNull();
            if (r != null) {
                return r;
            }
        }
        for (ScopeImpl s = ScopeImpl.innermost(task); s != null; s = s.enclosingInThread()) {
            String r = s.bodyCancelReason();
            if (r != null) {
                return r;
            }
        }
        return null;
    }

    /**
     * How many tasks and lambda-scope bodies are cancelled and still running, JVM-wide. While it is
     * zero no thread can be in a sticky cancelled state, so a checkpoint needs only the thread's
     * interrupt status and skips the thread-local look-ups. It may be briefly too high (a cancel
     * racing a task's end), never too low: each counts up at most once and down only after it
     * counted up.
     */
    private static final AtomicInteger CANCELLED_RUNNING = new AtomicInteger();

    static void countCancelled() {
        CANCELLED_RUNNING.incrementAndGet();
    }

    static void uncountCancelled() {
        CANCELLED_RUNNING.decrementAndGet();
    }

    /** Throws if the current thread is cancelled or interrupted. */
    static void checkpoint() {
        if (Thread.currentThread().isInterrupted()) {
            Thread.interrupted();
            throw interrupted("checkpoint", null);
        }
        if (CANCELLED_RUNNING.get() != 0) {
            String reason = currentReason();
            if (reason != null) {
                throw new CancelledException(reason);
            }
        }
    }

    /**
     * The exception for an interrupt seen by a Weft blocking call. The interrupt status is already
     * cleared. In a Weft task (or a cancelled scope body) the cancellation is sticky, so the status
     * stays cleared; a raw interrupt of a task thread cancels the task. In any other thread the
     * interrupt status is set again so it is not forgotten.
     */
    static CancelledException interrupted(String where, @Nullable Throwable cause) {
        String reason = currentReason();
        if (reason != null) {
            return new CancelledException(reason, cause);
        }
        TaskImpl<?> task = TaskImpl.current();
        if (task != null) {
            task.markInterrupted();
        } else {
            Thread.currentThread().interrupt();
        }
        return new CancelledException("interrupted while " + where, cause);
    }

    /**
     * Whether {@code ex} signals a cancellation: a {@link CancelledException}, or an interrupt
     * (InterruptedException, ClosedByInterruptException, InterruptedIOException) anywhere in its
     * cause chain. A {@link DeadlineExceededException} is a failure, whatever its cause.
     */
    static boolean isCancellation(Throwable ex) {
        for (Throwable c = ex; c != null; c = c.getCause()) {
            if (c instanceof DeadlineExceededException) {
                return false;
            }
            if (c instanceof CancelledException
                    || c instanceof InterruptedException
                    || c instanceof java.nio.channels.ClosedByInterruptException
                    || c instanceof java.io.InterruptedIOException) {
                return true;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return false;
    }
}
