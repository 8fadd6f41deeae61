package dev.weft;

import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A flag that tasks can wait for: asyncio's and Trio's {@code Event}, Java's missing resettable
 * latch. {@link #set()} wakes every waiter; {@link #clear()} makes later waiters wait again.
 *
 * <pre>{@code
 * Event ready = new Event();
 * scope.fork(() -> { ready.await(); serve(); });
 * warmUp();
 * ready.set();
 * }</pre>
 *
 * <p>As in asyncio, a waiter woken by {@code set} returns even if the event is cleared again before
 * it gets to run: {@code set(); clear();} releases everybody who was waiting at that moment.
 *
 * <h2>Cancellation</h2>
 *
 * {@link #await()} and {@link #await(Duration)} are cancellation points: they throw {@link
 * CancelledException} at once if the calling task is cancelled (or the thread interrupted), even
 * when the event is set, and when that happens while they wait.
 *
 * <h2>Memory effects</h2>
 *
 * Actions of a thread before it calls {@code set} happen-before a waiter returns from {@code await}
 * because of that call, and before {@link #isSet()} returns {@code true}.
 *
 * <p>Thread safety: all methods may be called from any number of virtual and platform threads.
 * Arguments must not be null.
 */
/*
 * Waiters wait on core's own Waiter (as channel operations and limiters do), so that their waits
 * are Weft waits a virtual clock can see and time. set() claims every queued waiter under the
 * lock: a waiter it claimed returns true even if clear() runs before it wakes.
 */
public final class Event {
    private final ReentrantLock lock = new ReentrantLock();
    private final WaitQueue waiters = new WaitQueue();
    private volatile boolean set;

    /** Creates an event that is not set. */
    public Event() {}

    /**
     * Sets the event and wakes every waiter. Idempotent; does not block (beyond a short lock).
     *
     * @return {@code true} if this call set it, {@code false} if it was already set
     */
    public boolean set() {
        lock.lock();
        try {
            if (set) {
                return false;
            }
            set = true;
            for (WaitNode n; (n = waiters.poll()) != null; ) {
                n.owner.claim(0);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Clears the event, so that later calls to {@code await} wait for the next {@link #set()}. Does
     * not block (beyond a short lock).
     *
     * @return {@code true} if this call cleared it, {@code false} if it was not set
     */
    public boolean clear() {
        lock.lock();
        try {
            boolean was = set;
            set = false;
            return was;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Returns whether the event is set. Does not block.
     *
     * @return {@code true} if set
     */
    public boolean isSet() {
        return set;
    }

    /**
     * Waits until the event is set; returns at once if it is.
     *
     * @throws CancelledException if the calling task is cancelled or the thread interrupted, before
     *     or while waiting
     */
    public void await() {
        Cancellation.checkpoint();
        if (!set) {
            awaitSet(false, 0L);
        }
    }

    /**
     * Waits at most {@code timeout} until the event is set; returns at once if it is.
     *
     * @param timeout how long to wait; zero does not wait
     * @return {@code true} if the event was set, {@code false} if the timeout expired first
     * @throws CancelledException if the calling task is cancelled or the thread interrupted, before
     *     or while waiting
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws NullPointerException if {@code timeout} is null
     */
    public boolean await(Duration timeout) {
        Durations.requireNonNegative(timeout, "timeout");
        Cancellation.checkpoint();
        return set
                || awaitSet(
                        true,
                        Durations.deadlineFromNow(timeout)); // zero: a deadline already passed
    }

    /**
     * Waits until set; {@code timed}: until {@code deadline} at most. Returns whether it was set.
     */
    private boolean awaitSet(boolean timed, long deadline) {
        Waiter waiter;
        WaitNode node;
        lock.lock();
        try {
            if (set) {
                return true;
            }
            if (timed && Durations.remaining(deadline) <= 0) {
                return false;
            }
            waiter = new Waiter();
            node = new WaitNode(waiter, 0, null);
            waiters.add(node);
        } finally {
            lock.unlock();
        }
        int outcome = waiter.await(timed, deadline);
        if (outcome >= 0) {
            return true;
        }
        lock.lock();
        try {
            waiters.remove(node);
        } finally {
            lock.unlock();
        }
        if (outcome == Waiter.TIMED_OUT) {
            return false;
        }
        Thread.interrupted();
        throw Cancellation.interrupted("waiting for an event", null);
    }

    /** The number of threads waiting now (for tests). */
    int waiterCount() {
        lock.lock();
        try {
            return waiters.liveCount();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return set ? "Event[set]" : "Event[not set]";
    }
}
