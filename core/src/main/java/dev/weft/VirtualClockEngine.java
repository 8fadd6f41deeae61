package dev.weft;

import dev.weft.internal.VirtualClockControl;

import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/*
 * Virtual time: the clock behind weft-test's VirtualClock.
 *
 * Binding. A clock is installed on one thread (the installer, usually a test's thread); every
 * task forked by one of its threads becomes one of its threads too, transitively. These members
 * are found by thread in MEMBERS. Durations, Timer and Weft.sleep ask bound() for the calling
 * thread's clock only while `open` is not zero, so with no clock installed anywhere each hook
 * costs one read of a static volatile field and takes the same path as before virtual time
 * existed. Any other thread - one the test starts itself, a pool thread of Weft.onPlatformThread,
 * a library's thread - keeps real time.
 *
 * Members. The installer and every task forked by a member are members, registered (by the
 * forking thread) before the task's thread starts and deregistered as the thread's very last
 * action (after it has woken its joiners). A member is RUNNING or PARKED; `running` counts the running ones. A member is PARKED
 * only inside a Weft wait (Durations.park/parkUntil/parkPolling, Weft.sleep): from the moment it
 * declares the wait until someone wakes it through Durations.unpark (which marks it running
 * before unparking it), the clock fires its timer, or it returns from LockSupport.park by itself
 * (then it marks itself running first thing, without the lock, before anything could clear its
 * interrupt status).
 * Anything else - a socket, a file, a lock, Thread.sleep, a CountDownLatch - leaves it RUNNING,
 * so time never moves under real work. An interrupt (cancellation) is not routed through a hook:
 * a parked member whose interrupt status is set counts as running, since its park returns at once.
 *
 * Time. `now` starts at System.nanoTime() of the install (an arbitrary origin, as nanoTime's) and
 * moves only forward, only when the clock is quiescent: every member parked, no interrupt
 * pending on any of them, no timer action in flight. The driver thread (one per clock; it plays
 * the part of core's weft-timer thread) then pops the earliest timers - every timer due at that
 * same instant - sets `now` to their due time, marks the woken members running and unparks them,
 * and runs the timer actions (scope deadlines) itself, counted as in flight until they return.
 * So each task woken at an instant runs until it waits again before time moves on: timestamps
 * are exact and the order of events is the order of their deadlines. Timers of advance() are
 * "late": at the same instant they fire after every ordinary timer has fired and its task has
 * settled.
 *
 * Problems. Quiescent with no timer: nothing inside the clock can ever end a wait. If that lasts
 * the deadlock timeout in real time (a thread outside the clock might still end one), the clock
 * records a DEADLOCK naming every member and what it waits on, and cancels every member task
 * (interrupting a member that is not a task), so the test ends instead of hanging. Not quiescent
 * and nothing changing for a while: the driver looks at the running members, and one found in
 * Thread.sleep is recorded as REAL_SLEEP (it holds virtual time up for real seconds).
 *
 * Close. The installer closes the clock: from then on it reads real time again, offset from the
 * virtual time reached, so leaked tasks go on in real time; their pending deadlines move to the
 * real timer. The last member of a closed clock to end takes it out of `open`.
 */
final class VirtualClockEngine implements VirtualClockControl {
    /** Open clocks in this JVM (closed ones still counted while a member of theirs is alive). */
    static volatile int open;

    /** Every member of every open clock, by thread: how Durations.unpark finds whom it wakes. */
    private static final Map<Thread, Member> MEMBERS = new ConcurrentHashMap<>();

    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /** Real time with virtual time standing still and deadlines pending before a hint is logged. */
    private static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(10);

    /** How long the installer waits at close for members that have ended but not yet left. */
    private static final long LEAVE_NANOS = TimeUnit.SECONDS.toNanos(2);

    /** A thread of this clock: the installer, or a task forked under it. */
    static final class Member {
        final VirtualClockEngine clock;
        final Thread thread;
        final @Nullable TaskImpl<?> task;

