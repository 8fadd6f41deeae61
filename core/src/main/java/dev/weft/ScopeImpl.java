package dev.weft;

import org.jspecify.annotations.Nullable;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/*
 * Implementation notes.
 *
 * Tree. Every scope has an owner thread. Its parent is the scope that was innermost in the owner
 * thread when it opened ("enclosing"), else the owner's task, else nothing (a root, kept in
 * ROOTS). The scopes one thread opens form a stack: task.bottomScope -> innerOwned -> ... and the
 * top is the last of that chain (or OWNED for threads that are not tasks). Cancelling a task cancels its
 * bottom scope; cancelling a scope cancels its running tasks and its innerOwned scope, so a
 * cancellation reaches the whole subtree.
 *
 * Children. The fork path takes no scope lock: a task is counted and added to a striped set
 * (ChildSet) before its thread starts, and removes itself and counts itself finished as its
 * thread's last action, so a long-lived scope holds only what runs. Two counters do it: forks
 * (one atomic increment per fork, which also numbers the task) and finished (one per end);
 * what runs is their difference. join parks until they are equal; a finishing task that sees
 * them equal and a joiner waiting unparks it (it reads the joiner after its increment and the
 * joiner reads the counters after publishing itself, so one of the two always sees the other;
 * forks only grow through a running forker, which keeps them apart meanwhile). The lock guards
 * only the rare paths: cancellation state, failures, deadlines.
 *
 * Cancellation kinds decide what join reports: FAILURE (first failure of a fail-fast scope),
 * DEADLINE (timeout), SELF (its own cancel(): absorbed), CLOSE (close() stopping leftovers:
 * absorbed), OUTER (owner task, enclosing scope, or owner interrupted while joining: join throws
 * CancelledException). Real failures are recorded in order with how far they have been reported,
 * so each is reported once; failures under OUTER that nobody retrieved are logged at close.
 *
 * Lambda form. The body runs on the owner thread; while it runs, cancelling the scope also
 * interrupts the owner (under the lock, so the interrupt cannot arrive after the body ended), and
 * the scope's reason makes the body's Weft cancellation points throw. When the body has ended the
 * pending interrupt is cleared, and the owner task's own cancellation, if any, stays sticky.
 */
final class ScopeImpl implements Scope {
    static final Set<ScopeImpl> ROOTS = ConcurrentHashMap.newKeySet();
    private static final ThreadLocal<ScopeImpl> OWNED = new ThreadLocal<>();

    private static final VarHandle FORKS;

