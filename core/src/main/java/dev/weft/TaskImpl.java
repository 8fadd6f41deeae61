package dev.weft;

import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

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

/*
 * Implementation notes.
 *
 * A task is its own Runnable: the scope creates an unstarted virtual thread for it and starts it.
 * State moves once from RUNNING to a final state by CAS; result and exception are written before
 * that volatile write and read after a volatile read of the state.
 *
 * Waiters and completion callbacks share one Treiber stack ("waiters"). Completion, when it finds
 * nodes, swaps in the DONE sentinel, then unparks each waiting thread and runs each callback; when
 * it finds none it leaves the stack alone (no atomic swap for the common task nobody joins). A
 * push first checks the task is not done; one that lands after completion looked sees the task
 * done and drains the stack itself. Each node goes to exactly one drainer (the swap decides). A waiter that gives
 * up (timed out, interrupted) and an internal callback that is no longer wanted (Weft.wait,
 * asCompleted) mark their node removed and unsplice every removed node, as FutureTask does:
 * a removed node is only ever skipped, never followed by a live one being lost, because nodes
 * are inserted at the head only; so polling a long-lived task leaves nothing behind on it.
 *
 * Finding the current task. A task is the uncaught-exception handler of its own thread
 * (Thread.Builder.uncaughtExceptionHandler): current() reads that slot of Thread.currentThread()
 * and checks the handler's thread is the caller. That costs no memory per thread: a ThreadLocal
 * made every task thread allocate a ThreadLocalMap (136 bytes, and time to set and remove it),
 * and a ScopedValue binding costs 56 bytes, two stack frames and a 144-byte cache on the first
 * read (all measured with heap histograms of parked tasks). run() catches everything the task
 * throws, so the handler only ever sees a failure of Weft's own bookkeeping, which it passes on
 * exactly as the JDK does for a thread without a handler. Code that replaces the handler of a
 * running task's thread detaches the thread from its task: Weft then treats it as a plain thread
 * (interrupts still cancel what it blocks in; scopes it opens become roots).
 *
 * Names. An unnamed task's name ("scope-3") is built on the first read from its scope's name and
 * its fork number; its thread gets a name only when the task was named at fork or debug mode is
 * on, so a fork builds no string.
 *
 * Cancellation is a CAS of cancelReason from null, then an interrupt of the thread and the
 * cancellation of the chain of scopes the task's thread has opened (bottomScope, then each
 * scope's innerOwned). Opening a scope writes bottomScope and then reads cancelReason; cancel
 * writes cancelReason and then reads bottomScope, so one of the two always sees the other.
 */
final class TaskImpl<T> implements Task<T>, Runnable, Thread.UncaughtExceptionHandler {

    private static final int RUNNING = 0;
    private static final int SUCCEEDED = 1;
    private static final int FAILED = 2;
    private static final int CANCELLED = 3;

    private static final VarHandle STATE;
    private static final VarHandle CANCEL_REASON;
    private static final VarHandle WAITERS;
    private static final VarHandle COUNTED;
    private static final VarHandle THREAD;
    private static final VarHandle SHIELD;

    /** {@link #shield}: not a shielded task. */
    private static final byte NOT_SHIELDED = 0;

    /** {@link #shield}: shielded, and the caller of {@code Weft.shield} is waiting for it. */
    private static final byte CALLER_WAITING = 1;

    /**
     * {@link #shield}: shielded, the caller stopped waiting: the owning scope reports a failure.
     */
    private static final byte CALLER_GONE = 2;

