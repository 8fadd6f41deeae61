package dev.weft;

import org.jspecify.annotations.Nullable;

import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;

/*
 * Waiting for a CompletionStage on the calling thread, in the two ways Weft needs:
 *
 * - await: a cancellation point (Weft.await). The stage is observed through one whenComplete
 *   callback that records the outcome and unparks the waiter; the waiter parks without holding a
 *   monitor, so a virtual thread gives its carrier back. On interrupt or a sticky cancellation the
 *   waiter stops waiting, cancels the stage when asked to (asyncio's wrap_future and Kotlin's
 *   CompletionStage.await do the same) and throws CancelledException.
 * - awaitQuietly: a wait that is not a cancellation point, optionally timed, for cleanup that must
 *   complete (a generator's close, a process's grace period, a platform-thread call's end).
 *   Interrupts that arrive meanwhile are remembered and re-asserted afterwards by core's rule
 *   (Cancellation.interrupted), so nothing is forgotten.
 *
 * Whose wait is it. A stage completed by Weft itself (a generator's producer task ending) is
 * waited for as a Weft wait (`weft`: through Durations, on the calling thread's clock). A stage
 * completed by work outside Weft - Weft.await on an application's future, a platform-thread
 * call, a process's exit - is not: a virtual clock counts the waiting thread as running, so
 * time does not jump while that work goes on, and a bound on such a wait is kept in real time,
 * as the work runs in real time.
 */
final class StageWait<T> {
    private final Thread waiter = Thread.currentThread();
    private volatile boolean done;
    private @Nullable T value;
    private @Nullable Throwable error;

    private StageWait() {}

    private static <T> StageWait<T> on(CompletionStage<? extends T> stage) {
        StageWait<T> w = new StageWait<>();
        stage.whenComplete(
                (v, e) -> {
                    w.value = v;
                    w.error = e;
                    w.done = true;
                    Durations.unpark(w.waiter);
                });
        return w;
    }

    /**
     * Waits for {@code stage} as a cancellation point and returns its value, or throws its failure
     * by the task rules (unchecked as itself, checked wrapped in {@link TaskFailedException}, a
     * cancelled stage as {@link CancelledException}).
     */
    static <T> T await(CompletionStage<? extends T> stage, boolean cancelStageOnCancel) {
        Objects.requireNonNull(stage, "stage");
        try {
            Cancellation.checkpoint();
        } catch (CancelledException e) {
            if (cancelStageOnCancel) {
                cancel(stage);
            }
            throw e;
        }
        StageWait<T> w = on(stage);
        while (!w.done) {
            LockSupport.park(w); // work outside Weft: not a Weft wait (see above)
            if (Thread.interrupted()) {
                CancelledException ce =
                        Cancellation.interrupted("waiting for a CompletionStage", null);
                if (cancelStageOnCancel) {
                    cancel(stage);
                }
                throw ce;
            }
        }
        return w.report();
    }

    /**
     * Waits at most {@code nanos} (forever when negative) for {@code stage} to complete, without
     * being a cancellation point. Interrupts during the wait are re-asserted afterwards.
     *
     * @param weft whether Weft completes the stage (a Weft wait on the thread's clock), or work
     *     outside Weft (not a Weft wait, bounded in real time)
     * @return whether the stage completed
     */
    static boolean awaitQuietly(CompletionStage<?> stage, long nanos, boolean weft) {
        Objects.requireNonNull(stage, "stage");
        StageWait<?> w = on(stage);
        boolean interrupted = false;
        long deadline =
                nanos < 0 ? 0L : weft ? Durations.deadlineIn(nanos) : System.nanoTime() + nanos;
        try {
            while (!w.done) {
                if (nanos < 0) {
                    if (weft) {
                        Durations.park(w);
                    } else {
                        LockSupport.park(w);
                    }
                } else {
                    long left = weft ? Durations.remaining(deadline) : deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    if (weft) {
                        Durations.parkUntil(w, deadline);
                    } else {
                        LockSupport.parkNanos(w, left);
                    }
                }
                if (Thread.interrupted()) {
                    interrupted = true;
                }
            }
            return true;
        } finally {
            if (interrupted) {
                // Core's rule: a task becomes (stays) cancelled, any other thread is interrupted
                // again.
                Cancellation.interrupted("waiting quietly for a CompletionStage", null);
            }
        }
    }

    // The stage's value as completed: null for a CompletionStage<Void> (or any stage completed
    // with null), which its type argument admits; not checked here.
    @SuppressWarnings("NullAway")
    private T report() {
        Throwable e = error;
        if (e == null) {
            return value;
        }
        Throwable cause = unwrap(e);
        if (cause instanceof CancellationException ce) {
            throw new CancelledException("the awaited CompletionStage was cancelled", ce);
        }
        throw Failures.propagate(cause, "the awaited CompletionStage failed");
    }

    /** The failure inside the wrappers that CompletableFuture adds. */
    static Throwable unwrap(Throwable e) {
        Throwable c = e;
        while ((c instanceof CompletionException || c instanceof ExecutionException)
                && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    /**
     * Cancels the stage if it can be cancelled: a Future, or a stage backed by a CompletableFuture.
     */
    private static void cancel(CompletionStage<?> stage) {
        try {
            if (stage instanceof Future<?> f) {
                f.cancel(true);
            } else {
                stage.toCompletableFuture().cancel(true);
            }
        } catch (UnsupportedOperationException e) {
            // A minimal stage (CompletableFuture.minimalCompletionStage) cannot be cancelled by its
            // readers; the waiter leaves it as it is.
        }
    }
}
