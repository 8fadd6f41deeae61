package dev.weft;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.MDC;

/*
 * Implementation notes.
 *
 * A task is its own Runnable: the scope creates an unstarted virtual thread for it and starts it.
 * State moves once from RUNNING to a final state by CAS; result and exception are written before
 * that volatile write and read after a volatile read of the state.
 *
 * Waiters and completion callbacks share one Treiber stack ("waiters"). Completion swaps in the
 * DONE sentinel, then unparks each waiting thread and runs each callback. A node that is pushed
 * after DONE is rejected, so the pusher sees the task done and acts itself. A waiter that gives
 * up (timed out, interrupted) and an internal callback that is no longer wanted (Weft.wait,
 * asCompleted) mark their node removed and unsplice every removed node, as FutureTask does:
 * a removed node is only ever skipped, never followed by a live one being lost, because nodes
 * are inserted at the head only; so polling a long-lived task leaves nothing behind on it.
 *
 * Cancellation is a CAS of cancelReason from null, then an interrupt of the thread and the
 * cancellation of the chain of scopes the task's thread has opened (bottomScope, then each
 * scope's innerOwned). Opening a scope writes bottomScope and then reads cancelReason; cancel
 * writes cancelReason and then reads bottomScope, so one of the two always sees the other.
 */
final class TaskImpl<T> implements Task<T>, Runnable {
    static final ThreadLocal<TaskImpl<?>> CURRENT = new ThreadLocal<>();

    private static final int RUNNING = 0;
    private static final int SUCCEEDED = 1;
    private static final int FAILED = 2;
    private static final int CANCELLED = 3;

    private static final VarHandle STATE;
    private static final VarHandle CANCEL_REASON;
    private static final VarHandle WAITERS;
    private static final VarHandle COUNTED;
    private static final VarHandle SHIELD;