    static {
        try {
            FORKS = MethodHandles.lookup().findVarHandle(ScopeImpl.class, "forks", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** How long a waiting owner parks between checks; wake-ups normally come by unpark. */
    private static final long PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    static final int NONE = 0;
    static final int FAILURE = 1;
    static final int DEADLINE = 2;
    static final int SELF = 3;
    static final int CLOSE = 4;
    static final int OUTER = 5;

    /** A real failure: of a task, or of the body (task == null). */
    private record Failed(@Nullable TaskImpl<?> task, Throwable error) {}

    private final String name;
    private final FailurePolicy policy;
    private final boolean lambdaForm;
    final Thread owner;
    final @Nullable TaskImpl<?> ownerTask;
    private final @Nullable ScopeImpl enclosing;
    final long openNanos = System.nanoTime();

    private final ReentrantLock lock = new ReentrantLock();

    /** Running tasks, for cancellation and the task tree; a finished task removes itself. */
    private final ChildSet children = new ChildSet();

    /** Tasks forked so far (their fork numbers are 1 to forks). */
    @SuppressWarnings("unused") // through FORKS
    private volatile long forks;

    /**
     * Tasks that have finished, or will never run; in its own object, apart from forks' cache line.
     */
    private final AtomicLong finished = new AtomicLong();

    /** The thread waiting in join or close, unparked when the count reaches zero. */
    private volatile @Nullable Thread joiner;

    private final List<Failed> failures = new ArrayList<>(0);
    private int reported;
    private boolean deadlineReported;
    private @Nullable DeadlineExceededException deadlineError;

    /**
     * What join threw once the scope's outcome became final (cancelled by a failure, its deadline
     * or from outside): every later join throws it again.
     */
    private @Nullable RuntimeException finalOutcome;

    private boolean ownerInterruptPending;
    private @Nullable ScheduledFuture<?> timer;
    private long deadlineNanos;
    private @Nullable Duration timeout;

    private volatile @Nullable String cancelReason;
    private volatile int cancelKind;
    private volatile boolean closed;
    private volatile boolean bodyRunning;
    volatile @Nullable ScopeImpl innerOwned;

    private ScopeImpl(
            ScopeOptions options,
            boolean lambdaForm,
            @Nullable TaskImpl<?> ownerTask,
            @Nullable ScopeImpl enclosing) {
        this.name = options.name();
        this.policy = options.policy();
        this.lambdaForm = lambdaForm;
        this.bodyRunning = lambdaForm;
        this.owner = Thread.currentThread();
        this.ownerTask = ownerTask;
        this.enclosing = enclosing;
    }

    // ---- thread-local structure -----------------------------------------------------------

    /**
     * The innermost scope the thread has open: for a task, the top of the chain that starts at its
     * bottom scope (a task holds no field for it; chains are a few scopes deep); for another
     * thread, the OWNED thread-local.
     */
    static @Nullable ScopeImpl innermost(@Nullable TaskImpl<?> task) {
        if (task == null) {
            return OWNED.get();
        }
        ScopeImpl s = task.bottomScope;
        if (s != null) {
            for (ScopeImpl inner = s.innerOwned; inner != null; inner = inner.innerOwned) {
                s = inner;
            }
        }
        return s;
    }

    /** For a thread that is not a task: records its innermost open scope. Tasks derive theirs. */
    private static void setInnermost(@Nullable TaskImpl<?> task, @Nullable ScopeImpl s) {
        if (task != null) {
            return;
        }
        if (s == null) {
            OWNED.remove();
        } else {
            OWNED.set(s);
        }
    }

    /**
     * The outermost scope of the calling code's tree — the scope of Weft.run, or the first scope a
     * thread opened — or null outside every scope. Weft.shield forks there, so that the shielded
     * work outlives every scope the caller's cancellation or timeout closes.
     */
    static @Nullable ScopeImpl outermost() {
        TaskImpl<?> task = TaskImpl.current();
        ScopeImpl inner = innermost(task);
        Object node = inner != null ? inner : task;
        ScopeImpl root = null;
        while (node != null) {
            if (node instanceof ScopeImpl s) {
                root = s;
                node = s.parent();
            } else {
                node = ((TaskImpl<?>) node).scope;
            }
        }
        return root;
    }

    @Nullable ScopeImpl enclosingInThread() {
        return enclosing;
    }

    /** The parent node in the task tree: enclosing scope, owner task, or null for a root. */
    @Nullable Object parent() {
        return enclosing != null ? enclosing : ownerTask;
    }

    static ScopeImpl open(ScopeOptions options, boolean lambdaForm) {
        Objects.requireNonNull(options, "options");
        TaskImpl<?> task = TaskImpl.current();
        ScopeImpl enclosing = innermost(task);
        ScopeImpl s = new ScopeImpl(options, lambdaForm, task, enclosing);
        String inherited;
        if (enclosing != null) {
            enclosing.innerOwned = s;
            inherited = enclosing.cancelReason;
        } else if (task != null) {
            task.bottomScope = s;
            inherited = task.cancelReasonOrNull();
        } else {
            ROOTS.add(s);
            TaskTreeMBeanImpl.registerIfRequested();
            inherited = null;
        }
        setInnermost(task, s);
        if (inherited != null) {
            s.cancel(OUTER, inherited);
        } else if (options.timeout() != null) {
            boolean expired;
            s.lock.lock();
            try {
                expired = !s.scheduleDeadlineLocked(options.timeout());
            } finally {
                s.lock.unlock();
            }
            if (expired) {
                s.cancel(DEADLINE, s.timeoutReason(options.timeout()));
            }
        }
        return s;
    }

    private void unregister() {
        if (enclosing != null) {
            if (enclosing.innerOwned == this) {
                enclosing.innerOwned = null;
            }
        } else if (ownerTask != null) {
            if (ownerTask.bottomScope == this) {
                ownerTask.bottomScope = null;
            }
        } else {
            ROOTS.remove(this);
        }
        if (Thread.currentThread() == owner && innermost(ownerTask) == this) {
            setInnermost(ownerTask, enclosing);
        }
    }

    // ---- fork --------------------------------------------------------------------------------

    @Override
    public String name() {
        return name;
    }

    @Override
    public <T> Task<T> fork(Callable<? extends T> callable) {
        return forkTask(null, callable, false);
    }

    @Override
    public Task<Void> fork(CheckedRunnable runnable) {
        Objects.requireNonNull(runnable, "runnable");
        return forkTask(null, asCallable(runnable), false);
    }

    @Override
    public <T> Task<T> fork(String taskName, Callable<? extends T> callable) {
        Objects.requireNonNull(taskName, "name");
        return forkTask(taskName, callable, false);
    }

    @Override
    public Task<Void> fork(String taskName, CheckedRunnable runnable) {
        Objects.requireNonNull(taskName, "name");
        Objects.requireNonNull(runnable, "runnable");
        return forkTask(taskName, asCallable(runnable), false);
    }

    static Callable<Void> asCallable(CheckedRunnable runnable) {
        return () -> {
            runnable.run();
            return null;
        };
    }

    <T> TaskImpl<T> forkTask(
            @Nullable String taskName, Callable<? extends T> callable, boolean shielded) {
        Objects.requireNonNull(callable, "callable");
        if (closed) {
            throw closedError();
        }
        checkInside();
        TaskImpl<T> t =
                new TaskImpl<>(
                        this,
                        taskName,
                        (int) ((long) FORKS.getAndAdd(this, 1L) + 1),
                        callable,
                        shielded);
        String reason = cancelReason;
        if (reason != null && !shielded) {
            t.cancelBeforeStart(reason);
            countDown(); // counted as forked, never runs
            return t;
        }
        children.add(t);
        // Registered first, then re-checked: a cancel that raced this fork either saw the task
        // in children or is seen here, so the task cannot escape it.
        if (!shielded && (reason = cancelReason) != null) {
            t.cancel(reason);
        }
        try {
            Thread.Builder.OfVirtual builder = Thread.ofVirtual().uncaughtExceptionHandler(t);
            if (taskName != null || t.forkSite != null) {
                builder.name(
                        t.name()); // named at fork, or debug mode: otherwise no string per fork
            }
            Thread thread = builder.unstarted(t);
            t.thread = thread;
            if (VirtualClockEngine.open != 0) {
                VirtualClockEngine.forked(
                        t, thread); // a member of the forker's virtual clock, if any
            }
            thread.start();
        } catch (Throwable e) {
            if (VirtualClockEngine.open != 0) {
                VirtualClockEngine.forgotten(t.thread);
            }
            children.remove(t);
            countDown();
            throw e;
        }
        return t;
    }

    private IllegalStateException closedError() {
        return new IllegalStateException("scope '" + name + "' is closed: cannot fork into it");
    }

    /** Fork is allowed from the owner and from any task or scope below this scope. */
    private void checkInside() {
        Thread me = Thread.currentThread();
        if (me == owner) {
            return;
        }
        TaskImpl<?> task = TaskImpl.current();
        ScopeImpl inner = innermost(task);
        Object node = inner != null ? inner : task;
        while (node != null) {
            if (node == this) {
                return;
            }
            node = node instanceof ScopeImpl s ? s.parent() : ((TaskImpl<?>) node).scope;
        }
        throw new IllegalStateException(
                "cannot fork into scope '"
                        + name
                        + "' from thread '"
                        + me.getName()
                        + "': only its owner and tasks inside it may fork into it");
    }

    /** One task finished; wakes the joiner when none runs. */
    private void countDown() {
        long f = finished.incrementAndGet();
        Thread j = joiner;
        if (j != null && f == forks) {
            Durations.unpark(j);
        }
    }

    /** Whether a task of this scope may still run (finished is read before forks: see above). */
    private boolean hasRunning() {
        long f = finished.get();
        return f != forks;
    }

    /** Called by a task's thread as its very last action. */
    void childDone(TaskImpl<?> t) {
        children.remove(t);
        if (t.state() == Task.State.FAILED && !(t.shielded() && t.handOverToShieldCaller())) {
            boolean cancelSiblings;
            lock.lock();
            try {
                cancelSiblings =
                        recordFailureLocked(
                                t, Objects.requireNonNull(t.exceptionOrNull(), "t failed"));
            } finally {
                lock.unlock();
            }
            if (cancelSiblings) {
                cancel(FAILURE, "task '" + t.name() + "' failed: " + t.exceptionOrNull());
            }
        }
        countDown();
    }

    /** Records a real failure; returns whether the scope must now be cancelled. */
    private boolean recordFailureLocked(TaskImpl<?> task, Throwable error) {
        failures.add(new Failed(task, error));
        return policy == FailurePolicy.FAIL_FAST && cancelReason == null;
    }

    // ---- cancellation ------------------------------------------------------------------------

    @Override
    public boolean cancel() {
        return cancel("scope cancelled");
    }

    @Override
    public boolean cancel(String reason) {
        Objects.requireNonNull(reason, "reason");
        return cancel(SELF, reason);
    }

    void cancelFromParent(String reason) {
        cancel(OUTER, reason);
    }

    boolean cancel(int kind, String reason) {
        lock.lock();
        try {
            if (cancelReason != null || closed) {
                return false;
            }
            cancelKind = kind;
            cancelReason = reason;
            // Recorded before anyone is woken: a waiter that returns because of this cancellation
            // (and, say, stops a JFR recording) must find the event already committed.
            Events.scope(this, kind == DEADLINE ? "timeout" : "cancel", reason);
            if (lambdaForm && bodyRunning) {
                Cancellation.countCancelled(); // the body is now in a sticky cancelled state
                if (Thread.currentThread() != owner) {
                    ownerInterruptPending = true;
                    owner.interrupt();
                }
            }
            if (timer != null && kind != DEADLINE) {
                timer.cancel(false);
                timer = null;
            }
        } finally {
            lock.unlock();
        }
        for (TaskImpl<?> t : children.snapshot()) {
            if (!t.shielded()) {
                t.cancel(reason);
            }
        }
        ScopeImpl inner = innerOwned;
        if (inner != null) {
            inner.cancelFromParent(reason);
        }
        return true;
    }

    @Override
    public boolean isCancelled() {
        return cancelReason != null;
    }

    @Nullable String cancelReasonOrNull() {
        return cancelReason;
    }

    /** The reason the body of this lambda-form scope is cancelled, while it runs. */
    @Nullable String bodyCancelReason() {
        return lambdaForm && bodyRunning ? cancelReason : null;
    }

    // ---- deadlines ---------------------------------------------------------------------------

    /** Sets the deadline; returns false when it has already passed (the caller cancels). */
    private boolean scheduleDeadlineLocked(Duration newTimeout) {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        timeout = newTimeout;
        deadlineNanos = Durations.deadlineFromNow(newTimeout);
        long delay = Durations.remaining(deadlineNanos);
        if (delay <= 0) {
            return false;
        }
        String reason = timeoutReason(newTimeout);
        timer = Timer.schedule(delay, () -> cancel(DEADLINE, reason));
        return true;
    }

    /**
     * A deadline that has passed counts even if the timer thread has not fired yet (it may be late
     * on a loaded machine): the work finished after its deadline, so the scope timed out. Called
     * once every task has finished, so there is nothing left to cancel.
     */
    private void expireIfDueLocked() {
        if (cancelReason == null && timeout != null && Durations.remaining(deadlineNanos) <= 0) {
            cancelKind = DEADLINE;
            cancelReason = timeoutReason(timeout);
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
        }
    }

    private String timeoutReason(Duration t) {
        return "scope '" + name + "' timed out after " + t;
    }

    @Override
    public Optional<Instant> deadline() {
        lock.lock();
        try {
            if (timeout == null) {
                return Optional.empty();
            }
            long left = Durations.remaining(deadlineNanos);
            return Optional.of(Instant.now().plusNanos(left));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean reschedule(Duration newTimeout) {
        Durations.requireNonNegative(newTimeout, "timeout");
        lock.lock();
        try {
            if (cancelReason != null || closed) {
                return false;
            }
            if (scheduleDeadlineLocked(newTimeout)) {
                return true;
            }
        } finally {
            lock.unlock();
        }
        cancel(DEADLINE, timeoutReason(newTimeout));
        return true;
    }

    @Override
    public boolean clearDeadline() {
        lock.lock();
        try {
            if (timer == null || cancelReason != null) {
                return false;
            }
            timer.cancel(false);
            timer = null;
            timeout = null;
            return true;
        } finally {
            lock.unlock();
        }
    }

    // ---- join and close ----------------------------------------------------------------------

    private void checkOwner(String what) {
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException(
                    "only the owner of scope '"
                            + name
                            + "' (thread '"
                            + owner.getName()
                            + "') may "
                            + what
                            + " it");
        }
    }

    @Override
    public void join() {
        checkOwner("join");
        if (closed) {
            throw new IllegalStateException("scope '" + name + "' is closed");
        }
        boolean interrupted = awaitAll(true);
        RuntimeException e = takeOutcome(true, false);
        if (interrupted) {
            restoreInterrupt();
        }
        if (e != null) {
            throw e;
        }
    }

    /**
     * Waits until no task runs. An interrupt that is not this scope's own cancels the scope (when
     * {@code cancelOnInterrupt}) and is reported by the return value; waiting goes on.
     */
    private boolean awaitAll(boolean cancelOnInterrupt) {
        if (!hasRunning()) {
            return false;
        }
        boolean interrupted = false;
        TaskImpl<?> me = TaskImpl.current();
        if (me != null) {
            me.awaiting = this;
        }
        Thread self = Thread.currentThread();
        joiner = self;
        long waitStart = System.nanoTime();
        boolean reported = false;
        try {
            while (hasRunning()) {
                Durations.parkPolling(this, PARK_NANOS);
                if (Thread.interrupted()) {
                    interrupted |= onInterruptWhileWaiting(cancelOnInterrupt);
                }
                if (Debug.enabled()
                        && !reported
                        && hasRunning()
                        && cancelReason != null
                        && System.nanoTime() - waitStart >= Debug.SLOW_NANOS) {
                    reported = true;
                    Debug.reportStuck(this, runningTasks(), System.nanoTime() - waitStart);
                }
            }
        } finally {
            if (joiner == self) {
                joiner = null;
            }
            if (me != null) {
                me.awaiting = null;
            }
        }
        return interrupted;
    }

    /** An interrupt while waiting: this scope's own (consumed), or external (cancels). */
    private boolean onInterruptWhileWaiting(boolean cancelOnInterrupt) {
        lock.lock();
        try {
            if (ownerInterruptPending) {
                ownerInterruptPending = false;
                return false;
            }
        } finally {
            lock.unlock();
        }
        if (cancelOnInterrupt && cancelReason == null) {
            String r = ownerTask != null ? ownerTask.cancelReasonOrNull() : null;
            cancel(
                    OUTER,
                    r != null ? r : "owner of scope '" + name + "' was interrupted while joining");
        }
        return true;
    }

    private static void restoreInterrupt() {
        TaskImpl<?> task = TaskImpl.current();
        if (task != null) {
            task.markInterrupted();
        } else {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * What join (or close) must throw now, marking it reported. {@code forJoin}: a scope cancelled
     * from outside throws CancelledException; close never throws for cancellation. {@code
     * quietAfterFailure}: a fail-fast scope whose failure was already reported returns null instead
     * of a CancelledException (the lambda form rethrows the body's exception).
     */
    private @Nullable RuntimeException takeOutcome(boolean forJoin, boolean quietAfterFailure) {
        lock.lock();
        try {
            RuntimeException outcome = outcomeLocked(forJoin, quietAfterFailure);
            int kind = cancelKind;
            if (forJoin
                    && outcome != null
                    && (kind == FAILURE || kind == DEADLINE || kind == OUTER)) {
                finalOutcome = outcome;
            }
            return outcome;
        } finally {
            lock.unlock();
        }
    }

    private @Nullable RuntimeException outcomeLocked(boolean forJoin, boolean quietAfterFailure) {
        expireIfDueLocked();
        int kind = cancelKind;
        List<Failed> fresh = List.copyOf(failures.subList(reported, failures.size()));
        reported = failures.size();
        if (forJoin && finalOutcome != null) {
            // Joined again after the outcome became final: the same outcome, never a new one. A
            // failure that arrived since (a shielded task) rides along, or is logged.
            if (kind == OUTER) {
                reported -= fresh.size(); // left for the never-retrieved log at close
            } else {
                for (Failed f : fresh) {
                    if (f.task() != null) {
                        f.task().retrieved = true;
                    }
                    attachOrLog(finalOutcome, f);
                }
            }
            return finalOutcome;
        }
        if (kind == OUTER) {
            reported -= fresh.size(); // left for the never-retrieved log at close
            return forJoin ? new CancelledException(cancelledReason()) : null;
        }
        for (Failed f : fresh) {
            if (f.task() != null) {
                f.task().retrieved = true;
            }
        }
        DeadlineExceededException timedOut = null;
        if (kind == DEADLINE && !deadlineReported) {
            deadlineReported = true;
            timedOut =
                    new DeadlineExceededException(
                            cancelledReason(),
                            Objects.requireNonNull(
                                    timeout, "a scope past its deadline has a timeout"),
                            new CancelledException(cancelledReason()));
            deadlineError = timedOut;
        }
        if (!fresh.isEmpty()) {
            RuntimeException primary;
            if (policy == FailurePolicy.SUPERVISE) {
                List<Throwable> errors = new ArrayList<>(fresh.size());
                for (Failed f : fresh) {
                    errors.add(f.error());
                }
                primary =
                        new TaskGroupException(
                                fresh.size() + " task(s) failed in scope '" + name + "'", errors);
            } else {
                Failed first = fresh.get(0);
                primary = Failures.propagate(first.error(), describe(first));
                for (int i = 1; i < fresh.size(); i++) {
                    Failed f = fresh.get(i);
                    if (f.error() != first.error()) {
                        attachOrLog(primary, f);
                    }
                }
            }
            if (timedOut != null) {
                primary.addSuppressed(timedOut);
            }
            return primary;
        }
        if (timedOut != null) {
            return timedOut;
        }
        if (forJoin && !quietAfterFailure && kind == FAILURE) {
            return new CancelledException(cancelledReason());
        }
        return null;
    }

    /** The reason of a scope known to be cancelled (cancel sets it before anything else). */
    private String cancelledReason() {
        return Objects.requireNonNull(cancelReason, "a cancelled scope has its reason");
    }

    /** Attaches {@code f}'s error to {@code primary} as suppressed; logs it if that is refused. */
    private static void attachOrLog(Throwable primary, Failed f) {
        Throwable other = f.error();
        if (other == primary) {
            return;
        }
        primary.addSuppressed(other);
        if (!attached(primary, other) && f.task() != null) {
            // the primary does not take suppressed exceptions: log, never lose
            Log.neverRetrieved(f.task(), other);
        }
    }

    private static boolean attached(Throwable primary, Throwable other) {
        for (Throwable t : primary.getSuppressed()) {
            if (t == other) {
                return true;
            }
        }
        return false;
    }

    private String describe(Failed f) {
        return f.task() != null
                ? "task '" + f.task().name() + "' failed"
                : "scope '" + name + "' body failed";
    }

    /** Failures nobody retrieved (the scope ended cancelled from outside): logged once. */
    private void logNeverRetrieved() {
        List<Failed> left;
        lock.lock();
        try {
            left = List.copyOf(failures.subList(reported, failures.size()));
            reported = failures.size();
        } finally {
            lock.unlock();
        }
        for (Failed f : left) {
            if (f.task() != null && !f.task().retrieved) {
                f.task().retrieved = true;
                Log.neverRetrieved(f.task(), f.error());
            }
        }
    }

    @Override
    public void close() {
        checkOwner("close");
        if (closed) {
            return;
        }
        IllegalStateException violation = null;
        ScopeImpl inner = innerOwned;
        if (inner != null) {
            violation =
                    new IllegalStateException(
                            "scope '"
                                    + name
                                    + "' closed while nested scope '"
                                    + inner.name
                                    + "' was still open: close nested scopes first");
            inner.forceClose("enclosing scope '" + name + "' closed");
        }
        List<TaskImpl<?>> unjoined = null;
        String closeReason = null;
        if (cancelReason == null && hasRunning()) {
            unjoined = children.snapshot(); // taken first: cancel may race with tasks that end
            closeReason = "scope '" + name + "' closed";
            cancel(CLOSE, closeReason);
        }
        boolean interrupted = awaitAll(false);
        finishClose();
        RuntimeException e = takeOutcome(false, true);
        logNeverRetrieved();
        if (interrupted) {
            restoreInterrupt();
        }
        IllegalStateException dropped =
                unjoined == null ? null : droppedWork(unjoined, closeReason);
        RuntimeException primary = violation != null ? violation : e != null ? e : dropped;
        if (primary == null) {
            return;
        }
        if (e != null && e != primary) {
            primary.addSuppressed(e);
        }
        if (dropped != null && dropped != primary) {
            primary.addSuppressed(dropped);
        }
        throw primary;
    }

    /**
     * The error for work close() had to cancel because nobody joined it (the JDK's
     * StructuredTaskScope also throws here); null if every task it found ended otherwise. A task
     * counts only if close's own cancellation ended it (its reason is that very string): one that
     * finished, or that somebody else had cancelled, was not dropped by close.
     */
    private @Nullable IllegalStateException droppedWork(
            List<TaskImpl<?>> unjoined, @Nullable String closeReason) {
        int cancelled = 0;
        for (TaskImpl<?> t : unjoined) {
            if (!t.shielded()
                    && t.state() == Task.State.CANCELLED
                    && t.cancelReasonOrNull() == closeReason) {
                cancelled++;
            }
        }
        if (cancelled == 0) {
            return null;
        }
        return new IllegalStateException(
                "scope '"
                        + name
                        + "' was closed while "
                        + cancelled
                        + " task(s) nobody joined were still running: close() cancelled them. Call join() "
                        + "before the end of the block, or cancel() the scope to drop its work on purpose");
    }

    private void finishClose() {
        lock.lock();
        try {
            closed = true;
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
        } finally {
            lock.unlock();
        }
        unregister();
    }

    /**
     * Closes this scope and the scopes nested in it without reporting: cancels, waits, logs
     * failures nobody retrieved. Used when a task ends with scopes still open, and by tests that
     * clean up after a leak. Any thread may call it.
     */
    void forceClose(String reason) {
        ScopeImpl inner = innerOwned;
        if (inner != null) {
            inner.forceClose(reason);
        }
        cancel(OUTER, reason);
        boolean interrupted = awaitAll(false);
        finishClose();
        logNeverRetrieved();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- the lambda form -----------------------------------------------------------------------

    /**
     * Runs {@code body} on the owner thread as the body of this lambda-form scope, then joins and
     * closes the scope, and returns the body's value or throws the scope's outcome.
     */
    // The body's value as returned: null for a body that returned null, which the caller's type
    // argument T admits (Void bodies); the value is not checked here.
    @SuppressWarnings("NullAway")
    <T> T runBody(Callable<T> body) {
        T value = null;
        Throwable bodyError = null;
        try {
            value = body.call();
        } catch (Throwable e) {
            bodyError = e;
        }
        boolean clearInterrupt;
        lock.lock();
        try {
            bodyRunning = false;
            if (cancelReason != null) {
                Cancellation.uncountCancelled(); // counted when cancelled while the body ran
            }
            clearInterrupt = ownerInterruptPending;
            ownerInterruptPending = false;
        } finally {
            lock.unlock();
        }
        if (clearInterrupt) {
            Thread.interrupted();
        }
        CancelledException outerCancel = null;
        Throwable cleanupFailure = null;
        if (bodyError != null) {
            int kind = cancelKind;
            boolean internal = kind == FAILURE || kind == DEADLINE || kind == SELF;
            if (Cancellation.isCancellation(bodyError) && internal) {
                bodyError = null; // an artifact of this scope's own cancellation
            } else if (Cancellation.isCancellation(bodyError)) {
                String reason =
                        bodyError instanceof CancelledException ce
                                ? ce.reason()
                                : "scope '" + name + "' body was interrupted";
                cancel(OUTER, reason);
                outerCancel =
                        bodyError instanceof CancelledException ce
                                ? ce
                                : new CancelledException(reason, bodyError);
                bodyError = null;
            } else if (!isRecorded(bodyError)) {
                boolean first;
                boolean cancelledFromOutside;
                lock.lock();
                try {
                    first = cancelReason == null;
                    cancelledFromOutside = cancelKind == OUTER;
                    if (!cancelledFromOutside) {
                        failures.add(new Failed(null, bodyError));
                    }
                } finally {
                    lock.unlock();
                }
                if (first) {
                    cancel(FAILURE, "scope '" + name + "' body failed: " + bodyError);
                }
                if (cancelledFromOutside) {
                    // The body failed in its cleanup after a cancellation from outside. A real
                    // failure wins over that cancellation, as when a task's own code or a
                    // try-with-resources block fails in its cleanup: thrown below with the
                    // cancellation attached. Recorded only, it was lost: the never-retrieved log
                    // at close covers the failures of tasks, not of the body.
                    cleanupFailure = bodyError;
                }
                bodyError = null;
            }
        }
        boolean interrupted = awaitAll(true);
        finishClose();
        RuntimeException outcome = takeOutcome(true, true);
        logNeverRetrieved();
        if (interrupted) {
            restoreInterrupt();
        }
        if (cleanupFailure != null) {
            RuntimeException failure =
                    Failures.propagate(cleanupFailure, "scope '" + name + "' body failed");
            if (outcome != null) {
                failure.addSuppressed(outcome);
            }
            throw failure;
        }
        if (outcome != null) {
            throw outcome;
        }
        if (bodyError != null) {
            throw Failures.propagate(bodyError, "scope '" + name + "' body failed");
        }
        if (outerCancel != null) {
            throw outerCancel;
        }
        return value;
    }

    /** Whether {@code e} (or the failure it wraps) is a failure this scope already recorded. */
    private boolean isRecorded(Throwable e) {
        Throwable unwrapped = e instanceof TaskFailedException tfe ? tfe.getCause() : e;
        lock.lock();
        try {
            for (Failed f : failures) {
                if (f.error() == e || f.error() == unwrapped) {
                    return true;
                }
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** Whether {@code e} is the timeout this scope reported for its own deadline. */
    boolean isOwnTimeout(@Nullable Throwable e) {
        lock.lock();
        try {
            return e != null && e == deadlineError;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits for every task without reporting failures, then closes (gatherSettled, race): the
     * caller inspects the tasks itself. Throws only when the caller was cancelled: from outside, or
     * by an interrupt while waiting (which cancelled the tasks).
     */
    void settle(String what) {
        boolean interrupted = awaitAll(true);
        lock.lock();
        try {
            for (Failed f : failures) {
                if (f.task() != null) {
                    f.task().retrieved = true;
                }
            }
            reported = failures.size();
        } finally {
            lock.unlock();
        }
        close();
        String outer = outerCancelReason();
        if (outer != null) {
            throw new CancelledException(outer);
        }
        if (interrupted) {
            restoreInterrupt();
            throw new CancelledException("interrupted while " + what);
        }
    }

    /** Why the scope was cancelled from outside, or null. */
    @Nullable String outerCancelReason() {
        return cancelKind == OUTER ? cancelReason : null;
    }

    // ---- introspection -------------------------------------------------------------------------

    /** A snapshot of the running tasks, for the task tree and leak checks. */
    List<TaskImpl<?>> runningTasks() {
        return children.snapshot();
    }

    boolean isClosed() {
        return closed;
    }

    long ageNanos() {
        return System.nanoTime() - openNanos;
    }

    @Override
    public String toString() {
        return "Scope["
                + name
                + (closed ? ", closed" : cancelReason != null ? ", cancelled" : ", open")
                + "]";
    }
}