        /**
         * Counted in `running` and in the members map; false for a bound thread that is neither.
         */
        final boolean counted;

        /**
         * Set by the member as it parks (under the clock's lock), cleared by whoever resumes it
         * (CAS).
         */
        final AtomicBoolean parked = new AtomicBoolean();

        @Nullable Object blocker;
        @Nullable VirtualTimer timer;
        boolean sleepReported;

        /** Set by the member itself: its waits are for work outside Weft (see beginExternal). */
        int external;

        Member(
                VirtualClockEngine clock,
                Thread thread,
                @Nullable TaskImpl<?> task,
                boolean counted) {
            this.clock = clock;
            this.thread = thread;
            this.task = task;
            this.counted = counted;
        }

        String describe() {
            return task != null
                    ? "task '" + task.name() + "'"
                    : "thread '" + thread.getName() + "' (installed the clock)";
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Thread installer;
    private final long origin;
    private final long deadlockNanos;
    private final Thread driver;

    private volatile long now;
    private volatile boolean closed;

    /** System.nanoTime() at close; valid once `closed` is set. */
    private volatile long closedAtReal;

    // Guarded by lock, except `running` and `version` (atomics) and each member's `parked` flag.
    // `version` counts progress: members joining and leaving, timers set and fired, wake-ups
    // through Durations.unpark - not a member's own park and spurious wake-up (a scope's join
    // re-checks every 50 ms of real time), so that standstill can be measured.
    private final Map<Thread, Member> members = new HashMap<>();
    private final PriorityQueue<VirtualTimer> timers = new PriorityQueue<>(VirtualTimer.ORDER);
    private int inFlight;
    private long seq;

    /** Members running; changed without the lock when a member resumes (see resumed). */
    private final AtomicInteger running = new AtomicInteger();

    private final AtomicLong version = new AtomicLong();
    private boolean retired;
    private final List<Problem> problems = new ArrayList<>();
    private boolean deadlockDeclared;

    /** How far deadlock handling went: 0 none, 1 tasks cancelled, 2 other members interrupted. */
    private int deadlockLevel;

    private boolean installerInterrupted;

    private VirtualClockEngine(Thread installer, Duration deadlockTimeout) {
        this.installer = installer;
        this.origin = System.nanoTime();
        this.now = origin;
        this.deadlockNanos = Durations.toNanosSaturated(deadlockTimeout);
        this.driver = new Thread(this::drive, "weft-virtual-clock");
        driver.setDaemon(true);
    }

    // ---- installing and the hooks ------------------------------------------------------------

    /**
     * Installs a new clock on the calling thread.
     *
     * @throws IllegalStateException if the thread has a clock already
     */
    static VirtualClockEngine install(Duration deadlockTimeout) {
        Durations.requirePositive(deadlockTimeout, "deadlockTimeout");
        VirtualClockEngine existing = bound();
        if (existing != null && !existing.closed) {
            throw new IllegalStateException(
                    "a virtual clock is installed on this thread already: close it first");
        }
        Thread me = Thread.currentThread();
        VirtualClockEngine c = new VirtualClockEngine(me, deadlockTimeout);
        synchronized (VirtualClockEngine.class) {
            open++;
        }
        c.register(me, TaskImpl.current());
        c.driver.start();
        return c;
    }

    /**
     * The clock the calling thread is a member of, or null. Only called while {@link #open} is not
     * zero.
     */
    static @Nullable VirtualClockEngine bound() {
        Member m = MEMBERS.get(Thread.currentThread());
        return m == null ? null : m.clock;
    }

    /** A task was forked on the calling thread: if that is a member, so is the task from now on. */
    static void forked(TaskImpl<?> task, Thread thread) {
        VirtualClockEngine c = bound();
        if (c != null) {
            c.register(thread, task);
        }
    }

    /**
     * The calling member waits, until {@link #endExternal}, for work outside Weft (a subscription
     * to a publisher that is not Weft's), even in a Weft wait: it counts as running meanwhile.
     */
    static void beginExternal() {
        Member m = MEMBERS.get(Thread.currentThread());
        if (m != null) {
            m.external++;
        }
    }

    /** Ends {@link #beginExternal}. */
    static void endExternal() {
        Member m = MEMBERS.get(Thread.currentThread());
        if (m != null) {
            m.external--;
        }
    }

    /** The calling task's thread is about to end: it leaves its clock. */
    static void ended() {
        Member m = MEMBERS.remove(Thread.currentThread());
        if (m != null) {
            m.clock.leave(m);
        }
    }

    /** A forked task's thread failed to start: it never runs, so it leaves its clock. */
    static void forgotten(@Nullable Thread thread) {
        Member m = thread == null ? null : MEMBERS.remove(thread);
        if (m != null) {
            m.clock.leave(m);
        }
    }

    /** {@code thread} is about to be unparked by a Weft wake-up: it counts as running now. */
    static void unparking(Thread thread) {
        Member m = MEMBERS.get(thread);
        if (m != null) {
            VirtualClockEngine c = m.clock;
            if (c.resumed(m)) {
                c.version.incrementAndGet();
            }
        }
    }

    private void register(Thread thread, @Nullable TaskImpl<?> task) {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            Member m = new Member(this, thread, task, true);
            members.put(thread, m);
            MEMBERS.put(thread, m);
            running.incrementAndGet();
            version.incrementAndGet();
        } finally {
            lock.unlock();
        }
    }

