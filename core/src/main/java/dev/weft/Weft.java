package dev.weft;

import dev.weft.internal.ArgumentRules;

import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The entry points of Weft: asyncio's {@code run}, {@code create_task}, {@code gather}, {@code
 * wait}, {@code as_completed}, {@code wait_for}, {@code timeout}, {@code shield} and {@code sleep},
 * for plain blocking Java on virtual threads.
 *
 * <pre>{@code
 * List<String> pages = Weft.run(() -> Weft.gather(
 *         () -> fetch("/a"),
 *         () -> fetch("/b")));
 * }</pre>
 *
 * <p>Every call here is built on {@link Scope}: the tasks a call starts never outlive it. Calls
 * that block are cancellation points: if the calling thread is interrupted or its task cancelled,
 * they cancel what they started, wait for it to stop, and throw {@link CancelledException}.
 *
 * <p>Thread safety: every method may be called from any thread. Arguments must not be null (lists
 * of callables must not contain null either); {@link NullPointerException} names the argument.
 */
public final class Weft {
    static {
        // Lends core's cancellation and duration rules to Weft's other modules (dev.weft.internal).
        dev.weft.internal.Access.install(new InternalAccess());
    }

    private Weft() {}

    // ---- run, scope, fork -------------------------------------------------------------------

