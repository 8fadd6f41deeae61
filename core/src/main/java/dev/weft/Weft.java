package dev.weft;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The entry points of Weft: asyncio's {@code run}, {@code create_task}, {@code gather},
 * {@code wait}, {@code as_completed}, {@code wait_for}, {@code timeout}, {@code shield} and
 * {@code sleep}, for plain blocking Java on virtual threads.
 * <pre>{@code
 * List<String> pages = Weft.run(() -> Weft.gather(
 *         () -> fetch("/a"),
 *         () -> fetch("/b")));
 * }</pre>
 *
 * <p>Every call here is built on {@link Scope}: the tasks a call starts never outlive it. Calls
 * that block are cancellation points: if the calling thread is interrupted or its task
 * cancelled, they cancel what they started, wait for it to stop, and throw
 * {@link CancelledException}.
 *
 * <p>Thread safety: every method may be called from any thread. Arguments must not be null
 * (lists of callables must not contain null either); {@link NullPointerException} names the
 * argument.
 */
public final class Weft {
    static {
        // Lends core's cancellation and duration rules to Weft's other modules (dev.weft.internal).
        dev.weft.internal.Access.install(new InternalAccess());
    }

    private Weft() {
    }

    // ---- run, scope, fork -------------------------------------------------------------------

    /**
     * Runs {@code main} as the root task on a new virtual thread named {@code "main"}, waits for
     * it and for every task it forked with {@link #fork}, and returns its value: asyncio's
     * {@code run}. When it returns or throws, no task it started is alive.
     *
     * <p>Blocks the caller until everything has finished. If the caller is interrupted meanwhile,
     * every task is cancelled and waited for, and {@link CancelledException} is thrown (with the
     * caller's interrupt status set again).
     *
     * @param main the root task
     * @param <T> its result type
     * @return the root task's value
     * @throws CancelledException if the root task was cancelled or the caller interrupted
     * @throws TaskFailedException if a task failed with a checked exception
     * @throws RuntimeException the first failure of the root task or a task it forked, as thrown
     * @throws NullPointerException if {@code main} is null
     */
    public static <T> T run(Callable<? extends T> main) {
        Objects.requireNonNull(main, "main");
        ScopeImpl s = ScopeImpl.open(new ScopeOptions("run", FailurePolicy.FAIL_FAST, null), false);
        TaskImpl<? extends T> root;
        try {
            root = s.forkTask("main", main, false);
            s.join();
        } catch (Throwable t) {
            closeAfter(s, t);
            throw t;
        }
        s.close();
        return root.join();
    }

    /**
     * Runs {@code main} as the root task and waits for it. See {@link #run(Callable)}.
     *
     * @param main the root task
     * @throws CancelledException if the root task was cancelled or the caller interrupted
     * @throws TaskFailedException if a task failed with a checked exception
     * @throws RuntimeException the first failure, as thrown
     * @throws NullPointerException if {@code main} is null
     */
    public static void run(CheckedRunnable main) {
        Objects.requireNonNull(main, "main");
        run(ScopeImpl.asCallable(main));
    }

    /**
     * Runs {@code body} in a new fail-fast scope: asyncio's {@code async with TaskGroup()}. When
     * the body returns, waits for every task it forked; when the body throws, cancels them, waits
     * and rethrows. See {@link Scope} for the rules.
     *
     * <p>Blocks until every task of the scope has finished. If the caller is cancelled, the
     * scope's tasks are cancelled and waited for, and {@link CancelledException} is thrown.
     *
     * @param body forks the scope's tasks
     * @throws CancelledException if the scope was cancelled from outside
     * @throws TaskFailedException if the first failure was a checked exception
     * @throws RuntimeException the first failure (of a task or of the body), as thrown
     * @throws NullPointerException if {@code body} is null
     */
    public static void scope(Scope.Body body) {
        scope(ScopeOptions.defaults(), body);
    }