    /** {@link #shield}: not a shielded task. */
    private static final int NOT_SHIELDED = 0;
    /** {@link #shield}: shielded, and the caller of {@code Weft.shield} is waiting for it. */
    private static final int CALLER_WAITING = 1;
    /** {@link #shield}: shielded, the caller stopped waiting: the owning scope reports a failure. */
    private static final int CALLER_GONE = 2;
    /** {@link #shield}: shielded, the outcome went to the caller: the scope does not report it. */
    private static final int CALLER_TAKES = 3;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            STATE = l.findVarHandle(TaskImpl.class, "state", int.class);
            CANCEL_REASON = l.findVarHandle(TaskImpl.class, "cancelReason", String.class);
            WAITERS = l.findVarHandle(TaskImpl.class, "waiters", Node.class);
            COUNTED = l.findVarHandle(TaskImpl.class, "counted", int.class);
            SHIELD = l.findVarHandle(TaskImpl.class, "shield", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** A waiting thread or a completion callback. */
    private static final class Node {
        final Thread thread;
        final Consumer<Object> callback;
        volatile Node next;
        /** Set once by the waiter or callback owner that no longer needs the node. */
        volatile boolean removed;

        Node(Thread thread, Consumer<Object> callback) {
            this.thread = thread;
            this.callback = callback;
        }
    }

    private static final Node DONE = new Node(null, null);

    final ScopeImpl scope;
    private final String name;
    private final Callable<? extends T> callable;
    final long forkNanos = System.nanoTime();
    final Throwable forkSite;
    /**
     * Whether the task is shielded and who reports its outcome: the caller of Weft.shield while
     * it waits, else the scope. Moves once from CALLER_WAITING, by CAS: to CALLER_TAKES by the
     * task's thread as it ends, or to CALLER_GONE by the caller when it stops waiting first.
     */
    @SuppressWarnings("unused") // through SHIELD
    private volatile int shield;
    private final Map<Context.Key<?>, Object> context;
    private final Map<String, String> mdc;

    volatile Thread thread;
    @SuppressWarnings("unused") // through STATE
    private volatile int state;
    @SuppressWarnings("unused") // through CANCEL_REASON
    private volatile String cancelReason;
    @SuppressWarnings("unused") // through WAITERS
    private volatile Node waiters;
    /** 0: not counted as cancelled-and-running; 1: counted; 2: finished, never counted again. */
    @SuppressWarnings("unused") // through COUNTED
    private volatile int counted;
    private T result;
    private Throwable exception;
    volatile boolean retrieved;

    /** The first scope opened by this task's thread and still open; nested ones hang off it. */
    volatile ScopeImpl bottomScope;
    /** The innermost scope opened by this task's thread and still open. */
    ScopeImpl innermost;
    /** Links in its scope's ChildSet, guarded by the stripe's monitor. */
    TaskImpl<?> prev;
    TaskImpl<?> next;
    int stripe;

    /** What this task's thread is blocked joining (a Task or a Scope), for the task tree. */
    volatile Object awaiting;

    TaskImpl(ScopeImpl scope, String name, Callable<? extends T> callable, boolean shielded) {
        this.scope = scope;
        this.name = name;
        this.callable = callable;
        if (shielded) {
            SHIELD.set(this, CALLER_WAITING); // published by the thread's start, like the other fields
        }
        this.forkSite = Debug.enabled() ? new Throwable("forked here: task '" + name + "'") : null;
        this.context = Context.capture();
        this.mdc = MDC.getCopyOfContextMap();
    }

    /** Whether cancelling the task's scope leaves this task running (Weft.shield). */
    boolean shielded() {
        return shield != NOT_SHIELDED;
    }

    /**
     * Called by the task's thread once it is done: hands the outcome to the caller of
     * Weft.shield if it is still waiting. Returns true if the caller takes it, so the scope must
     * not report the failure a second time.
     */
    boolean handOverToShieldCaller() {
        return SHIELD.compareAndSet(this, CALLER_WAITING, CALLER_TAKES);
    }

    /**
     * Called by the caller of Weft.shield when it stops waiting (it was cancelled). Returns true
     * if it left before the outcome was handed over: the scope then reports a failure; false if
     * the task is already done and its outcome is the caller's.
     */
    boolean leaveShield() {
        return SHIELD.compareAndSet(this, CALLER_WAITING, CALLER_GONE);
    }

    /** Marks a task that will never run (its scope was being cancelled) as cancelled. */
    void cancelBeforeStart(String reason) {
        CANCEL_REASON.setVolatile(this, reason);
        finish(CANCELLED, null, null);
    }

    @Override
    public void run() {
        CURRENT.set(this);
        if (context != null) {
            Context.install(context);
        }
        if (mdc != null) {
            MDC.setContextMap(mdc);
        }
        Events.fork(this);
        try {
            if (cancelReason != null) {
                finish(CANCELLED, null, null);
                return;
            }
            T value;
            try {
                value = callable.call();
            } catch (Throwable ex) {
                closeLeftoverScopes(ex);
                if (isCancellation(ex)) {
                    if (cancelReason == null) {
                        CANCEL_REASON.compareAndSet(this, (String) null, reasonOf(ex));
                    }
                    finish(CANCELLED, null, null);
                } else {
                    if (forkSite != null) {
                        ex.addSuppressed(forkSite);
                    }
                    finish(FAILED, null, ex);
                }
                return;
            }
            Throwable leftover = closeLeftoverScopes(null);
            if (leftover != null) {
                finish(FAILED, null, leftover);
            } else {
                finish(SUCCEEDED, value, null);
            }
        } finally {
            if ((int) COUNTED.getAndSet(this, 2) == 1) {
                Cancellation.uncountCancelled();
            }
            if (mdc != null) {
                MDC.clear();
            }
            if (context != null) {
                Context.install(null);
            }
            CURRENT.remove();
            scope.childDone(this);
            if (VirtualClockEngine.open != 0) {
                VirtualClockEngine.ended(); // after waking the joiners, so time cannot move first
            }
        }
    }

    /**
     * Closes scopes the callable opened and left open (a forgotten close): cancels them and waits,
     * so no grandchild outlives the task. Returns the structure violation to report, if the
     * callable otherwise succeeded.
     */
    private Throwable closeLeftoverScopes(Throwable primary) {
        ScopeImpl leftover = bottomScope;
        if (leftover == null) {
            return null;
        }
        IllegalStateException violation = new IllegalStateException(
                "task '" + name + "' ended with scope '" + leftover.name() + "' still open");
        leftover.forceClose("owner task '" + name + "' ended");
        if (primary != null) {
            primary.addSuppressed(violation);
            return null;
        }
        return violation;
    }

    /** CancelledException always; an interrupt only once the task was asked to cancel. */
    private boolean isCancellation(Throwable ex) {
        if (ex instanceof CancelledException) {
            return true;
        }
        return cancelReason != null && Cancellation.isCancellation(ex);
    }

    private static String reasonOf(Throwable ex) {
        for (Throwable c = ex; c != null; c = c.getCause()) {
            if (c instanceof CancelledException ce) {
                return ce.reason();
            }
        }
        return "cancelled";
    }

    private void finish(int finalState, T value, Throwable ex) {
        this.result = value;
        this.exception = ex;
        if (!STATE.compareAndSet(this, RUNNING, finalState)) {
            return;
        }
        Events.end(this, finalState == SUCCEEDED ? "SUCCEEDED" : finalState == FAILED ? "FAILED" : "CANCELLED");
        Node n = (Node) WAITERS.getAndSet(this, DONE);
        for (; n != null && n != DONE; n = n.next) {
            if (n.removed) {
                continue;
            } else if (n.thread != null) {
                Durations.unpark(n.thread);
            } else {
                runCallback(n.callback);
            }
        }
    }

    private void runCallback(Consumer<Object> callback) {
        try {
            callback.accept(this);
        } catch (Throwable t) {
            Log.callbackFailed(this, t);
        }
    }

    private boolean push(Node node) {
        for (;;) {
            Node head = (Node) WAITERS.getVolatile(this);
            if (head == DONE) {
                return false;
            }
            node.next = head;
            if (WAITERS.compareAndSet(this, head, node)) {
                return true;
            }
        }
    }

    /**
     * Marks {@code node} removed and unsplices every removed node (FutureTask's removeWaiter).
     * Inner nodes are unspliced without CAS: a racing remover may relink a removed node, which is
     * harmless (it is skipped) and retried when the predecessor turns out removed too.
     */
    private void remove(Node node) {
        node.removed = true;
        retry:
        for (;;) {
            Node pred = null;
            for (Node q = (Node) WAITERS.getVolatile(this), next; q != null && q != DONE; q = next) {
                next = q.next;
                if (!q.removed) {
                    pred = q;
                } else if (pred != null) {
                    pred.next = next;
                    if (pred.removed) {
                        continue retry;
                    }
                } else if (!WAITERS.compareAndSet(this, q, next)) {
                    continue retry;
                }
            }
            return;
        }
    }

    /** The nodes on the waiter stack, removed ones not yet unspliced included (for tests). */
    int waiterNodes() {
        int count = 0;
        for (Node q = (Node) WAITERS.getVolatile(this); q != null && q != DONE; q = q.next) {
            count++;
        }
        return count;
    }

    // ---- accessors -----------------------------------------------------------------------

    @Override
    public String name() {
        return name;
    }

    @Override
    public State state() {
        return switch ((int) STATE.getVolatile(this)) {
            case RUNNING -> State.RUNNING;
            case SUCCEEDED -> State.SUCCEEDED;
            case FAILED -> State.FAILED;
            default -> State.CANCELLED;
        };
    }

    @Override
    public boolean isDone() {
        return (int) STATE.getVolatile(this) != RUNNING;
    }

    boolean isCancelRequested() {
        return cancelReason != null;
    }

    String cancelReasonOrNull() {
        return cancelReason;
    }

    Throwable exceptionOrNull() {
        return isDone() ? exception : null;
    }

    // ---- waiting -------------------------------------------------------------------------

    @Override
    public T join() {
        awaitDone(-1L);
        return report();
    }

    @Override
    public T join(Duration timeout) {
        Durations.requireNonNegative(timeout, "timeout");
        long nanos = Durations.toNanosSaturated(timeout);
        if (!awaitDone(nanos)) {
            throw new DeadlineExceededException(
                    "task '" + name + "' did not finish within " + timeout, timeout, null);
        }
        return report();
    }

    /**
     * Waits until done; {@code nanos < 0} waits forever, zero only checks. Returns whether the
     * task is done. A wait that ends otherwise (timed out, interrupted) removes its node.
     */
    boolean awaitDone(long nanos) {
        if (isDone()) {
            return true;
        }
        Cancellation.checkpoint();
        Thread me = Thread.currentThread();
        if (me == thread) {
            throw new IllegalStateException("task '" + name + "' cannot join itself");
        }
        if (nanos == 0) {
            return false;
        }
        long deadline = nanos < 0 ? 0L : Durations.deadlineIn(nanos);
        Node node = new Node(me, null);
        if (!push(node)) {
            return true;
        }
        TaskImpl<?> caller = CURRENT.get();
        if (caller != null) {
            caller.awaiting = this;
        }
        try {
            while (!isDone()) {
                if (nanos < 0) {
                    Durations.park(this);
                } else {
                    if (Durations.remaining(deadline) <= 0) {
                        return false;
                    }
                    Durations.parkUntil(this, deadline);
                }
                if (Thread.interrupted()) {
                    throw Cancellation.interrupted("joining task '" + name + "'", null);
                }
            }
            return true;
        } finally {
            if (caller != null) {
                caller.awaiting = null;
            }
            if (!isDone()) {
                remove(node);
            }
        }
    }

    /**
     * Waits until done, ignoring interrupts (Weft.shield outside every scope, where nothing else
     * could own the work). Returns whether the thread was interrupted meanwhile; the status is
     * then cleared, for the caller to set again.
     */
    boolean awaitDoneUninterruptibly() {
        boolean interrupted = false;
        while (true) {
            try {
                awaitDone(-1L);
                return interrupted;
            } catch (CancelledException e) {
                interrupted = true;
                Thread.interrupted(); // set again by Cancellation.interrupted for a non-task thread
            }
        }
    }

    /**
     * Waits until done, as a Weft wait, through interrupts and the caller's own cancellation
     * (io's TcpServer.close, which always waits for its server); runs {@code onFirstInterrupt} at
     * the first interrupt. Returns whether the thread was interrupted; the status is then
     * cleared, for the caller to restore.
     */
    boolean awaitDoneRegardless(Runnable onFirstInterrupt) {
        if (isDone()) {
            return false;
        }
        if (Thread.currentThread() == thread) {
            throw new IllegalStateException("task '" + name + "' cannot join itself");
        }
        Node node = new Node(Thread.currentThread(), null);
        if (!push(node)) {
            return false;
        }
        boolean interrupted = false;
        try {
            while (!isDone()) {
                Durations.park(this);
                if (Thread.interrupted() && !interrupted) {
                    interrupted = true;
                    onFirstInterrupt.run();
                }
            }
            return interrupted;
        } finally {
            if (!isDone()) {
                remove(node);
            }
        }
    }

    private T report() {
        switch ((int) STATE.getVolatile(this)) {
            case SUCCEEDED:
                return result;
            case FAILED:
                retrieved = true;
                throw Failures.propagate(exception, "task '" + name + "' failed");
            default:
                throw new CancelledException(cancelReasonOrDefault());
        }
    }

    private String cancelReasonOrDefault() {
        String r = cancelReason;
        return r != null ? r : "cancelled";
    }

    @Override
    public T resultNow() {
        int s = (int) STATE.getVolatile(this);
        if (s != SUCCEEDED) {
            throw new IllegalStateException("task '" + name + "' has no result: it is " + state());
        }
        return result;
    }

    @Override
    public Throwable exceptionNow() {
        int s = (int) STATE.getVolatile(this);
        if (s != FAILED) {
            throw new IllegalStateException("task '" + name + "' has no exception: it is " + state());
        }
        retrieved = true;
        return exception;
    }

    @Override
    public Outcome<T> outcome() {
        return switch ((int) STATE.getVolatile(this)) {
            case SUCCEEDED -> new Outcome.Success<>(result);
            case FAILED -> {
                retrieved = true;
                yield new Outcome.Failure<>(exception);
            }
            case CANCELLED -> new Outcome.Cancelled<>(cancelReasonOrDefault());
            default -> throw new IllegalStateException("task '" + name + "' is still running");
        };
    }

    @Override
    public Optional<String> cancellationReason() {
        return Optional.ofNullable(cancelReason);
    }

    // ---- cancellation --------------------------------------------------------------------

    @Override
    public boolean cancel() {
        return cancel("cancelled");
    }

    @Override
    public boolean cancel(String reason) {
        Objects.requireNonNull(reason, "reason");
        if (isDone() || !CANCEL_REASON.compareAndSet(this, (String) null, reason)) {
            return false;
        }
        countCancelled();
        Events.cancel(this, reason);
        // Scopes first, so a thread woken in a scope's join finds the scope already cancelled
        // with this reason.
        ScopeImpl s = bottomScope;
        if (s != null) {
            s.cancelFromParent(reason);
        }
        Thread t = thread;
        if (t != null && t != Thread.currentThread()) {
            t.interrupt();
        }
        if (Debug.enabled()) {
            Debug.watchCancelled(this);
        }
        return true;
    }

    /** Counts this task as cancelled and running, once, unless it has already finished. */
    private void countCancelled() {
        if (COUNTED.compareAndSet(this, 0, 1)) {
            Cancellation.countCancelled();
        }
    }

    /** Records that this task's thread saw a raw interrupt: interruption is cancellation. */
    void markInterrupted() {
        if (CANCEL_REASON.compareAndSet(this, (String) null, "interrupted")) {
            countCancelled();
            ScopeImpl s = bottomScope;
            if (s != null) {
                s.cancelFromParent("interrupted");
            }
        }
    }

    // ---- callbacks and bridges -----------------------------------------------------------

    @Override
    @SuppressWarnings("unchecked")
    public void onComplete(Consumer<? super Task<T>> callback) {
        Objects.requireNonNull(callback, "callback");
        Consumer<Object> c = o -> callback.accept((Task<T>) o);
        if (!push(new Node(null, c))) {
            runCallback(c);
        }
    }

    /**
     * Registers an internal completion callback that can be withdrawn: returns a handle for
     * {@link #removeCallback}, or null if the task was already done and the callback has run.
     */
    Object addCallback(Consumer<Object> callback) {
        Node node = new Node(null, callback);
        if (!push(node)) {
            runCallback(callback);
            return null;
        }
        return node;
    }

    /**
     * Withdraws a callback registered by {@link #addCallback}. It may still run if the task is
     * completing at this very moment; callers tolerate that.
     */
    void removeCallback(Object handle) {
        remove((Node) handle);
    }

    @Override
    public CompletableFuture<T> toCompletableFuture() {
        CompletableFuture<T> f = new CompletableFuture<>() {
            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                TaskImpl.this.cancel("cancelled through its CompletableFuture");
                return super.cancel(mayInterruptIfRunning);
            }
        };
        onComplete(t -> {
            switch ((int) STATE.getVolatile(this)) {
                case SUCCEEDED -> f.complete(result);
                case FAILED -> {
                    retrieved = true;
                    f.completeExceptionally(exception);
                }
                default -> f.completeExceptionally(new CancellationException(cancelReasonOrDefault()));
            }
        });
        return f;
    }

    @Override
    public Optional<Throwable> forkSite() {
        return Optional.ofNullable(forkSite);
    }

    long ageNanos() {
        return System.nanoTime() - forkNanos;
    }

    @Override
    public String toString() {
        return "Task[" + name + ", " + state() + "]";
    }
}
