package dev.weft;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A flag that tasks can wait for: asyncio's and Trio's {@code Event}, Java's missing resettable
 * latch. {@link #set()} wakes every waiter; {@link #clear()} makes later waiters wait again.
 * <pre>{@code
 * Event ready = new Event();
 * scope.fork(() -> { ready.await(); serve(); });
 * warmUp();
 * ready.set();
 * }</pre>
 *
 * <p>As in asyncio, a waiter woken by {@code set} returns even if the event is cleared again
 * before it gets to run: {@code set(); clear();} releases everybody who was waiting at that
 * moment.
 *
 * <h2>Cancellation</h2>
 * {@link #await()} and {@link #await(Duration)} are cancellation points: they throw
 * {@link CancelledException} at once if the calling task is cancelled (or the thread
 * interrupted), even when the event is set, and when that happens while they wait.
 *
 * <h2>Memory effects</h2>
 * Actions of a thread before it calls {@code set} happen-before a waiter returns from
 * {@code await} because of that call, and before {@link #isSet()} returns {@code true}.
 *
 * <p>Thread safety: all methods may be called from any number of virtual and platform threads.
 * Arguments must not be null.
 */
public final class Event {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private volatile boolean set;
    /** Incremented by every set that wakes waiters; guarded by lock. */
    private long generation;

    /** Creates an event that is not set. */
    public Event() {
    }

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
            generation++;
            changed.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Clears the event, so that later calls to {@code await} wait for the next {@link #set()}.
     * Does not block (beyond a short lock).
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
     * @throws CancelledException if the calling task is cancelled or the thread interrupted,
     *     before or while waiting
     */
    public void await() {
        Cancellation.checkpoint();
        if (set) {
            return;
        }
        lock.lock();
        try {
            long gen = generation;
            while (!set && generation == gen) {
                changed.await();
            }
        } catch (InterruptedException e) {
            throw Cancellation.interrupted("waiting for an event", e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits at most {@code timeout} until the event is set; returns at once if it is.
     *
     * @param timeout how long to wait; zero does not wait
     * @return {@code true} if the event was set, {@code false} if the timeout expired first
     * @throws CancelledException if the calling task is cancelled or the thread interrupted,
     *     before or while waiting
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws NullPointerException if {@code timeout} is null
     */
    public boolean await(Duration timeout) {
        Durations.requireNonNegative(timeout, "timeout");
        Cancellation.checkpoint();
        if (set) {
            return true;
        }
        long nanos = Durations.toNanosSaturated(timeout);
        lock.lock();
        try {
            long gen = generation;
            while (!set && generation == gen) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = changed.awaitNanos(nanos);
            }
            return true;
        } catch (InterruptedException e) {
            throw Cancellation.interrupted("waiting for an event", e);
        } finally {
            lock.unlock();
        }
    }

    /** The number of threads waiting now (for tests). */
    int waiterCount() {
        lock.lock();
        try {
            return lock.getWaitQueueLength(changed);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return set ? "Event[set]" : "Event[not set]";
    }
}
