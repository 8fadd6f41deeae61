package dev.weft;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * A task group: the tasks forked into a scope never outlive it. asyncio's {@code TaskGroup}, Trio's
 * nursery, the JDK's {@code StructuredTaskScope} — on final Java 21 APIs.
 *
 * <h2>Two forms</h2>
 *
 * The lambda form, {@link Weft#scope(Scope.Body)}, runs a body that forks tasks: when the body
 * returns, the scope waits for every task; when the body throws, the scope cancels the tasks, waits
 * for them and rethrows. {@link Weft#scoped(Scope.ValueBody)} is the same with a body that returns
 * a value. The try-with-resources form gives the owner explicit control:
 *
 * <pre>{@code
 * try (Scope scope = Scope.open()) {
 *     Task<User> user = scope.fork(() -> fetchUser(id));
 *     Task<List<Order>> orders = scope.fork(() -> fetchOrders(id));
 *     scope.join();                      // waits for both; throws the first failure
 *     return new Page(user.resultNow(), orders.resultNow());
 * }                                      // close(): cancels what still runs, waits
 * }</pre>
 *
 * The end of a try-with-resources block cannot tell a normal exit from an exception, so unlike
 * asyncio's {@code TaskGroup} it never waits on its own: join before it. A close that finds
 * unjoined work still running cancels it, waits, and throws {@link IllegalStateException}.
 *
 * <h2>Lifecycle</h2>
 *
 * A scope is open from {@link #open()} until {@link #close()}. The thread that opened it is its
 * <em>owner</em>: only the owner may {@link #join()} and {@link #close()} it. Any task inside the
 * scope — a child, a grandchild forked into it, the owner itself — may {@link #fork} further tasks
 * into it. Scopes nest: a scope opened while another is open in the same thread, or inside a task,
 * belongs to it, is cancelled with it and must be closed first. A long-lived scope keeps no
 * reference to its finished tasks, so a server scope that forks a task per request does not grow.
 * Forking into a closed scope throws {@link IllegalStateException} and the callable never runs;
 * forking into a scope that is being cancelled returns a task that is already CANCELLED and never
 * runs.
 *
 * <h2>Cancellation</h2>
 *
 * {@link #cancel()} cancels every task of the scope and every scope nested in it, and in the lambda
 * form interrupts the body. A scope cancelled by its own {@code cancel()} absorbs that
 * cancellation: its join returns normally (Trio's {@code cancel_scope.cancel()}). A scope cancelled
 * from outside — its owner task was cancelled, an enclosing scope was cancelled, the owner was
 * interrupted while joining — makes join throw {@link CancelledException}. Tasks cancelled by the
 * scope are never reported as failures.
 *
 * <h2>Exceptions</h2>
 *
 * With {@link FailurePolicy#FAIL_FAST} (the default) the first failure cancels the siblings and
 * join rethrows it — an unchecked exception or error as itself, a checked one wrapped in {@link
 * TaskFailedException} — with any other real failure that raced it attached as suppressed. With
 * {@link FailurePolicy#SUPERVISE}, failures cancel nothing and join throws one {@link
 * TaskGroupException} listing them all. When a timeout expires, join throws {@link
 * DeadlineExceededException} — unless a task failed for real meanwhile, in which case the real
 * failure wins. A failure is reported once; {@link #close()} throws what join did not report.
 *
 * <h2>Memory effects</h2>
 *
 * Actions of the owner before {@code fork} happen-before the forked task runs; actions of every
 * task happen-before {@code join} or {@code close} return.
 *
 * <p>Thread safety: {@code fork}, {@code cancel} and the accessors may be called from any thread
 * inside the scope; {@code join} and {@code close} only by the owner. Arguments must not be null.
 */
public sealed interface Scope extends AutoCloseable permits ScopeImpl {

    /** The body of a scope in the lambda form: it receives the scope to fork into. */
    @FunctionalInterface
    interface Body {
        /**
         * Runs the body.
         *
         * @param scope the open scope
         * @throws Exception any failure; the scope cancels its tasks and rethrows it
         */
        void run(Scope scope) throws Exception;
    }

    /**
     * The body of a scope in the lambda form that computes a value: it receives the scope to fork
     * into and returns what {@link Weft#scoped(Scope.ValueBody)} returns once every task of the
     * scope has finished.
     *
     * @param <T> the value's type
     */
    @FunctionalInterface
    interface ValueBody<T> {
        /**
         * Runs the body.
         *
         * @param scope the open scope
         * @return the scope's value (may be null)
         * @throws Exception any failure; the scope cancels its tasks and rethrows it
         */
        T run(Scope scope) throws Exception;
    }

    /**
     * Opens a fail-fast scope named {@code "scope"}, owned by the calling thread. Does not block.
     *
     * @return the open scope
     */
    static Scope open() {
        return ScopeImpl.open(ScopeOptions.defaults(), false);
    }

    /**
     * Opens a scope with the given options, owned by the calling thread. If the enclosing scope or
     * task is already cancelled, the new scope starts cancelled. Does not block.
     *
     * @param options name, failure policy and timeout
     * @return the open scope
     * @throws NullPointerException if {@code options} is null
     */
    static Scope open(ScopeOptions options) {
        return ScopeImpl.open(options, false);
    }

    /**
     * Returns the scope's name.
     *
     * @return the name
     */
    String name();

    /**
     * Forks a task that computes a value, on a new virtual thread. The task is named after the
     * scope and its fork number ({@code "crawl-3"}, see {@link Task#name()}). Does not block.
     *
     * @param callable the work
     * @param <T> its result type
     * @return the task; already CANCELLED (never run) if the scope is being cancelled
     * @throws IllegalStateException if the scope is closed, or the caller is not inside it
     * @throws NullPointerException if {@code callable} is null
     */
    <T> Task<T> fork(Callable<? extends T> callable);

    /**
     * Forks a task with no result. See {@link #fork(Callable)}.
     *
     * @param runnable the work
     * @return the task, whose value is {@code null}
     * @throws IllegalStateException if the scope is closed, or the caller is not inside it
     * @throws NullPointerException if {@code runnable} is null
     */
    Task<Void> fork(CheckedRunnable runnable);

    /**
     * Forks a named task; its thread has the same name, so thread dumps show it. See {@link
     * #fork(Callable)}.
     *
     * @param name the task's name
     * @param callable the work
     * @param <T> its result type
     * @return the task
     * @throws IllegalStateException if the scope is closed, or the caller is not inside it
     * @throws NullPointerException if an argument is null
     */
    <T> Task<T> fork(String name, Callable<? extends T> callable);

    /**
     * Forks a named task with no result. See {@link #fork(Callable)}.
     *
     * @param name the task's name
     * @param runnable the work
     * @return the task, whose value is {@code null}
     * @throws IllegalStateException if the scope is closed, or the caller is not inside it
     * @throws NullPointerException if an argument is null
     */
    Task<Void> fork(String name, CheckedRunnable runnable);

    /**
     * Waits until every task forked so far has finished (including tasks they fork into this scope
     * meanwhile), then reports the outcome. May be called again after more forks; each failure is
     * reported once. Once the outcome is final — the scope was cancelled by a failure (fail-fast),
     * by its deadline or from outside — every later join throws the very exception the first one
     * threw, and {@link #close()} adds nothing to it.
     *
     * <p>If the owner is interrupted (or its task cancelled) while waiting, the scope cancels its
     * tasks, waits for them to finish, and throws {@link CancelledException}; a thread that is not
     * a Weft task gets its interrupt status set again.
     *
     * @throws CancelledException if the scope was cancelled from outside, or the owner was
     *     interrupted while waiting
     * @throws DeadlineExceededException if the scope's timeout expired
     * @throws TaskGroupException if a supervising scope had failures
     * @throws TaskFailedException if the first failure of a fail-fast scope was checked
     * @throws RuntimeException the first failure of a fail-fast scope, as thrown
     * @throws IllegalStateException if the caller is not the owner, or the scope is closed
     */
    void join();

    /**
     * Cancels the scope with the reason {@code "scope cancelled"}. See {@link #cancel(String)}.
     *
     * @return {@code true} if this call cancelled the scope
     */
    boolean cancel();

    /**
     * Cancels every running task of the scope and every scope nested in it (and interrupts the body
     * of a lambda-form scope). Later forks return cancelled tasks. Does not wait; join or close the
     * scope for that. The scope absorbs its own cancellation: its join does not throw for it.
     * Idempotent; any thread may call it.
     *
     * @param reason why, shown in the tasks' {@link CancelledException}s
     * @return {@code true} if this call cancelled the scope
     * @throws NullPointerException if {@code reason} is null
     */
    boolean cancel(String reason);

    /**
     * Returns whether the scope has been cancelled, for any reason (a failure, a deadline, its own
     * {@code cancel}, an enclosing cancellation). Does not block.
     *
     * @return {@code true} once cancelled
     */
    boolean isCancelled();

    /**
     * Returns the scope's deadline, if it has one.
     *
     * @return the instant at which the scope is cancelled, or empty
     */
    Optional<Instant> deadline();

    /**
     * Moves the scope's deadline to {@code timeout} from now, earlier or later, or sets one if the
     * scope had none (asyncio's {@code Timeout.reschedule}). Has no effect once the scope is
     * cancelled or closed.
     *
     * @param timeout the new timeout, from now; zero expires at once
     * @return {@code true} if the deadline was set
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws NullPointerException if {@code timeout} is null
     */
    boolean reschedule(Duration timeout);

    /**
     * Removes the scope's deadline. Has no effect once the deadline has expired.
     *
     * @return {@code true} if a pending deadline was removed
     */
    boolean clearDeadline();

    /**
     * Closes the scope: cancels the tasks that still run, waits for every task to finish, and
     * reports what {@link #join()} did not: an unreported failure or an expired timeout is thrown,
     * as join would. Cancellations are not thrown. Interrupts during the wait are remembered and
     * restored after it, so close always waits. Idempotent.
     *
     * <p>Closing never drops work silently. If close has to cancel tasks that nobody joined — the
     * scope was not cancelled, and tasks forked since the last join are still running — it cancels
     * them, waits for them, and then throws {@link IllegalStateException} naming the scope and how
     * many tasks it cancelled (the JDK's {@code StructuredTaskScope} throws here too). In a
     * try-with-resources block that is already throwing, Java attaches that exception to the
     * block's own as suppressed. To drop the work on purpose, {@link #cancel()} the scope before
     * the end of the block: close is then quiet.
     *
     * <p>Closing a scope while a scope nested in it is still open closes the nested one first and
     * then throws {@link IllegalStateException}.
     *
     * @throws IllegalStateException if the caller is not the owner, if nested scopes were still
     *     open, or if close cancelled running tasks nobody joined
     * @throws DeadlineExceededException if the timeout expired and join did not report it
     * @throws TaskGroupException if a supervising scope has unreported failures
     * @throws RuntimeException an unreported first failure of a fail-fast scope
     */
    @Override
    void close();
}
