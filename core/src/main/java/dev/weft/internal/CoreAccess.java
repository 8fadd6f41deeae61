package dev.weft.internal;

import dev.weft.CancelledException;
import dev.weft.Task;

import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;

/**
 * What core lends its sibling modules from its package-private implementation (the shared-secrets
 * pattern of the JDK): implemented in {@code dev.weft}, installed once when {@link dev.weft.Weft}
 * is initialised, reached through {@link Cancellations}, {@link DurationRules}, {@link Waits},
 * {@link Forks}, {@link VirtualClocks} and {@link LeakCheck}.
 */
public interface CoreAccess {
    /**
     * The exception for an interrupt seen by a blocking call, whose interrupt status is already
     * cleared: in a Weft task the cancellation becomes sticky and the status stays cleared,
     * elsewhere the status is set again.
     *
     * @param where what the thread was doing, for the message
     * @param cause the interrupt, or null
     * @return the exception to throw
     */
    CancelledException interrupted(String where, @Nullable Throwable cause);

    /**
     * Whether {@code e} signals a cancellation: a {@link CancelledException}, or an interrupt
     * anywhere in its cause chain.
     *
     * @param e the exception
     * @return whether it is a cancellation
     */
    boolean isCancellation(Throwable e);

    /**
     * Core's check of a duration argument that must not be negative.
     *
     * @param d the duration
     * @param name the argument's name
     * @return {@code d}
     */
    Duration requireNonNegative(Duration d, String name);

    /**
     * Core's check of a duration that must be positive: a period of repeated work or a standing
     * per-call limit, where zero would spin or fail every call.
     *
     * @param d the duration
     * @param name the argument's name
     * @return {@code d}
     */
    Duration requirePositive(Duration d, String name);

    /**
     * Nanoseconds of {@code d}, saturated to the long range.
     *
     * @param d the duration
     * @return its nanoseconds
     */
    long toNanosSaturated(Duration d);

    /**
     * The absolute deadline {@code d} from now on the calling thread's clock ({@link #now()});
     * waits beyond about 146 years are capped. Compare it with the current time only by difference,
     * as it may wrap around the long range.
     *
     * @param d the duration
     * @return the deadline
     */
    long deadlineFromNow(Duration d);

    /**
     * The current time of the calling thread's clock in nanoseconds: its virtual clock, or {@link
     * System#nanoTime()}.
     *
     * @return the time
     */
    long now();

    /**
     * Waits for {@code task} to end through interrupts and cancellation.
     *
     * @param task the task
     * @param onFirstInterrupt run at the first interrupt
     * @return whether the caller was interrupted
     */
    boolean awaitEnd(dev.weft.Task<?> task, Runnable onFirstInterrupt);

    /**
     * Installs a virtual clock on the calling thread.
     *
     * @param deadlockTimeout real time of standstill before a deadlock is reported
     * @return the clock
     */
    VirtualClockControl installVirtualClock(Duration deadlockTimeout);

    /**
     * Closes and describes what a test leaked.
     *
     * @param test the test's name
     * @param managed a clock that is not a leak, or null
     * @return the report, or null
     */
    @Nullable String closeLeaks(String test, @Nullable VirtualClockControl managed);

    /**
     * Waits for {@code stage} without being a cancellation point, re-asserting an interrupt that
     * arrived meanwhile by core's rule.
     *
     * @param stage what to wait for
     * @param timeout how long at most; null waits until it completes
     * @return whether the stage completed
     */
    boolean awaitQuietly(CompletionStage<?> stage, @Nullable Duration timeout);

    /**
     * Forks a named task into the calling code's current scope, as {@code Weft.fork} does.
     *
     * @param name the task's (and its thread's) name
     * @param callable the work
     * @param <T> its result type
     * @return the task
     */
    <T> Task<T> fork(String name, Callable<? extends T> callable);

    /**
     * Pauses the calling thread for {@code duration} without being a cancellation point,
     * re-asserting an interrupt that arrived meanwhile by core's rule.
     *
     * @param duration how long
     */
    void sleepQuietly(Duration duration);
}
