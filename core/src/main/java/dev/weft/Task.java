package dev.weft;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A unit of work running on its own virtual thread inside a {@link Scope}: asyncio's {@code Task}.
 * Tasks are created by {@link Scope#fork}, {@link Weft#fork} and the gather family; users do not
 * implement this interface.
 *
 * <h2>Lifecycle</h2>
 *
 * A task is {@link State#RUNNING} from the moment it is forked until its callable returns ({@link
 * State#SUCCEEDED}), throws ({@link State#FAILED}), or ends because it was cancelled ({@link
 * State#CANCELLED}). A task forked into a scope that is already being cancelled is CANCELLED at
 * once and its callable never runs. The state never changes once the task is done.
 *
 * <h2>Cancellation</h2>
 *
 * {@link #cancel(String)} sets a sticky cancelled flag with a reason and interrupts the task's
 * virtual thread; it also cancels every scope the task has opened, so the whole subtree below it
 * stops. Blocking JDK calls react to the interrupt (once); Weft's cancellation points ({@link
 * Weft#sleep}, {@link Weft#checkpoint}, every blocking Weft call) throw {@link CancelledException}
 * every time once the task is cancelled. A task that ends by throwing {@link CancelledException} —
 * or, once cancelled, an {@link InterruptedException}, {@link
 * java.nio.channels.ClosedByInterruptException} or {@link java.io.InterruptedIOException}, even
 * wrapped — is CANCELLED, never FAILED. A task that catches its cancellation and returns a value is
 * SUCCEEDED, as in asyncio. A real exception thrown during the cleanup of a cancelled task makes it
 * FAILED: a real failure is never hidden behind a cancellation.
 *
 * <h2>Exceptions</h2>
 *
 * {@link #join()} returns the value or rethrows the failure: unchecked exceptions and errors as
 * themselves, checked exceptions wrapped in {@link TaskFailedException}, cancellation as {@link
 * CancelledException}. A failure that nobody retrieves — not by {@code join}, {@link
 * #exceptionNow()} or {@link #outcome()}, nor by the scope's join — is logged once at WARN ("Task
 * exception was never retrieved") when its scope closes.
 *
 * <h2>Memory effects</h2>
 *
 * Actions of the task's thread happen-before a joiner returns from {@link #join()}, before {@link
 * #state()} reports it done, and before its completion callbacks run.
 *
 * <p>Thread safety: all methods may be called from any thread. Arguments must not be null.
 *
 * @param <T> the result type
 */
public sealed interface Task<T> permits TaskImpl {

    /** The state of a task. */
    enum State {
        /** Forked and not finished. */
        RUNNING,
        /** Returned a value. */
        SUCCEEDED,
        /** Threw an exception that was not a cancellation. */
        FAILED,
        /** Ended because it was cancelled, or never ran because its scope was cancelled. */
        CANCELLED
    }

    /**
     * Returns the task's name: the name given to {@code fork}, or the scope's name and a sequence
     * number ({@code "crawl-3"}). Its thread carries the name when it was given to {@code fork}, or
     * when debug mode is on ({@link TaskTree#setDebug}); otherwise the thread is unnamed, so that a
     * fork builds no string nobody reads.
     *
     * @return the name
     */
    String name();

    /**
     * Returns the current state. Does not block.
     *
     * @return the state
     */
    State state();

    /**
     * Returns whether the task has finished, in any way. Does not block.
     *
     * @return {@code true} once the state is SUCCEEDED, FAILED or CANCELLED
     */
    boolean isDone();

    /**
     * Waits for the task to finish and returns its value: asyncio's {@code await task}.
     *
     * <p>Blocks until the task is done. If the <em>calling</em> thread is interrupted or its task
     * cancelled while waiting, stops waiting and throws {@link CancelledException}; the joined task
     * is not cancelled by that.
     *
     * @return the value
     * @throws CancelledException if the task was cancelled, or the caller was cancelled while
     *     waiting
     * @throws TaskFailedException if the task threw a checked exception (its cause)
     * @throws RuntimeException the task's own unchecked exception, as thrown
     * @throws Error the task's own error, as thrown
     */
    T join();

    /**
     * Waits at most {@code timeout} for the task to finish and returns its value.
     *
     * <p>Blocks at most {@code timeout}; a timed-out or cancelled wait leaves nothing behind on the
     * task, so a loop may poll a long-lived task any number of times.
     *
     * @param timeout how long to wait; zero checks once without waiting
     * @return the value
     * @throws DeadlineExceededException if the task is not done in time (it keeps running)
     * @throws CancelledException if the task was cancelled, or the caller was cancelled while
     *     waiting
     * @throws TaskFailedException if the task threw a checked exception
     * @throws RuntimeException the task's own unchecked exception, as thrown
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws NullPointerException if {@code timeout} is null
     */
    T join(Duration timeout);

    /**
     * Returns the value of a task that succeeded. Does not block.
     *
     * @return the value, possibly null
     * @throws IllegalStateException if the task is not done, failed or was cancelled; the message
     *     names the task and its state
     */
    T resultNow();

    /**
     * Returns the exception of a task that failed, exactly as thrown, and marks it retrieved. Does
     * not block.
     *
     * @return the exception
     * @throws IllegalStateException if the task is not done, succeeded or was cancelled
     */
    Throwable exceptionNow();

    /**
     * Returns how the task ended, and marks a failure retrieved. Does not block.
     *
     * @return the outcome
     * @throws IllegalStateException if the task is not done yet
     */
    Outcome<T> outcome();

    /**
     * Returns the reason the task was cancelled, once cancellation was requested (the task may
     * still be running its cleanup).
     *
     * @return the reason, or empty if nobody cancelled the task
     */
    Optional<String> cancellationReason();

    /**
     * Cancels the task with the reason {@code "cancelled"}. See {@link #cancel(String)}.
     *
     * @return {@code true} if this call requested the cancellation
     */
    boolean cancel();

    /**
     * Requests cancellation: sets the task's sticky cancelled flag with {@code reason}, interrupts
     * its thread and cancels every scope it opened. Does not wait for the task to end; join it (or
     * its scope) for that. Idempotent.
     *
     * @param reason why, shown in the {@link CancelledException} and the task tree
     * @return {@code true} if this call requested the cancellation; {@code false} if the task was
     *     already done or already cancelled
     * @throws NullPointerException if {@code reason} is null
     */
    boolean cancel(String reason);

    /**
     * Registers a callback run once when the task is done, with the task as argument: asyncio's
     * {@code add_done_callback}. It runs on the task's own thread right after the task ends and
     * before its scope counts it finished, or at once on the calling thread if the task is already
     * done. Keep it short and non-blocking; an exception it throws is logged and ignored.
     *
     * @param callback the callback
     * @throws NullPointerException if {@code callback} is null
     */
    void onComplete(Consumer<? super Task<T>> callback);

    /**
     * Returns a {@link CompletableFuture} completed with the task's value, failure or a {@link
     * java.util.concurrent.CancellationException}. Cancelling the future cancels the task.
     *
     * @return a new future bridged to this task
     */
    CompletableFuture<T> toCompletableFuture();

    /**
     * Returns where the task was forked, when debug mode was on at fork time.
     *
     * @return the fork site as a throwable whose stack trace is the forking stack, or empty
     */
    Optional<Throwable> forkSite();
}