    /** {@link #shield}: shielded, the outcome went to the caller: the scope does not report it. */
    private static final byte CALLER_TAKES = 3;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            STATE = l.findVarHandle(TaskImpl.class, "state", int.class);
            CANCEL_REASON = l.findVarHandle(TaskImpl.class, "cancelReason", String.class);
            WAITERS = l.findVarHandle(TaskImpl.class, "waiters", Node.class);
            COUNTED = l.findVarHandle(TaskImpl.class, "counted", byte.class);
            THREAD = l.findVarHandle(TaskImpl.class, "thread", Thread.class);
            SHIELD = l.findVarHandle(TaskImpl.class, "shield", byte.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** A waiting thread or a completion callback. */
    private static final class Node {
        final @Nullable Thread thread;
        final @Nullable Consumer<Object> callback;
        volatile @Nullable Node next;

        /** Set once by the waiter or callback owner that no longer needs the node. */
        volatile boolean removed;

        Node(@Nullable Thread thread, @Nullable Consumer<Object> callback) {
            this.thread = thread;
            this.callback = callback;
        }
    }

    private static final Node DONE = new Node(null, null);

    final ScopeImpl scope;

    /**
     * The name given at fork, or built on the first read (a benign race: any reader builds the
     * same).
     */
    private @Nullable String name;

    /**
     * The fork number within the scope (the low 32 bits, read unsigned): names an unnamed task,
     * orders the task tree, and picks the task's ChildSet stripe.
     */
    final int seq;

    /**
     * The work; dropped once it has run, with the inherited snapshots (FutureTask does the same).
     */
    private @Nullable Callable<? extends T> callable;

    /** Where and when it was forked: recorded in debug mode only, null otherwise. */
    final @Nullable ForkSite forkSite;

    /**
     * Whether the task is shielded and who reports its outcome: the caller of Weft.shield while it
     * waits, else the scope. Moves once from CALLER_WAITING, by CAS: to CALLER_TAKES by the task's
     * thread as it ends, or to CALLER_GONE by the caller when it stops waiting first.
     */
    @SuppressWarnings("unused") // through SHIELD
    private volatile byte shield;

    /**
     * The Context values and the SLF4J MDC the forking thread had, or null when it had neither (the
     * usual case: then the task holds no object for them).
     */
    private @Nullable Inherited inherited;

    /**
     * The task's thread while it may run; cleared as the thread's last action, so a finished task
     * that is still referenced (gather's results, a caller's list) does not keep the dead thread
     * and its continuation (272 bytes) alive.
     */
    volatile @Nullable Thread thread;

    @SuppressWarnings("unused") // through STATE
    private volatile int state;

    @SuppressWarnings("unused") // through CANCEL_REASON
    private volatile @Nullable String cancelReason;

    @SuppressWarnings("unused") // through WAITERS
    private volatile @Nullable Node waiters;

    /**
     * 0: not counted as cancelled-and-running; 1: counted; 2: count taken back, never counted
     * again.
     */
    @SuppressWarnings("unused") // through COUNTED
    private volatile byte counted;

    /** The value (SUCCEEDED) or the failure (FAILED); written before the state, read after it. */
    private @Nullable Object outcome;

    volatile boolean retrieved;

    /** The first scope opened by this task's thread and still open; nested ones hang off it. */
    volatile @Nullable ScopeImpl bottomScope;

    /** Links in its scope's ChildSet, guarded by the stripe's monitor. */
    @Nullable TaskImpl<?> prev;

    @Nullable TaskImpl<?> next;

    /** What this task's thread is blocked joining (a Task or a Scope), for the task tree. */
    volatile @Nullable Object awaiting;

    TaskImpl(
            ScopeImpl scope,
            @Nullable String name,
            int seq,
            Callable<? extends T> callable,
            boolean shielded) {
        this.scope = scope;
        this.name = name;
        this.seq = seq;
        this.callable = callable;
        if (shielded) {
            SHIELD.set(
                    this, CALLER_WAITING); // published by the thread's start, like the other fields
        }
        this.forkSite = Debug.enabled() ? new ForkSite("forked here: task '" + name() + "'") : null;
        Map<Context.Key<?>, Object> context = Context.capture();
        Map<String, String> mdc = MDC.getCopyOfContextMap();
        this.inherited = context == null && mdc == null ? null : new Inherited(context, mdc);
    }

    /** What a task inherits from the thread that forked it; at least one of the two is not null. */
    private record Inherited(Map<Context.Key<?>, Object> context, Map<String, String> mdc) {}

    /** Whether cancelling the task's scope leaves this task running (Weft.shield). */
    boolean shielded() {
        return shield != NOT_SHIELDED;
    }

    /**
     * Called by the task's thread once it is done: hands the outcome to the caller of Weft.shield
     * if it is still waiting. Returns true if the caller takes it, so the scope must not report the
     * failure a second time.
     */
    boolean handOverToShieldCaller() {
        return SHIELD.compareAndSet(this, CALLER_WAITING, CALLER_TAKES);
    }

    /**
     * Called by the caller of Weft.shield when it stops waiting (it was cancelled). Returns true if
     * it left before the outcome was handed over: the scope then reports a failure; false if the
     * task is already done and its outcome is the caller's.
     */
    boolean leaveShield() {
        return SHIELD.compareAndSet(this, CALLER_WAITING, CALLER_GONE);
    }

    /** Marks a task that will never run (its scope was being cancelled) as cancelled. */
    void cancelBeforeStart(String reason) {
        callable = null;
        inherited = null;
        CANCEL_REASON.setVolatile(this, reason);
        finish(CANCELLED, null, null);
    }

    /**
     * The task whose thread is the calling thread, or null when the caller is not a task's thread.
     */
    static @Nullable TaskImpl<?> current() {
        Thread me = Thread.currentThread();
        return me.getUncaughtExceptionHandler() instanceof TaskImpl<?> t && t.thread == me
                ? t
                : null;
    }

    /**
     * Reached only by a failure of Weft's own bookkeeping after the task ended (run() catches
     * everything the task throws): handled as the JDK handles a thread without a handler.
     */
    @Override
    public void uncaughtException(Thread t, Throwable e) {
        ThreadGroup g = t.getThreadGroup();
        if (g != null) {
            g.uncaughtException(t, e);
        } else {
            Thread.UncaughtExceptionHandler d = Thread.getDefaultUncaughtExceptionHandler();
            if (d != null) {
                d.uncaughtException(t, e);
            } else {
                e.printStackTrace();
            }
        }
    }

    /*
     * run() is kept small on purpose: while a task is parked, its thread's stack holds run()'s
     * frame, so everything around the call of the work lives in begin() and end() (a heap
     * histogram of parked tasks measured the difference against StructuredTaskScope's subtask).
     */
    @Override
    public void run() {
        T value = null;
        Throwable failure = null;
        boolean ran = false;
        try {
            if (begin()) {
                ran = true;
                value =
                        Objects.requireNonNull(
                                        callable,
                                        "begin() succeeds once, before the callable is dropped")
                                .call();
            }
        } catch (Throwable ex) {
            failure = ex;
        }
        end(ran, value, failure);
    }

    /**
     * Installs what the task inherited; returns false (the task then ends CANCELLED without
     * running) if it was cancelled before it started.
     */
    private boolean begin() {
        Inherited in = inherited;
        if (in != null) {
            if (in.context() != null) {
                Context.install(in.context());
            }
            if (in.mdc() != null) {
                MDC.setContextMap(in.mdc());
            }
        }
        Events.fork(this);
        return cancelReason == null;
    }

    /**
     * Settles the outcome ({@code ran}: the work was called; {@code failure}: what it, or begin(),
     * threw), cleans up and tells the scope: the thread's last actions.
     */
    private void end(boolean ran, @Nullable T value, @Nullable Throwable failure) {
        try {
            if (failure != null) {
                closeLeftoverScopes(failure);
                if (isCancellation(failure)) {
                    if (cancelReason == null) {
                        CANCEL_REASON.compareAndSet(this, (String) null, reasonOf(failure));
                    }
                    finish(CANCELLED, null, null);
                } else {
                    if (forkSite != null) {
                        failure.addSuppressed(forkSite);
                    }
                    finish(FAILED, null, failure);
                }
            } else if (!ran) {
                finish(CANCELLED, null, null); // cancelled before it started
            } else {
                Throwable leftover = closeLeftoverScopes(null);
                if (leftover != null) {
                    finish(FAILED, null, leftover);
                } else {
                    finish(SUCCEEDED, value, null);
                }
            }
        } finally {
            // The state is final now (a volatile write), so a cancel that counts this task after
            // this read sees it done and takes its count back itself (countCancelled).
            if ((byte) COUNTED.getVolatile(this) == 1
                    && (byte) COUNTED.getAndSet(this, (byte) 2) == 1) {
                Cancellation.uncountCancelled();
            }
            Inherited in = inherited;
            if (in != null) {
                if (in.mdc() != null) {
                    MDC.clear();
                }
                if (in.context() != null) {
                    Context.install(null);
                }
            }
            callable = null;
            inherited = null;
            scope.childDone(this);
            THREAD.setRelease(this, null);
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
    private @Nullable Throwable closeLeftoverScopes(@Nullable Throwable primary) {
        ScopeImpl leftover = bottomScope;
        if (leftover == null) {
            return null;
        }
        IllegalStateException violation =
                new IllegalStateException(
                        "task '"
                                + name()
                                + "' ended with scope '"
                                + leftover.name()
                                + "' still open");
        leftover.forceClose("owner task '" + name() + "' ended");
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

    private void finish(int finalState, @Nullable T value, @Nullable Throwable ex) {
        this.outcome = ex != null ? ex : value;
        if (!STATE.compareAndSet(this, RUNNING, finalState)) {
            return;
        }
        Events.end(
                this,
                finalState == SUCCEEDED
                        ? "SUCCEEDED"
                        : finalState == FAILED ? "FAILED" : "CANCELLED");
        // Nobody waiting (the usual case: a scope waits on its counters): no atomic swap. A node
        // pushed after this read finds the task done and drains the stack itself (push).
        if (WAITERS.getVolatile(this) != null) {
            drain();
        }
    }

    /**
     * Takes every node off the stack, leaving DONE, and wakes or runs each that is not removed. The
     * swap hands each node to exactly one drainer.
     */
    private void drain() {
        Node n = (Node) WAITERS.getAndSet(this, DONE);
        for (; n != null && n != DONE; n = n.next) {
            if (n.removed) {
                continue;
            }
            if (n.thread != null) {
                Durations.unpark(n.thread);
            } else if (n.callback != null) { // a node holds a thread or a callback
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

    /**
     * Pushes a waiter or callback; false if the task is already done (the caller then acts itself).
     * The task's end writes its state and then reads the stack; a push writes the stack and then
     * reads the state, so one of the two sees the other: a push that finds the task done after all
     * drains the stack (its own node included) and returns true, the node handled.
     */
    private boolean push(Node node) {
        for (; ; ) {
            Node head = (Node) WAITERS.getVolatile(this);
            if (head == DONE || isDone()) {
                return false;
            }
            node.next = head;
            if (WAITERS.compareAndSet(this, head, node)) {
                if (isDone()) {
                    drain();
                }
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
        for (; ; ) {
            Node pred = null;
            for (Node q = (Node) WAITERS.getVolatile(this), next;
                    q != null && q != DONE;
                    q = next) {
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
        String n = name;
        if (n == null) {
            n = scope.name() + "-" + Integer.toUnsignedString(seq);
            name = n;
        }
        return n;
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

    @Nullable String cancelReasonOrNull() {
        return cancelReason;
    }

    @Nullable Throwable exceptionOrNull() {
        return (int) STATE.getVolatile(this) == FAILED ? (Throwable) outcome : null;
    }

    // The callable's result as returned: null for a Task<Void> (and for a callable that returned
    // null), which the type argument T of the user's task admits; not checked here.
    @SuppressWarnings({"unchecked", "NullAway"})
    private T value() {
        return (T) outcome;
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
                    "task '" + name() + "' did not finish within " + timeout, timeout, null);
        }
        return report();
    }

    /**
     * Waits until done; {@code nanos < 0} waits forever, zero only checks. Returns whether the task
     * is done. A wait that ends otherwise (timed out, interrupted) removes its node.
     */
    boolean awaitDone(long nanos) {
        if (isDone()) {
            return true;
        }
        Cancellation.checkpoint();
        Thread me = Thread.currentThread();
        if (me == thread) {
            throw new IllegalStateException("task '" + name() + "' cannot join itself");
        }
        if (nanos == 0) {
            return false;
        }
        long deadline = nanos < 0 ? 0L : Durations.deadlineIn(nanos);
        Node node = new Node(me, null);
        if (!push(node)) {
            return true;
        }
        TaskImpl<?> caller = current();
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
                    throw Cancellation.interrupted("joining task '" + name() + "'", null);
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
     * could own the work). Returns whether the thread was interrupted meanwhile; the status is then
     * cleared, for the caller to set again.
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
     * Waits until done, as a Weft wait, through interrupts and the caller's own cancellation (io's
     * TcpServer.close, which always waits for its server); runs {@code onFirstInterrupt} at the
     * first interrupt. Returns whether the thread was interrupted; the status is then cleared, for
     * the caller to restore.
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
        return switch ((int) STATE.getVolatile(this)) {
            case SUCCEEDED -> value();
            case FAILED -> {
                retrieved = true;
                throw Failures.propagate(failure(), "task '" + name() + "' failed");
            }
            default -> throw new CancelledException(cancelReasonOrDefault());
        };
    }

    private String cancelReasonOrDefault() {
        String r = cancelReason;
        return r != null ? r : "cancelled";
    }

    @Override
    public T resultNow() {
        int s = (int) STATE.getVolatile(this);
        if (s != SUCCEEDED) {
            throw new IllegalStateException(
                    "task '" + name() + "' has no result: it is " + state());
        }
        return value();
    }

    @Override
    public Throwable exceptionNow() {
        int s = (int) STATE.getVolatile(this);
        if (s != FAILED) {
            throw new IllegalStateException(
                    "task '" + name() + "' has no exception: it is " + state());
        }
        retrieved = true;
        return failure();
    }

    /** The exception of a task known to have FAILED (finish stored it as the outcome). */
    private Throwable failure() {
        return (Throwable)
                Objects.requireNonNull(outcome, "a failed task's outcome is its exception");
    }

    @Override
    public Outcome<T> outcome() {
        return switch ((int) STATE.getVolatile(this)) {
            case SUCCEEDED -> new Outcome.Success<>(value());
            case FAILED -> {
                retrieved = true;
                yield new Outcome.Failure<>(failure());
            }
            case CANCELLED -> new Outcome.Cancelled<>(cancelReasonOrDefault());
            default -> throw new IllegalStateException("task '" + name() + "' is still running");
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

    /**
     * Counts this task as cancelled and running, once. If it has finished meanwhile, the count is
     * taken back: the task's end reads the count after its final state is written, and this reads
     * the state after counting, so one of the two always sees the other (whoever moves the count
     * from 1 to 2 takes it back).
     */
    private void countCancelled() {
        if (COUNTED.compareAndSet(this, (byte) 0, (byte) 1)) {
            Cancellation.countCancelled();
            if (isDone() && COUNTED.compareAndSet(this, (byte) 1, (byte) 2)) {
                Cancellation.uncountCancelled();
            }
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
     * Registers an internal completion callback that can be withdrawn: returns a handle for {@link
     * #removeCallback}, or null if the task was already done and the callback has run.
     */
    @Nullable Object addCallback(Consumer<Object> callback) {
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
        CompletableFuture<T> f =
                new CompletableFuture<>() {
                    @Override
                    public boolean cancel(boolean mayInterruptIfRunning) {
                        TaskImpl.this.cancel("cancelled through its CompletableFuture");
                        return super.cancel(mayInterruptIfRunning);
                    }
                };
        onComplete(
                t -> {
                    switch ((int) STATE.getVolatile(this)) {
                        case SUCCEEDED -> f.complete(value());
                        case FAILED -> {
                            retrieved = true;
                            f.completeExceptionally((Throwable) outcome);
                        }
                        default ->
                                f.completeExceptionally(
                                        new CancellationException(cancelReasonOrDefault()));
                    }
                });
        return f;
    }

    @Override
    public Optional<Throwable> forkSite() {
        return Optional.ofNullable(forkSite);
    }

    /** Time since the fork, in debug mode (when the fork's time was recorded); else -1. */
    long ageNanos() {
        ForkSite f = forkSite;
        return f == null ? -1L : System.nanoTime() - f.nanos;
    }

    @Override
    public String toString() {
        return "Task[" + name() + ", " + state() + "]";
    }
}