    private void leave(Member m) {
        lock.lock();
        try {
            if (members.get(m.thread) != m) {
                return;
            }
            resumed(m);
            members.remove(m.thread);
            running.decrementAndGet();
            version.incrementAndGet();
            changed.signalAll();
            retireIfDone();
        } finally {
            lock.unlock();
        }
    }

    /** A closed clock whose last member has left no longer needs the hooks. */
    private void retireIfDone() {
        if (closed && members.isEmpty() && !retired) {
            retired = true;
            synchronized (VirtualClockEngine.class) {
                open--;
            }
        }
    }

    // ---- time --------------------------------------------------------------------------------

    /**
     * The current time in nanoseconds: virtual while open, real (from the time reached) once
     * closed.
     */
    long now() {
        long n = now;
        return closed ? n + (System.nanoTime() - closedAtReal) : n;
    }

    @Override
    public Duration elapsed() {
        return Duration.ofNanos(now() - origin);
    }

    // ---- waits -------------------------------------------------------------------------------

    /** An untimed Weft wait: parks until unparked (or spuriously). */
    void park(Object blocker) {
        waitOnce(blocker, false, 0L, 0L);
    }

    /**
     * An untimed Weft wait that also wakes every {@code realNanos} of real time to re-check its
     * condition (a scope's join does): parked for the clock, whatever the real timeout.
     */
    void parkPolling(Object blocker, long realNanos) {
        waitOnce(blocker, false, 0L, realNanos);
    }

    /**
     * A timed Weft wait: parks until unparked, past {@code deadline} (this clock's), or spuriously.
     */
    void parkUntil(Object blocker, long deadline) {
        if (closed) {
            long left = deadline - now();
            if (left > 0) {
                LockSupport.parkNanos(blocker, left);
            }
            return;
        }
        waitOnce(blocker, true, deadline, 0L);
    }