    /**
     * Runs {@code body} in a new scope with the given options (name, policy, timeout). See
     * {@link #scope(Scope.Body)}; with a timeout, the scope's tasks and body are cancelled when it
     * expires, and {@link DeadlineExceededException} is thrown once they have finished.
     *
     * @param options the scope's options
     * @param body forks the scope's tasks
     * @throws CancelledException if the scope was cancelled from outside
     * @throws DeadlineExceededException if the timeout expired
     * @throws TaskGroupException if a supervising scope had failures
     * @throws TaskFailedException if the first failure was a checked exception
     * @throws RuntimeException the first failure, as thrown
     * @throws NullPointerException if an argument is null
     */
    public static void scope(ScopeOptions options, Scope.Body body) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(body, "body");
        ScopeImpl s = ScopeImpl.open(options, true);
        s.runBody(() -> {
            body.run(s);
            return null;
        });
    }

    /**
     * Forks a task into the calling code's current scope: asyncio's {@code create_task}. The
     * current scope is the innermost scope the calling thread has open, or else the scope the
     * calling task runs in (for the root task of {@link #run}, the run itself). Does not block.
     *
     * @param callable the work
     * @param <T> its result type
     * @return the task; already CANCELLED if the scope is being cancelled
     * @throws IllegalStateException if the caller is outside every scope
     * @throws NullPointerException if {@code callable} is null
     */
    public static <T> Task<T> fork(Callable<? extends T> callable) {
        Objects.requireNonNull(callable, "callable");
        return currentScope("fork").forkTask(null, callable, false);
    }

    /**
     * Forks a task with no result into the current scope. See {@link #fork(Callable)}.
     *
     * @param runnable the work
     * @return the task
     * @throws IllegalStateException if the caller is outside every scope
     * @throws NullPointerException if {@code runnable} is null
     */
    public static Task<Void> fork(CheckedRunnable runnable) {
        Objects.requireNonNull(runnable, "runnable");
        return currentScope("fork").forkTask(null, ScopeImpl.asCallable(runnable), false);
    }

    private static ScopeImpl currentScope(String what) {
        TaskImpl<?> task = TaskImpl.current();
        ScopeImpl s = ScopeImpl.innermost(task);
        if (s == null && task != null) {
            s = task.scope;
        }
        if (s == null) {
            throw new IllegalStateException("Weft." + what
                    + " must be called inside Weft.run, Weft.scope or an open Scope");
        }
        return s;
    }

    // ---- cancellation points ------------------------------------------------------------------

    /**
     * Sleeps for {@code duration}: asyncio's {@code sleep}. A cancellation point: throws at once
     * if the calling task is already cancelled, and when it is cancelled during the sleep. A
     * zero duration only checks for cancellation and yields.
     *
     * @param duration how long to sleep
     * @throws CancelledException if the calling task is or gets cancelled, or the thread is
     *     interrupted
     * @throws IllegalArgumentException if {@code duration} is negative
     * @throws NullPointerException if {@code duration} is null
     */
    public static void sleep(Duration duration) {
        Durations.requireNonNegative(duration, "duration");
        Cancellation.checkpoint();
        if (duration.isZero()) {
            Thread.yield();
            return;
        }
        try {
            long nanos = Durations.toNanosSaturated(duration);
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            throw Cancellation.interrupted("sleeping", e);
        }
    }

    /**
     * A cancellation point that does not block: throws if the calling task has been cancelled
     * (cancellation is sticky: it throws every time once cancelled), or if the thread's interrupt
     * status is set (which it clears). Call it in long CPU-bound loops.
     *
     * @throws CancelledException if the calling task is cancelled or the thread interrupted
     */
    public static void checkpoint() {
        Cancellation.checkpoint();
    }

    // ---- gather ----------------------------------------------------------------------------

    /**
     * Runs the callables concurrently, each on its own virtual thread, and returns their results
     * in argument order: asyncio's {@code gather}. On the first failure the others are cancelled
     * and waited for, and the failure is rethrown by the scope rules (unchecked as itself, checked
     * wrapped in {@link TaskFailedException}, other racing failures suppressed).
     *
     * <p>Unlike asyncio's {@code gather}, which leaves the other awaitables running after a
     * failure, no task outlives this call.
     *
     * <p>Blocks until every task has finished. Cancelling the caller cancels them all, waits, and
     * throws {@link CancelledException}.
     *
     * @param callables the work
     * @param <T> the common result type
     * @return the results, in argument order (an element may be null)
     * @throws CancelledException if the caller or one of the tasks was cancelled
     * @throws TaskFailedException if the first failure was a checked exception
     * @throws RuntimeException the first failure, as thrown
     * @throws NullPointerException if {@code callables} is or contains null
     */
    @SafeVarargs
    public static <T> List<T> gather(Callable<? extends T>... callables) {
        Objects.requireNonNull(callables, "callables");
        List<Callable<? extends T>> list = new ArrayList<>(callables.length);
        for (Callable<? extends T> c : callables) {
            list.add(c);
        }
        return gather(list);
    }

    /**
     * Runs the callables concurrently and returns their results in order. See
     * {@link #gather(Callable[])}.
     *
     * @param callables the work
     * @param <T> the common result type
     * @return the results, in list order
     * @throws CancelledException if the caller or one of the tasks was cancelled
     * @throws TaskFailedException if the first failure was a checked exception
     * @throws RuntimeException the first failure, as thrown
     * @throws NullPointerException if {@code callables} is or contains null
     */
    public static <T> List<T> gather(List<? extends Callable<? extends T>> callables) {
        List<Callable<? extends T>> calls = checkedCopy(callables, "callables");
        ScopeImpl s = ScopeImpl.open(new ScopeOptions("gather", FailurePolicy.FAIL_FAST, null), false);
        List<TaskImpl<? extends T>> tasks = new ArrayList<>(calls.size());
        try {
            for (Callable<? extends T> c : calls) {
                tasks.add(s.forkTask(null, c, false));
            }
            s.join();
        } catch (Throwable t) {
            closeAfter(s, t);
            throw t;
        }
        s.close();
        List<T> results = new ArrayList<>(tasks.size());
        for (TaskImpl<? extends T> t : tasks) {
            results.add(t.join());
        }
        return results;
    }

    /**
     * Runs the callables concurrently and returns how each ended, in argument order: asyncio's
     * {@code gather(..., return_exceptions=True)}. Never throws for a task's failure; a failure
     * cancels nothing.
     *
     * <p>Blocks until every task has finished. Cancelling the caller cancels them all, waits, and
     * throws {@link CancelledException}.
     *
     * @param callables the work
     * @param <T> the common result type
     * @return one outcome per callable, in argument order
     * @throws CancelledException if the caller was cancelled
     * @throws NullPointerException if {@code callables} is or contains null
     */
    @SafeVarargs
    public static <T> List<Outcome<T>> gatherSettled(Callable<? extends T>... callables) {
        Objects.requireNonNull(callables, "callables");
        List<Callable<? extends T>> list = new ArrayList<>(callables.length);
        for (Callable<? extends T> c : callables) {
            list.add(c);
        }
        return gatherSettled(list);
    }

    /**
     * Runs the callables concurrently and returns how each ended. See
     * {@link #gatherSettled(Callable[])}.
     *
     * @param callables the work
     * @param <T> the common result type
     * @return one outcome per callable, in list order
     * @throws CancelledException if the caller was cancelled
     * @throws NullPointerException if {@code callables} is or contains null
     */
    public static <T> List<Outcome<T>> gatherSettled(List<? extends Callable<? extends T>> callables) {
        List<Callable<? extends T>> calls = checkedCopy(callables, "callables");
        ScopeImpl s = ScopeImpl.open(new ScopeOptions("gatherSettled", FailurePolicy.SUPERVISE, null), false);
        List<TaskImpl<T>> tasks = new ArrayList<>(calls.size());
        try {
            for (Callable<? extends T> c : calls) {
                tasks.add(s.<T>forkTask(null, c, false));
            }
        } catch (Throwable t) {
            closeAfter(s, t);
            throw t;
        }
        s.settle("gathering");
        List<Outcome<T>> outcomes = new ArrayList<>(tasks.size());
        for (TaskImpl<T> t : tasks) {
            outcomes.add(t.outcome());
        }
        return outcomes;
    }

    // ---- wait, asCompleted ---------------------------------------------------------------------

    /**
     * Waits until {@code mode} is satisfied and returns the done and pending tasks: asyncio's
     * {@code wait}. Never cancels the pending tasks.
     *
     * <p>Blocks until the condition holds. Cancelling the caller stops the wait with
     * {@link CancelledException}; the tasks are not cancelled by that.
     *
     * @param tasks the tasks, from any scopes
     * @param mode when to return
     * @param <T> the result type
     * @return the done and pending tasks, in the order given
     * @throws CancelledException if the caller is cancelled while waiting
     * @throws NullPointerException if an argument is or contains null
     */
    public static <T> WaitResult<T> wait(Collection<? extends Task<T>> tasks, WaitMode mode) {
        return waitUntil(tasks, mode, -1L);
    }

    /**
     * Waits at most {@code timeout} until {@code mode} is satisfied and returns the done and
     * pending tasks. On timeout it returns what is done so far (it does not throw). See
     * {@link #wait(Collection, WaitMode)}.
     *
     * @param tasks the tasks
     * @param mode when to return
     * @param timeout the longest wait; zero or negative returns at once
     * @param <T> the result type
     * @return the done and pending tasks
     * @throws CancelledException if the caller is cancelled while waiting
     * @throws NullPointerException if an argument is or contains null
     */
    public static <T> WaitResult<T> wait(Collection<? extends Task<T>> tasks, WaitMode mode, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        return waitUntil(tasks, mode, Math.max(0L, Durations.toNanosSaturated(timeout)));
    }

    private static <T> WaitResult<T> waitUntil(Collection<? extends Task<T>> tasks, WaitMode mode, long nanos) {
        List<Task<T>> list = checkedCopy(tasks, "tasks");
        Objects.requireNonNull(mode, "mode");
        Semaphore signal = new Semaphore(0);
        for (Task<T> t : list) {
            t.onComplete(x -> signal.release());
        }
        long deadline = nanos < 0 ? 0L : System.nanoTime() + nanos;
        Cancellation.checkpoint();
        try {
            while (!satisfied(list, mode)) {
                if (nanos < 0) {
                    signal.acquire();
                } else {
                    long left = deadline - System.nanoTime();
                    if (left <= 0 || !signal.tryAcquire(left, TimeUnit.NANOSECONDS)) {
                        break;
                    }
                }
            }
        } catch (InterruptedException e) {
            throw Cancellation.interrupted("waiting for tasks", e);
        }
        Set<Task<T>> done = new LinkedHashSet<>();
        Set<Task<T>> pending = new LinkedHashSet<>();
        for (Task<T> t : list) {
            (t.isDone() ? done : pending).add(t);
        }
        return new WaitResult<>(done, pending);
    }

    private static boolean satisfied(List<? extends Task<?>> tasks, WaitMode mode) {
        boolean all = true;
        for (Task<?> t : tasks) {
            Task.State st = t.state();
            if (st == Task.State.RUNNING) {
                all = false;
            } else if (mode == WaitMode.FIRST_COMPLETED
                    || (mode == WaitMode.FIRST_EXCEPTION && st == Task.State.FAILED)) {
                return true;
            }
        }
        return all;
    }

    /**
     * Returns the tasks in the order they finish: asyncio's {@code as_completed}. Each step of
     * the iteration blocks until the next task is done.
     *
     * @param tasks the tasks, from any scopes
     * @param <T> the result type
     * @return a single-use iterable over the tasks in completion order
     * @throws NullPointerException if {@code tasks} is or contains null
     */
    public static <T> Iterable<Task<T>> asCompleted(Collection<? extends Task<T>> tasks) {
        return asCompleted(tasks, -1L);
    }

    /**
     * Returns the tasks in the order they finish, within an overall timeout counted from this
     * call. When the timeout passes before the next task is done, the iterator's {@code next}
     * throws {@link DeadlineExceededException}; the tasks are not cancelled.
     *
     * <p>The iterator's {@code next} blocks; if the caller is cancelled while waiting it throws
     * {@link CancelledException}.
     *
     * @param tasks the tasks
     * @param timeout the overall timeout
     * @param <T> the result type
     * @return a single-use iterable over the tasks in completion order
     * @throws NullPointerException if an argument is or contains null
     */
    public static <T> Iterable<Task<T>> asCompleted(Collection<? extends Task<T>> tasks, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        return asCompleted(tasks, Math.max(0L, Durations.toNanosSaturated(timeout)));
    }

    private static <T> Iterable<Task<T>> asCompleted(Collection<? extends Task<T>> tasks, long nanos) {
        List<Task<T>> list = checkedCopy(tasks, "tasks");
        LinkedBlockingQueue<Task<T>> finished = new LinkedBlockingQueue<>();
        for (Task<T> t : list) {
            t.onComplete(finished::add);
        }
        long deadline = nanos < 0 ? 0L : System.nanoTime() + nanos;
        Duration timeout = nanos < 0 ? null : Duration.ofNanos(nanos);
        AtomicReference<Boolean> used = new AtomicReference<>(false);
        return () -> {
            if (!used.compareAndSet(false, true)) {
                throw new IllegalStateException("asCompleted can be iterated only once");
            }
            return new Iterator<>() {
                private int left = list.size();

                @Override
                public boolean hasNext() {
                    return left > 0;
                }

                @Override
                public Task<T> next() {
                    if (left == 0) {
                        throw new NoSuchElementException();
                    }
                    Cancellation.checkpoint();
                    try {
                        Task<T> t;
                        if (nanos < 0) {
                            t = finished.take();
                        } else {
                            t = finished.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                            if (t == null) {
                                throw new DeadlineExceededException("asCompleted timed out after "
                                        + timeout + " with " + left + " task(s) pending", timeout,
                                        new CancelledException("asCompleted timed out"));
                            }
                        }
                        left--;
                        return t;
                    } catch (InterruptedException e) {
                        throw Cancellation.interrupted("waiting for the next completed task", e);
                    }
                }
            };
        };
    }

    // ---- race ---------------------------------------------------------------------------------

    /**
     * Runs the callables concurrently and returns the first successful result; the others are
     * cancelled and waited for. Failures do not end the race; if every contender fails, all the
     * failures are thrown together.
     *
     * <p>Blocks until every contender has finished. Cancelling the caller cancels them all, waits,
     * and throws {@link CancelledException}.
     *
     * @param callables the contenders, at least one
     * @param <T> the common result type
     * @return the winner's value
     * @throws TaskGroupException if every contender failed (listing each failure)
     * @throws CancelledException if the caller was cancelled, or every contender was cancelled
     * @throws IllegalArgumentException if there is no contender
     * @throws NullPointerException if {@code callables} is or contains null
     */
    @SafeVarargs
    public static <T> T race(Callable<? extends T>... callables) {
        Objects.requireNonNull(callables, "callables");
        List<Callable<? extends T>> list = new ArrayList<>(callables.length);
        for (Callable<? extends T> c : callables) {
            list.add(c);
        }
        return race(list);
    }

    /**
     * Returns the first successful result of the callables. See {@link #race(Callable[])}.
     *
     * @param callables the contenders, at least one
     * @param <T> the common result type
     * @return the winner's value
     * @throws TaskGroupException if every contender failed
     * @throws CancelledException if the caller was cancelled, or every contender was cancelled
     * @throws IllegalArgumentException if there is no contender
     * @throws NullPointerException if {@code callables} is or contains null
     */
    public static <T> T race(List<? extends Callable<? extends T>> callables) {
        List<Callable<? extends T>> calls = checkedCopy(callables, "callables");
        if (calls.isEmpty()) {
            throw new IllegalArgumentException("callables is empty: a race needs a contender");
        }
        ScopeImpl s = ScopeImpl.open(new ScopeOptions("race", FailurePolicy.SUPERVISE, null), false);
        AtomicReference<Task<T>> winner = new AtomicReference<>();
        List<TaskImpl<T>> tasks = new ArrayList<>(calls.size());
        try {
            for (Callable<? extends T> c : calls) {
                if (winner.get() != null) {
                    break;
                }
                TaskImpl<T> t = s.forkTask(null, c, false);
                tasks.add(t);
                t.onComplete(done -> {
                    if (done.state() == Task.State.SUCCEEDED && winner.compareAndSet(null, done)) {
                        s.cancel(ScopeImpl.SELF, "lost the race to '" + done.name() + "'");
                    }
                });
            }
        } catch (Throwable t) {
            closeAfter(s, t);
            throw t;
        }
        s.settle("racing");
        Task<T> w = winner.get();
        if (w != null) {
            return w.resultNow();
        }
        List<Throwable> failures = new ArrayList<>();
        for (TaskImpl<T> t : tasks) {
            if (t.state() == Task.State.FAILED) {
                failures.add(t.exceptionNow());
            }
        }
        if (failures.isEmpty()) {
            throw new CancelledException("every contender of the race was cancelled");
        }
        throw new TaskGroupException("all " + tasks.size() + " contenders of the race failed", failures);
    }

    // ---- timeouts and shield ---------------------------------------------------------------

    /**
     * Runs {@code callable} on the calling thread with a timeout: asyncio's {@code wait_for}.
     * When the timeout expires the work is cancelled (its thread interrupted, its scopes
     * cancelled), this call waits until it has really finished, then throws
     * {@link DeadlineExceededException} whose cause is the {@link CancelledException}. Work that
     * ignores cancellation makes the timeout late, never lost: the exception is thrown when it
     * ends, even if it returned a value. A real failure raised during the work's cleanup wins
     * over the timeout (the timeout is attached as suppressed). A zero or negative timeout throws
     * at once without running the work.
     *
     * <p>An outer cancellation (the caller's task cancelled) is reported as
     * {@link CancelledException}, never as a timeout. Nested timeouts: the earliest wins, and only
     * the call whose timeout expired throws {@link DeadlineExceededException}.
     *
     * @param timeout how long the work may take
     * @param callable the work
     * @param <T> its result type
     * @return the work's value, if it finished in time
     * @throws DeadlineExceededException if the timeout expired
     * @throws CancelledException if the caller was cancelled
     * @throws TaskFailedException if the work threw a checked exception
     * @throws RuntimeException the work's unchecked exception, as thrown
     * @throws NullPointerException if an argument is null
     */
    public static <T> T withTimeout(Duration timeout, Callable<? extends T> callable) {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(callable, "callable");
        if (timeout.isNegative() || timeout.isZero()) {
            String reason = "timed out after " + timeout + " before starting";
            throw new DeadlineExceededException(reason, timeout, new CancelledException(reason));
        }
        ScopeImpl s = ScopeImpl.open(new ScopeOptions("withTimeout", FailurePolicy.FAIL_FAST, timeout), true);
        return s.runBody(callable);
    }

    /**
     * Runs {@code callable} with a timeout and returns empty instead of throwing when it expires:
     * Trio's {@code move_on_after}. Otherwise as {@link #withTimeout}: the work is cancelled and
     * waited for, outer cancellation and real failures are thrown. A {@code null} result is also
     * returned as empty.
     *
     * @param timeout how long the work may take
     * @param callable the work
     * @param <T> its result type
     * @return the value, or empty if the timeout expired
     * @throws CancelledException if the caller was cancelled
     * @throws TaskFailedException if the work threw a checked exception
     * @throws RuntimeException the work's unchecked exception, as thrown
     * @throws NullPointerException if an argument is null
     */
    public static <T> Optional<T> withTimeoutOrEmpty(Duration timeout, Callable<? extends T> callable) {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(callable, "callable");
        if (timeout.isNegative() || timeout.isZero()) {
            return Optional.empty();
        }
        ScopeImpl s = ScopeImpl.open(new ScopeOptions("withTimeout", FailurePolicy.FAIL_FAST, timeout), true);
        try {
            return Optional.ofNullable(s.runBody(callable));
        } catch (DeadlineExceededException e) {
            if (s.isOwnTimeout(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Runs {@code callable} as a shielded task and waits for its value: asyncio's {@code shield}.
     * The shielded task is not cancelled when the caller, or the scope it belongs to, is
     * cancelled: it runs to completion. It belongs to the caller's current scope (see
     * {@link #fork(Callable)}), which waits for it before closing, so it cannot leak; a failure
     * it raises is reported by that scope.
     *
     * <p>Blocks until the shielded task finishes. If the caller is cancelled — before or while
     * waiting — it throws {@link CancelledException} at once, and the shielded work goes on.
     *
     * @param callable the work to protect
     * @param <T> its result type
     * @return the work's value
     * @throws CancelledException if the caller is cancelled
     * @throws TaskFailedException if the work threw a checked exception
     * @throws RuntimeException the work's unchecked exception, as thrown
     * @throws IllegalStateException if the caller is outside every scope
     * @throws NullPointerException if {@code callable} is null
     */
    public static <T> T shield(Callable<? extends T> callable) {
        Objects.requireNonNull(callable, "callable");
        ScopeImpl s = currentScope("shield");
        TaskImpl<? extends T> t = s.forkTask(s.name() + "-shielded", callable, true);
        return t.join();
    }

    // ---- bounded map ---------------------------------------------------------------------

    /**
     * Applies {@code fn} to every item with at most {@code concurrency} applications running at
     * any moment, each on its own virtual thread, and returns the results in input order. Fails
     * fast: the first failure cancels the rest and is rethrown by the scope rules. Tasks are
     * started only as permits free up, so a million items never means a million threads.
     *
     * <p>Blocks until every started application has finished. Cancelling the caller cancels them,
     * waits, and throws {@link CancelledException}.
     *
     * @param items the inputs (may contain null if {@code fn} accepts it)
     * @param concurrency the most applications running at once, at least 1
     * @param fn the function
     * @param <T> the input type
     * @param <R> the result type
     * @return the results, in input order
     * @throws CancelledException if the caller was cancelled
     * @throws TaskFailedException if the first failure was a checked exception
     * @throws RuntimeException the first failure, as thrown
     * @throws IllegalArgumentException if {@code concurrency} is less than 1
     * @throws NullPointerException if {@code items} or {@code fn} is null
     */
    public static <T, R> List<R> map(Collection<? extends T> items, int concurrency,
            CheckedFunction<? super T, ? extends R> fn) {
        Objects.requireNonNull(items, "items");
        Objects.requireNonNull(fn, "fn");
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1: " + concurrency);
        }
        List<T> inputs = new ArrayList<>(items);
        Semaphore permits = new Semaphore(concurrency);
        ScopeImpl s = ScopeImpl.open(new ScopeOptions("map", FailurePolicy.FAIL_FAST, null), false);
        List<TaskImpl<R>> tasks = new ArrayList<>(inputs.size());
        try {
            for (T item : inputs) {
                try {
                    permits.acquire();
                } catch (InterruptedException e) {
                    CancelledException ce = Cancellation.interrupted("waiting for a map permit", e);
                    s.cancel(ScopeImpl.OUTER, ce.reason());
                    throw ce;
                }
                if (s.isCancelled()) {
                    permits.release();
                    break;
                }
                TaskImpl<R> t = s.forkTask(null, () -> fn.apply(item), false);
                // Released when the task completes in any way, including cancelled before it
                // ran (then the callable, and any finally in it, never runs).
                t.onComplete(done -> permits.release());
                tasks.add(t);
            }
            s.join();
        } catch (Throwable t) {
            closeAfter(s, t);
            throw t;
        }
        s.close();
        List<R> results = new ArrayList<>(tasks.size());
        for (TaskImpl<R> t : tasks) {
            results.add(t.join());
        }
        return results;
    }

    /**
     * Runs {@code action} for every item with at most {@code concurrency} running at once. See
     * {@link #map}.
     *
     * @param items the inputs
     * @param concurrency the most actions running at once, at least 1
     * @param action the action
     * @param <T> the input type
     * @throws CancelledException if the caller was cancelled
     * @throws TaskFailedException if the first failure was a checked exception
     * @throws RuntimeException the first failure, as thrown
     * @throws IllegalArgumentException if {@code concurrency} is less than 1
     * @throws NullPointerException if {@code items} or {@code action} is null
     */
    public static <T> void forEach(Collection<? extends T> items, int concurrency, CheckedConsumer<? super T> action) {
        Objects.requireNonNull(action, "action");
        map(items, concurrency, item -> {
            action.accept(item);
            return null;
        });
    }

    // ---- helpers ---------------------------------------------------------------------------

    private static <E> List<E> checkedCopy(Collection<? extends E> items, String name) {
        Objects.requireNonNull(items, name);
        List<E> copy = new ArrayList<>(items.size());
        int i = 0;
        for (E e : items) {
            if (e == null) {
                throw new NullPointerException(name + "[" + i + "] is null");
            }
            copy.add(e);
            i++;
        }
        return copy;
    }

    /** Closes {@code s} after {@code primary} was thrown, attaching what close throws. */
    static void closeAfter(ScopeImpl s, Throwable primary) {
        try {
            s.close();
        } catch (Throwable t) {
            if (t != primary) {
                primary.addSuppressed(t);
            }
        }
    }
}