    /**
     * Runs {@code main} as the root task on a new virtual thread named {@code "main"}, waits for it
     * and for every task it forked with {@link #fork}, and returns its value: asyncio's {@code
     * run}. When it returns or throws, no task it started is alive.
     *
     * <p>Blocks the caller until everything has finished. If the caller is interrupted meanwhile,
     * every task is cancelled and waited for, and {@link CancelledException} is thrown (with the
     * caller's interrupt status set again).
     *
     * <p><b>Ctrl-C.</b> Called on the JVM's main thread, {@code run} handles SIGINT (Ctrl-C) and
     * SIGTERM while it runs, as asyncio's {@code run} handles SIGINT: the first signal cancels
     * every task with the reason {@code "interrupted by SIGINT"} (or {@code SIGTERM}), the tasks'
     * {@code finally} blocks and other cleanup run, and once the root task has ended cancelled,
     * {@code run} throws that {@link CancelledException} — like asyncio's {@code
     * KeyboardInterrupt}, through the caller's own {@code finally} blocks. If it escapes {@code
     * main}, the process exits with status 130 for SIGINT, 143 for SIGTERM (the statuses the JVM
     * itself reports; through {@link System#exit}, so shutdown hooks run) instead of printing a
     * stack trace; a program that catches it goes on. If the root task catches the cancellation and
     * returns, {@code run} returns normally. Cleanup may take at most {@code -Dweft.signals.grace}
     * (an ISO-8601 duration, {@code PT10S} by default): then, or at a second signal, the process
     * exits at once and the still running tasks are logged at WARN. A signal the process ignores
     * (SIGINT in a background job of a non-interactive shell) stays ignored. {@code
     * -Dweft.signals=false} leaves the JVM's own handling alone: the JVM then runs its shutdown
     * hooks and halts without waiting for any task. On other threads, {@code run} does not touch
     * signal handling.
     *
     * @param main the root task
     * @param <T> its result type
     * @return the root task's value
     * @throws CancelledException if the root task was cancelled (also by SIGINT or SIGTERM) or the
     *     caller interrupted
     * @throws TaskFailedException if a task failed with a checked exception
     * @throws RuntimeException the first failure of the root task or a task it forked, as thrown
     * @throws NullPointerException if {@code main} is null
     */
    public static <T> T run(Callable<? extends T> main) {
        Objects.requireNonNull(main, "main");
        ScopeImpl s = ScopeImpl.open(new ScopeOptions("run", FailurePolicy.FAIL_FAST, null), false);
        ShutdownSignals.Guard signals = ShutdownSignals.guard(s);
        T value;
        try {
            TaskImpl<? extends T> root;
            try {
                root = s.forkTask("main", main, false);
                if (signals != null) {
                    signals.watch(root);
                }
                s.join();
            } catch (Throwable t) {
                closeAfter(s, t);
                throw t;
            }
            s.close();
            value = root.join();
        } catch (Throwable t) {
            if (signals != null) {
                signals.close(t); // a signal's cancellation, if uncaught, exits with 130/143
            }
            throw t;
        }
        if (signals != null) {
            CancelledException late = signals.close(null);
            if (late != null) {
                throw late; // a signal came as the root task had ended: asyncio raises then too
            }
        }
        return value;
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
     * <p>Blocks until every task of the scope has finished. If the caller is cancelled, the scope's
     * tasks are cancelled and waited for, and {@link CancelledException} is thrown.
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
     * Runs {@code body} in a new scope with the given options (name, policy, timeout). See {@link
     * #scope(Scope.Body)}; with a timeout, the scope's tasks and body are cancelled when it
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
        s.runBody(
                () -> {
                    body.run(s);
                    return null;
                });
    }

    /**
     * Runs {@code body} in a new fail-fast scope and returns its value once every task of the scope
     * has finished: {@link #scope(Scope.Body)} for a body that computes a result, without carrying
     * it out through a holder. When the body returns, waits for every task it forked, then returns
     * the body's value; when the body throws, cancels them, waits and rethrows.
     *
     * <pre>{@code
     * String page = Weft.scoped(s -> {
     *     Task<String> user = s.fork(() -> fetchUser(id));
     *     Task<String> orders = s.fork(() -> fetchOrders(id));
     *     return user.join() + orders.join();
     * });
     * }</pre>
     *
     * (A second name rather than an overload of {@code scope}: an expression lambda such as {@code
     * s -> s.fork(work)} fits both a void and a value-returning body, which javac would reject as
     * ambiguous.)
     *
     * <p>Blocks until every task of the scope has finished. If the caller is cancelled, the scope's
     * tasks are cancelled and waited for, and {@link CancelledException} is thrown.
     *
     * @param body forks the scope's tasks and computes the value
     * @param <T> the value's type
     * @return the body's value (may be null)
     * @throws CancelledException if the scope was cancelled from outside
     * @throws TaskFailedException if the first failure was a checked exception
     * @throws RuntimeException the first failure (of a task or of the body), as thrown
     * @throws NullPointerException if {@code body} is null
     */
    public static <T> T scoped(Scope.ValueBody<? extends T> body) {
        return scoped(ScopeOptions.defaults(), body);
    }

    /**
     * Runs {@code body} in a new scope with the given options (name, policy, timeout) and returns
     * its value once every task of the scope has finished. See {@link #scoped(Scope.ValueBody)} and
     * {@link #scope(ScopeOptions, Scope.Body)}.
     *
     * @param options the scope's options
     * @param body forks the scope's tasks and computes the value
     * @param <T> the value's type
     * @return the body's value (may be null)
     * @throws CancelledException if the scope was cancelled from outside
     * @throws DeadlineExceededException if the timeout expired
     * @throws TaskGroupException if a supervising scope had failures
     * @throws TaskFailedException if the first failure was a checked exception
     * @throws RuntimeException the first failure, as thrown
     * @throws NullPointerException if an argument is null
     */
    public static <T> T scoped(ScopeOptions options, Scope.ValueBody<? extends T> body) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(body, "body");
        ScopeImpl s = ScopeImpl.open(options, true);
        return s.runBody(() -> body.run(s));
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

    static ScopeImpl currentScope(String what) {
        TaskImpl<?> task = TaskImpl.current();
        ScopeImpl s = ScopeImpl.innermost(task);
        if (s == null && task != null) {
            s = task.scope;
        }
        if (s == null) {
            throw new IllegalStateException(
                    "Weft."
                            + what
                            + " must be called inside Weft.run, Weft.scope or an open Scope");
        }
        return s;
    }

    // ---- cancellation points ------------------------------------------------------------------

    /**
     * Sleeps for {@code duration}: asyncio's {@code sleep}. A cancellation point: throws at once if
     * the calling task is already cancelled, and when it is cancelled during the sleep. A zero
     * duration only checks for cancellation and yields.
     *
     * @param duration how long to sleep
     * @throws CancelledException if the calling task is or gets cancelled, or the thread is
     *     interrupted
     * @throws IllegalArgumentException if {@code duration} is negative
     * @throws NullPointerException if {@code duration} is null
     */
    // ThreadPriorityCheck: sleep(Duration.ZERO) is asyncio's sleep(0): a deliberate yield to other
    // threads
    @SuppressWarnings("ThreadPriorityCheck")
    public static void sleep(Duration duration) {
        Durations.requireNonNegative(duration, "duration");
        Cancellation.checkpoint();
        if (duration.isZero()) {
            Thread.yield();
            return;
        }
        try {
            Durations.sleep(Durations.toNanosSaturated(duration));
        } catch (InterruptedException e) {
            throw Cancellation.interrupted("sleeping", e);
        }
    }

    /**
     * Returns the current time of the clock that Weft's sleeps, timeouts and deadlines use, in
     * nanoseconds since an arbitrary origin: asyncio's {@code loop.time()}, Trio's {@code
     * current_time()}. Measure with it what should agree with Weft's timeouts (how long a call
     * took, how long is left): it is {@link System#nanoTime()}, except in a virtual-time test
     * (weft-test's {@code VirtualClock}), where it reads the virtual clock of the calling task, so
     * that the measured times are exact there too. Compare two readings only by difference. Does
     * not block.
     *
     * @return the time in nanoseconds
     */
    public static long nanoTime() {
        return Durations.now();
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
     * Runs the callables concurrently, each on its own virtual thread, and returns their results in
     * argument order: asyncio's {@code gather}. On the first failure the others are cancelled and
     * waited for, and the failure is rethrown by the scope rules (unchecked as itself, checked
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
     * Runs the callables concurrently and returns their results in order. See {@link
     * #gather(Callable[])}.
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
        ScopeImpl s =
                ScopeImpl.open(new ScopeOptions("gather", FailurePolicy.FAIL_FAST, null), false);
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
     * Runs the callables concurrently and returns how each ended. See {@link
     * #gatherSettled(Callable[])}.
     *
     * @param callables the work
     * @param <T> the common result type
     * @return one outcome per callable, in list order
     * @throws CancelledException if the caller was cancelled
     * @throws NullPointerException if {@code callables} is or contains null
     */
    public static <T> List<Outcome<T>> gatherSettled(
            List<? extends Callable<? extends T>> callables) {
        List<Callable<? extends T>> calls = checkedCopy(callables, "callables");
        ScopeImpl s =
                ScopeImpl.open(
                        new ScopeOptions("gatherSettled", FailurePolicy.SUPERVISE, null), false);
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
     * <p>Blocks until the condition holds. Cancelling the caller stops the wait with {@link
     * CancelledException}; the tasks are not cancelled by that.
     *
     * @param tasks the tasks, from any scopes; they may have different result types (a {@code
     *     List<Task<?>>} gives a {@code WaitResult<Object>})
     * @param mode when to return
     * @param <T> a common supertype of the tasks' result types
     * @return the done and pending tasks, in the order given
     * @throws CancelledException if the caller is cancelled while waiting
     * @throws NullPointerException if an argument is or contains null
     */
    public static <T> WaitResult<T> wait(
            Collection<? extends Task<? extends T>> tasks, WaitMode mode) {
        return waitUntil(tasks, mode, -1L);
    }

    /**
     * Waits at most {@code timeout} until {@code mode} is satisfied and returns the done and
     * pending tasks. On timeout it returns what is done so far (it does not throw). See {@link
     * #wait(Collection, WaitMode)}.
     *
     * @param tasks the tasks
     * @param mode when to return
     * @param timeout the longest wait; zero checks once without waiting
     * @param <T> the result type
     * @return the done and pending tasks
     * @throws CancelledException if the caller is cancelled while waiting
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws NullPointerException if an argument is or contains null
     */
    public static <T> WaitResult<T> wait(
            Collection<? extends Task<? extends T>> tasks, WaitMode mode, Duration timeout) {
        Durations.requireNonNegative(timeout, "timeout");
        return waitUntil(tasks, mode, Durations.toNanosSaturated(timeout));
    }

    private static <T> WaitResult<T> waitUntil(
            Collection<? extends Task<? extends T>> tasks, WaitMode mode, long nanos) {
        List<Task<T>> list = widened(checkedCopy(tasks, "tasks"));
        Objects.requireNonNull(mode, "mode");
        Cancellation.checkpoint();
        if (nanos != 0 && !satisfied(list, mode)) {
            awaitSatisfied(list, mode, nanos);
        }
        Set<Task<T>> done = new LinkedHashSet<>();
        Set<Task<T>> pending = new LinkedHashSet<>();
        for (Task<T> t : list) {
            (t.isDone() ? done : pending).add(t);
        }
        return new WaitResult<>(done, pending);
    }

    /**
     * Parks until {@code mode} is satisfied or {@code nanos} (negative: no limit) have passed,
     * woken by one completion callback per task, all withdrawn before returning: a loop that polls
     * a long-lived task leaves nothing behind on it.
     */
    private static void awaitSatisfied(List<? extends Task<?>> list, WaitMode mode, long nanos) {
        long deadline = nanos < 0 ? 0L : Durations.deadlineIn(nanos);
        Thread me = Thread.currentThread();
        Consumer<Object> wake = x -> Durations.unpark(me);
        @Nullable Object[] handles = new Object[list.size()];
        try {
            for (int i = 0; i < handles.length; i++) {
                handles[i] = ((TaskImpl<?>) list.get(i)).addCallback(wake);
            }
            while (!satisfied(list, mode)) {
                if (nanos < 0) {
                    Durations.park(list);
                } else if (Durations.remaining(deadline) <= 0) {
                    return;
                } else {
                    Durations.parkUntil(list, deadline);
                }
                if (Thread.interrupted()) {
                    throw Cancellation.interrupted("waiting for tasks", null);
                }
            }
        } finally {
            for (int i = 0; i < handles.length; i++) {
                if (handles[i] != null) {
                    ((TaskImpl<?>) list.get(i)).removeCallback(handles[i]);
                }
            }
        }
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
     * Returns the tasks in the order they finish: asyncio's {@code as_completed}. Each step of the
     * iteration blocks until the next task is done.
     *
     * @param tasks the tasks, from any scopes; they may have different result types
     * @param <T> a common supertype of the tasks' result types
     * @return a single-use iterable over the tasks in completion order
     * @throws NullPointerException if {@code tasks} is or contains null
     */
    public static <T> Iterable<Task<T>> asCompleted(Collection<? extends Task<? extends T>> tasks) {
        return asCompleted(tasks, -1L);
    }

    /**
     * Returns the tasks in the order they finish, within an overall timeout counted from this call.
     * When the timeout passes before the next task is done, the iterator's {@code next} throws
     * {@link DeadlineExceededException}, and every later {@code next} throws it again; the tasks
     * are not cancelled.
     *
     * <p>The iterator's {@code next} blocks; if the caller is cancelled while waiting it throws
     * {@link CancelledException}. A {@code next} that times out or is cancelled leaves nothing
     * registered on the tasks, so a loop may poll a long-lived task any number of times; an
     * iteration abandoned before its end keeps one completion callback on each unfinished task
     * until that task ends.
     *
     * @param tasks the tasks
     * @param timeout the overall timeout; zero yields only the tasks already done
     * @param <T> the result type
     * @return a single-use iterable over the tasks in completion order
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws NullPointerException if an argument is or contains null
     */
    public static <T> Iterable<Task<T>> asCompleted(
            Collection<? extends Task<? extends T>> tasks, Duration timeout) {
        Durations.requireNonNegative(timeout, "timeout");
        return asCompleted(tasks, Durations.toNanosSaturated(timeout));
    }

    private static <T> Iterable<Task<T>> asCompleted(
            Collection<? extends Task<? extends T>> tasks, long nanos) {
        return new AsCompleted<>(widened(checkedCopy(tasks, "tasks")), nanos);
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
        ScopeImpl s =
                ScopeImpl.open(new ScopeOptions("race", FailurePolicy.SUPERVISE, null), false);
        AtomicReference<@Nullable Task<T>> winner = new AtomicReference<>();
        List<TaskImpl<T>> tasks = new ArrayList<>(calls.size());
        try {
            for (Callable<? extends T> c : calls) {
                if (winner.get() != null) {
                    break;
                }
                TaskImpl<T> t = s.forkTask(null, c, false);
                tasks.add(t);
                t.onComplete(
                        done -> {
                            if (done.state() == Task.State.SUCCEEDED
                                    && winner.compareAndSet(null, done)) {
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
        throw new TaskGroupException(
                "all " + tasks.size() + " contenders of the race failed", failures);
    }

    // ---- timeouts and shield ---------------------------------------------------------------

    /**
     * Runs {@code callable} on the calling thread with a timeout: asyncio's {@code wait_for}. When
     * the timeout expires the work is cancelled (its thread interrupted, its scopes cancelled),
     * this call waits until it has really finished, then throws {@link DeadlineExceededException}
     * whose cause is the {@link CancelledException}. Work that ignores cancellation makes the
     * timeout late, never lost: the exception is thrown when it ends, even if it returned a value.
     * A real failure raised during the work's cleanup wins over the timeout (the timeout is
     * attached as suppressed). A zero timeout has expired before the work starts: it throws at once
     * without running the work.
     *
     * <p>An outer cancellation (the caller's task cancelled) is reported as {@link
     * CancelledException}, never as a timeout. Nested timeouts: the earliest wins, and only the
     * call whose timeout expired throws {@link DeadlineExceededException}.
     *
     * @param timeout how long the work may take
     * @param callable the work
     * @param <T> its result type
     * @return the work's value, if it finished in time
     * @throws DeadlineExceededException if the timeout expired
     * @throws CancelledException if the caller was cancelled
     * @throws TaskFailedException if the work threw a checked exception
     * @throws RuntimeException the work's unchecked exception, as thrown
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws NullPointerException if an argument is null
     */
    public static <T> T withTimeout(Duration timeout, Callable<? extends T> callable) {
        Durations.requireNonNegative(timeout, "timeout");
        Objects.requireNonNull(callable, "callable");
        if (timeout.isZero()) {
            String reason = "timed out after " + timeout + " before starting";
            throw new DeadlineExceededException(reason, timeout, new CancelledException(reason));
        }
        ScopeImpl s =
                ScopeImpl.open(
                        new ScopeOptions("withTimeout", FailurePolicy.FAIL_FAST, timeout), true);
        return s.runBody(callable);
    }

    /**
     * Runs {@code callable} with a timeout and returns empty instead of throwing when it expires:
     * Trio's {@code move_on_after}. Otherwise as {@link #withTimeout}: the work is cancelled and
     * waited for, outer cancellation and real failures are thrown. A {@code null} result is also
     * returned as empty; a zero timeout returns empty without running the work.
     *
     * @param timeout how long the work may take
     * @param callable the work
     * @param <T> its result type
     * @return the value, or empty if the timeout expired
     * @throws CancelledException if the caller was cancelled
     * @throws TaskFailedException if the work threw a checked exception
     * @throws RuntimeException the work's unchecked exception, as thrown
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws NullPointerException if an argument is null
     */
    public static <T> Optional<T> withTimeoutOrEmpty(
            Duration timeout, Callable<? extends T> callable) {
        Durations.requireNonNegative(timeout, "timeout");
        Objects.requireNonNull(callable, "callable");
        if (timeout.isZero()) {
            return Optional.empty();
        }
        ScopeImpl s =
                ScopeImpl.open(
                        new ScopeOptions("withTimeout", FailurePolicy.FAIL_FAST, timeout), true);
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
     * The shielded task is not cancelled when the caller, or any scope around it, is cancelled or
     * times out: it runs to completion.
     *
     * <p><b>Who owns the shielded work.</b> The shielded task belongs to the <em>outermost</em>
     * scope of the caller's tree — the scope of {@link #run}, or the first scope the calling thread
     * opened — which waits for it before it closes: nothing outlives {@code Weft.run}. The scopes
     * between the caller and that outermost one do not wait for it, so a cancellation or timeout of
     * the caller takes effect at once: {@code withTimeout(d, () -> shield(work))} throws {@link
     * DeadlineExceededException} when {@code d} has passed while {@code work} goes on (asyncio's
     * {@code wait_for(shield(x), d)}). Trio's shielded cancel scope and Kotlin's {@code
     * withContext(NonCancellable)} make the cancellation wait for the shielded block instead; Weft
     * does that only where no outer scope exists: when the scope being cancelled is itself the
     * outermost one, it waits for the work like every scope waits for its tasks.
     *
     * <p><b>Blocking and cancellation.</b> Blocks until the shielded task finishes. If the caller
     * is cancelled — before or while waiting — it throws {@link CancelledException} at once and the
     * shielded work goes on; if the work had already finished at that moment, its outcome is
     * returned (or thrown) instead, and the caller's cancellation stays set for its next
     * cancellation point. Outside every scope there is nothing that could own the work once the
     * caller leaves, so the call runs it in a scope of its own and waits for it even when the
     * thread is interrupted, then returns its outcome with the interrupt status set again.
     *
     * <p><b>Failures.</b> The work's failure is thrown to the caller and to nobody else: a caller
     * that catches it handles it, and no scope reports it again. If the caller lets it escape, the
     * normal scope rules apply to the caller. A failure raised after the caller stopped waiting (it
     * was cancelled or timed out) has nobody else to reach, so the owning scope reports it as it
     * does any task's failure.
     *
     * @param callable the work to protect
     * @param <T> its result type
     * @return the work's value
     * @throws CancelledException if the caller is cancelled before the work finished
     * @throws TaskFailedException if the work threw a checked exception
     * @throws RuntimeException the work's unchecked exception, as thrown
     * @throws NullPointerException if {@code callable} is null
     */
    public static <T> T shield(Callable<? extends T> callable) {
        Objects.requireNonNull(callable, "callable");
        ScopeImpl owner = ScopeImpl.outermost();
        if (owner == null) {
            return shieldOutsideEveryScope(callable);
        }
        TaskImpl<?> caller = TaskImpl.current();
        String name = (caller != null ? caller.name() : owner.name()) + "-shielded";
        TaskImpl<? extends T> t = owner.forkTask(name, callable, true);
        try {
            t.awaitDone(-1L);
        } catch (CancelledException e) {
            if (t.leaveShield()) {
                throw e; // the work goes on; the owning scope reports a later failure
            }
            // The work had finished: its outcome is the caller's, and the caller's cancellation
            // stays set (sticky, or the interrupt status) for its next cancellation point.
        }
        return t.join();
    }

    private static <T> T shieldOutsideEveryScope(Callable<? extends T> callable) {
        ScopeImpl s =
                ScopeImpl.open(new ScopeOptions("shield", FailurePolicy.FAIL_FAST, null), false);
        TaskImpl<? extends T> t;
        boolean interrupted;
        try {
            t = s.forkTask("shielded", callable, true);
            interrupted = t.awaitDoneUninterruptibly();
        } catch (Throwable e) {
            closeAfter(s, e);
            throw e;
        }
        s.close();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return t.join();
    }

    // ---- bounded map ---------------------------------------------------------------------

    /**
     * Applies {@code fn} to every item with at most {@code concurrency} applications running at any
     * moment, each on its own virtual thread, and returns the results in input order. Fails fast:
     * the first failure cancels the rest and is rethrown by the scope rules. Tasks are started only
     * as permits free up, so a million items never means a million threads.
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
    public static <T, R> List<R> map(
            Collection<? extends T> items,
            int concurrency,
            CheckedFunction<? super T, ? extends R> fn) {
        Objects.requireNonNull(items, "items");
        Objects.requireNonNull(fn, "fn");
        ArgumentRules.requirePositive(concurrency, "concurrency");
        List<T> inputs = new ArrayList<>(items);
        Limiter permits = new Limiter(concurrency); // a Weft wait, which a virtual clock sees
        ScopeImpl s = ScopeImpl.open(new ScopeOptions("map", FailurePolicy.FAIL_FAST, null), false);
        List<TaskImpl<R>> tasks = new ArrayList<>(inputs.size());
        try {
            for (T item : inputs) {
                Limiter.Permit permit;
                try {
                    permit = permits.acquire();
                } catch (CancelledException ce) {
                    s.cancel(ScopeImpl.OUTER, ce.reason());
                    throw ce;
                }
                if (s.isCancelled()) {
                    permit.close();
                    break;
                }
                TaskImpl<R> t;
                try {
                    t = s.forkTask(null, () -> fn.apply(item), false);
                } catch (Throwable e) {
                    permit.close();
                    throw e;
                }
                // Released when the task completes in any way, including cancelled before it
                // ran (then the callable, and any finally in it, never runs).
                t.onComplete(done -> permit.close());
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
    // The per-item results of map are discarded here; each call's null result is never read.
    @SuppressWarnings("NullAway")
    public static <T> void forEach(
            Collection<? extends T> items, int concurrency, CheckedConsumer<? super T> action) {
        Objects.requireNonNull(action, "action");
        map(
                items,
                concurrency,
                item -> {
                    action.accept(item);
                    return null;
                });
    }

    // ---- futures and platform threads ------------------------------------------------------

    /**
     * Waits for a {@link CompletionStage} (a {@link java.util.concurrent.CompletableFuture}, a
     * {@code HttpClient.sendAsync} result, a task's {@link Task#toCompletableFuture() future}) and
     * returns its value: asyncio's {@code await asyncio.wrap_future(f)}. Parks only the calling
     * virtual thread.
     *
     * <p>A cancellation point: if the calling task is cancelled (or the thread interrupted), before
     * or while waiting, it stops waiting, <em>cancels the stage</em> — {@code cancel(true)} when it
     * is a {@link java.util.concurrent.Future}, else its {@code toCompletableFuture()} if it has
     * one — and throws {@link CancelledException}; as in asyncio and Kotlin, work whose result
     * nobody waits for any more is stopped. To wait for a future that others share without
     * cancelling it, await a dependent stage instead, such as {@code future.copy()}.
     *
     * @param stage what to wait for
     * @param <T> its value type
     * @return the stage's value (may be null)
     * @throws CancelledException if the caller is cancelled, or the stage itself was cancelled
     * @throws TaskFailedException if the stage failed with a checked exception (its cause,
     *     unwrapped from {@link java.util.concurrent.CompletionException})
     * @throws RuntimeException the stage's unchecked failure, as thrown
     * @throws NullPointerException if {@code stage} is null
     */
    public static <T> T await(CompletionStage<? extends T> stage) {
        return StageWait.await(stage, true);
    }

    /**
     * Runs {@code callable} on a platform thread and waits for its value: asyncio's {@code
     * to_thread}. For work that should not run on a virtual thread's carrier: long CPU-bound
     * computation that would starve other virtual threads, or code that pins its carrier (native
     * calls, {@code synchronized} blocking I/O on older JDKs). Plain blocking I/O needs none of
     * this: call it directly.
     *
     * <p>At most as many calls run at once as the default limiter has permits: {@code
     * -Dweft.platformThreads}, by default {@code min(32, processors + 4)} (asyncio's default
     * executor size); further callers wait for a permit, first come first served. The threads are
     * daemon threads named {@code weft-platform-N} from a cached pool: each is reused while calls
     * keep coming and ends after being idle for 10 s ({@code
     * -Dweft.platformThreads.keepAliveSeconds}). No call outlives its caller: when this method
     * returns or throws, the call has ended and its thread is idle. The caller's {@link Context}
     * and SLF4J MDC are visible to the call. A call that itself calls this method holds its permit
     * while it waits for another: give such nested calls a {@link #onPlatformThread(Limiter,
     * Callable) limiter of their own}, or every permit can end up held by a caller waiting for one.
     *
     * <p>A cancellation point: a cancelled caller stops waiting for a permit at once; once the call
     * runs, cancelling the caller interrupts the platform thread, waits until the call has returned
     * (so code that ignores interrupts makes the cancellation late, never lost), then throws {@link
     * CancelledException}. Inside the call, {@link Weft#checkpoint()} sees that interrupt, so a CPU
     * loop can stop early. A real failure of the call wins over the cancellation, which is attached
     * to it as suppressed.
     *
     * @param callable the work
     * @param <T> its result type
     * @return the work's value
     * @throws CancelledException if the caller is cancelled, before or while waiting
     * @throws TaskFailedException if the work threw a checked exception (its cause)
     * @throws RuntimeException the work's unchecked exception, as thrown
     * @throws NullPointerException if {@code callable} is null
     */
    public static <T> T onPlatformThread(Callable<? extends T> callable) {
        return PlatformThreads.call(PlatformThreads.DEFAULT, callable);
    }

    /**
     * Runs {@code callable} on a platform thread under a permit of {@code limiter} instead of the
     * default limiter's, for a cap of its own (one permit per CPU for hashing, say). Otherwise as
     * {@link #onPlatformThread(Callable)}; the pool's threads are shared.
     *
     * @param limiter bounds how many such calls run at once; the permit is held until the call has
     *     ended
     * @param callable the work
     * @param <T> its result type
     * @return the work's value
     * @throws CancelledException if the caller is cancelled, before or while waiting
     * @throws TaskFailedException if the work threw a checked exception (its cause)
     * @throws RuntimeException the work's unchecked exception, as thrown
     * @throws NullPointerException if an argument is null
     */
    public static <T> T onPlatformThread(Limiter limiter, Callable<? extends T> callable) {
        return PlatformThreads.call(limiter, callable);
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

    /**
     * Views tasks of subtypes of {@code T} as tasks of {@code T}, so that {@code wait} and {@code
     * asCompleted} take tasks of different result types. Sound because a {@link Task} only hands
     * its value out (join, resultNow, outcome, callbacks that receive the task); nothing can put a
     * {@code T} into it. The one exception, {@code toCompletableFuture}, returns a new future
     * bridged to the task, which only the caller holding the widened type can see.
     */
    @SuppressWarnings("unchecked")
    private static <T> List<Task<T>> widened(List<? extends Task<? extends T>> tasks) {
        return (List<Task<T>>) tasks;
    }

    /**
     * Closes {@code s} after {@code primary} was thrown, attaching what close throws. The scope is
     * cancelled first: dropping its work is intended here, not a forgotten join.
     */
    static void closeAfter(ScopeImpl s, Throwable primary) {
        s.cancel(ScopeImpl.CLOSE, "scope '" + s.name() + "' closed after " + primary);
        try {
            s.close();
        } catch (Throwable t) {
            if (t != primary) {
                primary.addSuppressed(t);
            }
        }
    }
}