    private void waitOnce(Object blocker, boolean timed, long deadline, long realNanos) {
        if (closed) {
            if (realNanos > 0) {
                LockSupport.parkNanos(blocker, realNanos);
            } else {
                LockSupport.park(blocker);
            }
            return;
        }
        Member m;
        // The caller checked its condition before calling, and its waker sets that condition and
        // then unparks it. If this thread has to wait for the lock below, that wait (AQS parks)
        // can swallow the waker's unpark, and the park further down would then sleep through a
        // wake-up that already happened. So a contended acquisition gives the permit back after
        // releasing the lock: at worst one spurious return, which every caller re-checks.
        boolean contended = !lock.tryLock();
        if (contended) {
            lock.lock();
        }
        try {
            if (timed && deadline - now <= 0) {
                return;
            }
            m = memberOrGuest();
            if (timed) {
                m.timer = newTimer(deadline, false, m, null);
            }
            m.blocker = blocker;
            parked(m);
        } finally {
            lock.unlock();
        }
        if (contended) {
            LockSupport.unpark(Thread.currentThread());
        }
        if (realNanos > 0) {
            LockSupport.parkNanos(blocker, realNanos);
        } else {
            LockSupport.park(blocker);
        }
        // Running again before anything else: taking the lock below may clear the interrupt
        // status for a moment (AQS does), and the driver must not take this thread for parked.
        resumed(m);
        lock.lock();
        try {
            dropTimer(m);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Weft.sleep on this clock: waits until {@code nanos} of this clock's time have passed.
     *
     * @throws CancelledException if the thread is interrupted (cancelled) meanwhile
     */
    void sleep(long nanos) {
        long deadline = now() + Math.min(nanos, Long.MAX_VALUE / 2);
        while (deadline - now() > 0) {
            parkUntil(Thread.currentThread(), deadline);
            if (Thread.interrupted()) {
                throw Cancellation.interrupted("sleeping", null);
            }
        }
    }

    @Override
    public void advance(Duration d) {
        Durations.requireNonNegative(d, "d");
        Cancellation.checkpoint();
        long nanos = Math.min(Durations.toNanosSaturated(d), Long.MAX_VALUE / 2);
        Member m;
        VirtualTimer t;
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("the virtual clock is closed");
            }
            m = memberOrGuest();
            t = newTimer(now + nanos, true, m, null);
            m.timer = t;
            m.blocker = "advance(" + d + ")";
        } finally {
            lock.unlock();
        }
        try {
            while (true) {
                lock.lock();
                try {
                    if (t.fired || closed) {
                        return;
                    }
                    parked(m);
                } finally {
                    lock.unlock();
                }
                LockSupport.park(this);
                resumed(m);
                if (Thread.interrupted()) {
                    throw Cancellation.interrupted("advancing the virtual clock", null);
                }
            }
        } finally {
            lock.lock();
            try {
                dropTimer(m);
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Schedules {@code action} (a scope deadline) {@code delayNanos} of this clock's time from now.
     */
    ScheduledFuture<?> schedule(long delayNanos, Runnable action) {
        lock.lock();
        try {
            if (!closed) {
                return newTimer(
                        now + Math.max(0L, Math.min(delayNanos, Long.MAX_VALUE / 2)),
                        false,
                        null,
                        action);
            }
        } finally {
            lock.unlock();
        }
        return Timer.real(delayNanos, action);
    }

    // ---- bookkeeping (lock held) ---------------------------------------------------------------

    private Member memberOrGuest() {
        Thread me = Thread.currentThread();
        Member m = members.get(me);
        return m != null ? m : new Member(this, me, TaskImpl.current(), false);
    }

    private VirtualTimer newTimer(
            long due, boolean late, @Nullable Member m, @Nullable Runnable action) {
        VirtualTimer t = new VirtualTimer(this, due, late, seq++, m, action);
        timers.add(t);
        version.incrementAndGet();
        changed.signalAll();
        return t;
    }

    private void dropTimer(Member m) {
        VirtualTimer t = m.timer;
        if (t != null) {
            m.timer = null;
            if (!t.fired) {
                timers.remove(t);
            }
        }
        m.blocker = null;
    }

    /** The calling member declares a Weft wait. Lock held. */
    private void parked(Member m) {
        if (m.external > 0 || !m.parked.compareAndSet(false, true)) {
            return;
        }
        if (m.counted && running.decrementAndGet() == 0) {
            changed.signalAll();
        }
    }

    /**
     * The member runs again: it returned from its park, or is being woken. Any thread, lock or not.
     * Returns whether it was parked.
     */
    private boolean resumed(Member m) {
        if (!m.parked.compareAndSet(true, false)) {
            return false;
        }
        if (m.counted) {
            running.incrementAndGet();
        }
        return true;
    }

    /**
     * Every member parked, none with an interrupt pending, no timer action running. Lock held. A
     * member that returns from its park marks itself running before it may clear its interrupt
     * status, so reading `running` again after the interrupt statuses catches one that woke
     * meanwhile.
     */
    private boolean quiescent() {
        if (running.get() != 0 || inFlight != 0) {
            return false;
        }
        for (Member m : members.values()) {
            if (m.thread.isInterrupted()) {
                return false;
            }
        }
        return running.get() == 0;
    }

    // ---- the driver ----------------------------------------------------------------------------

    private void drive() {
        long quietVersion = -1;
        long quietSince = 0;
        long watchVersion = -1;
        long watchSince = 0;
        long stallSince = 0;
        boolean stallLogged = false;
        lock.lock();
        try {
            while (!closed) {
                if (quiescent()) {
                    if (!timers.isEmpty()) {
                        fireNext();
                        continue;
                    }
                    if (version.get() != quietVersion) {
                        quietVersion = version.get();
                        quietSince = System.nanoTime();
                        deadlockDeclared = false;
                    }
                    long waited = System.nanoTime() - quietSince;
                    if (!deadlockDeclared && waited >= deadlockNanos) {
                        deadlockDeclared = true;
                        declareDeadlock();
                        continue;
                    }
                    awaitChange(deadlockDeclared ? POLL_NANOS : deadlockNanos - waited);
                } else {
                    if (version.get() != watchVersion) {
                        watchVersion = version.get();
                        watchSince = System.nanoTime();
                        stallSince = watchSince;
                        stallLogged = false;
                    } else if (System.nanoTime() - watchSince >= POLL_NANOS) {
                        watchSince = System.nanoTime();
                        checkRealSleeps();
                        if (!stallLogged
                                && !timers.isEmpty()
                                && watchSince - stallSince >= STALL_NANOS) {
                            stallLogged = true;
                            Log.virtualTimeStalled(stallReport(watchSince - stallSince));
                        }
                    }
                    awaitChange(POLL_NANOS);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    // WaitNotInLoop: called from the driver's loop, which re-checks the clock's state after every
    // wake-up
    @SuppressWarnings("WaitNotInLoop")
    private void awaitChange(long nanos) {
        try {
            changed.awaitNanos(Math.max(1L, nanos));
        } catch (InterruptedException e) {
            // The driver is interrupted by nobody; a spurious interrupt only makes it look again.
        }
    }

    /** Moves time to the earliest timers and fires every one due at that instant. Lock held. */
    private void fireNext() {
        VirtualTimer head = timers.peek();
        long due = head.due;
        boolean late = head.late;
        if (due - now > 0) {
            now = due;
        }
        List<Thread> wake = new ArrayList<>();
        List<Runnable> actions = new ArrayList<>();
        while ((head = timers.peek()) != null && head.due == due && head.late == late) {
            timers.poll();
            head.fired = true;
            if (head.member != null) {
                resumed(head.member);
                wake.add(head.member.thread);
            } else {
                actions.add(head.action);
            }
        }
        version.incrementAndGet();
        inFlight += actions.size();
        lock.unlock();
        try {
            for (Thread t : wake) {
                LockSupport.unpark(t);
            }
            for (Runnable a : actions) {
                try {
                    a.run();
                } catch (Throwable e) {
                    Log.timerActionFailed(e);
                }
            }
        } finally {
            lock.lock();
            inFlight -= actions.size();
            version.incrementAndGet();
        }
    }

    /**
     * Records the deadlock and cancels every member task, so the test ends with the report as the
     * cancellation's reason; if that is not enough (a member that is not a task waits on its own),
     * the next standstill interrupts the other members. Lock held.
     */
    private void declareDeadlock() {
        if (deadlockLevel >= 2) {
            return;
        }
        if (deadlockLevel == 1) {
            deadlockLevel = 2;
            interruptOthers();
            return;
        }
        deadlockLevel = 1;
        StringBuilder report =
                new StringBuilder("deadlock at virtual time ")
                        .append(format(now - origin))
                        .append(
                                ": every task of the virtual-time test waits in Weft and no deadline is pending,"
                                        + " so nothing can end their waits:");
        List<Member> all = new ArrayList<>(members.values());
        for (Member m : all) {
            report.append("\n  ")
                    .append(m.describe())
                    .append(' ')
                    .append(WaitSite.describe(m.thread, m.blocker));
        }
        report.append("\nEvery task of the test is cancelled so that the test can end.");
        String message = report.toString();
        problems.add(new Problem(Problem.Kind.DEADLOCK, message));
        List<TaskImpl<?>> tasks = new ArrayList<>();
        for (Member m : all) {
            if (m.task != null) {
                tasks.add(m.task);
            }
        }
        if (tasks.isEmpty()) {
            deadlockLevel = 2;
            interruptOthers();
            return;
        }
        inFlight++;
        lock.unlock();
        try {
            for (TaskImpl<?> t : tasks) {
                t.cancel(message);
            }
        } finally {
            lock.lock();
            inFlight--;
        }
    }

    /** Interrupts the members that are not tasks (the installer). Lock held. */
    private void interruptOthers() {
        for (Member m : members.values()) {
            if (m.task == null) {
                if (m.thread == installer) {
                    installerInterrupted = true;
                }
                m.thread.interrupt();
            }
        }
    }

    /** Reports running members that sleep in real time. Lock held. */
    private void checkRealSleeps() {
        for (Member m : members.values()) {
            if (m.parked.get() || m.sleepReported) {
                continue;
            }
            Thread.State st = m.thread.getState();
            if (st != Thread.State.TIMED_WAITING) {
                continue;
            }
            StackTraceElement sleepCall = WaitSite.realSleepCaller(m.thread);
            if (sleepCall == null) {
                continue;
            }
            m.sleepReported = true;
            String message =
                    m.describe()
                            + " called Thread.sleep at "
                            + sleepCall
                            + " in a virtual-time test:"
                            + " Thread.sleep waits in real time, and virtual time cannot move while it does"
                            + " (it stands at "
                            + format(now - origin)
                            + "). Use Weft.sleep, which waits on the virtual clock.";
            problems.add(new Problem(Problem.Kind.REAL_SLEEP, message));
        }
    }

    /** Why virtual time stands still: the members that run outside Weft. Lock held. */
    private String stallReport(long realNanos) {
        StringBuilder b =
                new StringBuilder("virtual time has stood at ")
                        .append(format(now - origin))
                        .append(" for ")
                        .append(format(realNanos))
                        .append(" of real time with ")
                        .append(timers.size())
                        .append(" deadline(s) pending (the next at ")
                        .append(format(timers.peek().due - origin))
                        .append(
                                "): it moves only when every task of the test waits in Weft, and these do not:");
        for (Member m : members.values()) {
            if (!m.parked.get()) {
                b.append("\n  ")
                        .append(m.describe())
                        .append(' ')
                        .append(WaitSite.describe(m.thread, null));
            }
        }
        return b.toString();
    }

    static String format(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.3f s", nanos / 1e9);
    }

    // ---- problems and close --------------------------------------------------------------------

    @Override
    public List<Problem> takeProblems() {
        lock.lock();
        try {
            List<Problem> taken = List.copyOf(problems);
            problems.clear();
            return taken;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public List<Problem> close() {
        Thread me = Thread.currentThread();
        if (me != installer) {
            throw new IllegalStateException(
                    "only the thread that installed the virtual clock ('"
                            + installer.getName()
                            + "') may close it");
        }
        if (closed) {
            return List.of();
        }
        List<VirtualTimer> pending;
        List<Thread> wake = new ArrayList<>();
        boolean interruptedByDeadlock;
        lock.lock();
        try {
            Member self = members.get(me);
            MEMBERS.remove(me);
            if (self != null) {
                resumed(self);
                members.remove(me);
                running.decrementAndGet();
            }
            // Tasks that have ended leave as their thread's last action: give them a moment.
            long waitUntil = System.nanoTime() + LEAVE_NANOS;
            while (hasEndedMembers() && waitUntil - System.nanoTime() > 0) {
                awaitChange(Math.min(POLL_NANOS, waitUntil - System.nanoTime()));
            }
            closedAtReal = System.nanoTime();
            closed = true;
            pending = new ArrayList<>(timers);
            timers.clear();
            for (Member m : members.values()) {
                if (m.parked.get()) {
                    wake.add(m.thread);
                }
            }
            interruptedByDeadlock = installerInterrupted;
            retireIfDone();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        for (VirtualTimer t : pending) {
            if (t.action != null && !t.cancelled) {
                t.delegate = Timer.real(t.due - now(), t.action);
            }
        }
        for (Thread t : wake) {
            LockSupport.unpark(t);
        }
        boolean interrupted = false;
        while (true) {
            try {
                driver.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interruptedByDeadlock) {
            Thread.interrupted(); // the clock interrupted the installer to end the deadlock
        } else if (interrupted) {
            me.interrupt();
        }
        return takeProblems();
    }

    private boolean hasEndedMembers() {
        for (Member m : members.values()) {
            if (m.task != null && m.task.isDone()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "VirtualClock[" + format(now() - origin) + (closed ? ", closed]" : "]");
    }

    // ---- timers ---------------------------------------------------------------------------------

    /**
     * A wake-up of a waiting member or a scope deadline, ordered by due time, then ordinary before
     * late, then first scheduled first. Guarded by its clock's lock, except the volatile flags.
     */
    static final class VirtualTimer implements ScheduledFuture<Object> {
        /** Due time, then ordinary before late, then first scheduled first. */
        static final java.util.Comparator<VirtualTimer> ORDER =
                (a, b) -> {
                    long d = a.due - b.due;
                    if (d != 0) {
                        return d < 0 ? -1 : 1;
                    }
                    if (a.late != b.late) {
                        return a.late ? 1 : -1;
                    }
                    return Long.compare(a.seq, b.seq);
                };

        final VirtualClockEngine clock;
        final long due;
        final boolean late;
        final long seq;
        final @Nullable Member member;
        final @Nullable Runnable action;
        volatile boolean fired;
        volatile boolean cancelled;

        /** The real timer that took over when the clock was closed before this one fired. */
        volatile @Nullable ScheduledFuture<?> delegate;

        VirtualTimer(
                VirtualClockEngine clock,
                long due,
                boolean late,
                long seq,
                @Nullable Member member,
                @Nullable Runnable action) {
            this.clock = clock;
            this.due = due;
            this.late = late;
            this.seq = seq;
            this.member = member;
            this.action = action;
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            ScheduledFuture<?> d = delegate;
            if (d != null) {
                return d.cancel(mayInterruptIfRunning);
            }
            clock.lock.lock();
            try {
                if (fired || cancelled) {
                    return false;
                }
                cancelled = true;
                clock.timers.remove(this);
                clock.version.incrementAndGet();
                return true;
            } finally {
                clock.lock.unlock();
            }
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(due - clock.now(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed o) {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), o.getDelay(TimeUnit.NANOSECONDS));
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public boolean isDone() {
            return fired || cancelled;
        }

        @Override
        public Object get() {
            throw new UnsupportedOperationException("a virtual timer has no result");
        }

        @Override
        public Object get(long timeout, TimeUnit unit) {
            throw new UnsupportedOperationException("a virtual timer has no result");
        }
    }
}
