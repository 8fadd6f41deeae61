package dev.weft;

import dev.weft.internal.ArgumentRules;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Limits how many tasks do something at once: Trio's {@code CapacityLimiter}, asyncio's {@code
 * BoundedSemaphore}. A limiter has a fixed number of permits; {@link #acquire()} waits for one and
 * returns it as a try-with-resources {@link Permit}:
 *
 * <pre>{@code
 * Limiter downloads = new Limiter(4);
 * try (Limiter.Permit p = downloads.acquire()) {
 *     fetch(url);                       // at most 4 tasks are here at a time
 * }
 * String body = downloads.run(() -> fetch(url));   // the same, as a helper
 * }</pre>
 *
 * <h2>Fairness</h2>
 *
 * Waiting acquirers get permits first come, first served; a {@link #tryAcquire()} never jumps ahead
 * of threads already waiting.
 *
 * <h2>Releasing</h2>
 *
 * Permits can only be returned through the {@link Permit} that {@code acquire} handed out, so a
 * limiter can never be released more often than it was acquired. {@link Permit#close()} is
 * idempotent (a try-with-resources block may close a permit that was released early); {@link
 * Permit#release()} is the explicit call and throws {@link IllegalStateException} when the permit
 * was already released, because releasing twice is a bug that would otherwise hand out one permit
 * too many. A permit may be released by another thread than the one that acquired it.
 *
 * <h2>Cancellation</h2>
 *
 * The acquiring methods are cancellation points: they throw {@link CancelledException} at once if
 * the calling task is cancelled (or the thread interrupted), and when that happens while they wait;
 * no permit is then taken.
 *
 * <p>Thread safety: all methods may be called from any number of virtual and platform threads.
 * Arguments must not be null.
 */
/*
 * A fair semaphore on core's own waiters (the channels' Waiter and WaitQueue), so that its waits
 * are Weft waits a virtual clock can see and time.
 *
 * Fast path, no lock: while nobody is queued (`queued` is 0), acquire takes a permit by CAS on
 * `available` and release gives one back by an increment, as a Semaphore does. Slow path, under
 * the lock: a waiter is queued (and `queued` incremented) before it parks, and every permit found
 * available while someone is queued is handed to the oldest live waiter (handOver), claiming it.
 * The two paths meet as in Dekker's algorithm: an acquirer increments `queued` and then looks at
 * `available`; a releaser increments `available` and then looks at `queued`. One of the two sees
 * the other, so a permit released while a waiter was being queued is always handed over.
 */
public final class Limiter {
    private final int permits;
    private final ReentrantLock lock = new ReentrantLock();

    /** Guarded by lock. */
    private final WaitQueue waiters = new WaitQueue();

    private final AtomicInteger available;

    /** Nodes in {@link #waiters}; written under the lock, read without it. */
    private volatile int queued;

    /**
     * Creates a limiter with {@code permits} permits, all available.
     *
     * @param permits how many holders may run at once
     * @throws IllegalArgumentException if {@code permits} is not positive
     */
    public Limiter(int permits) {
        this.permits = ArgumentRules.requirePositive(permits, "permits");
        this.available = new AtomicInteger(permits);
    }

    /**
     * Takes a permit, waiting until one is available (after the threads that waited before).
     *
     * @return the permit; close or release it when done
     * @throws CancelledException if the calling task is cancelled or the thread interrupted, before
     *     or while waiting; no permit was taken
     */
    public Permit acquire() {
        take(false, 0L);
        return new Permit(this);
    }

    /**
     * Takes a permit if one is available now and nobody is waiting for one. Does not wait.
     *
     * @return the permit, or empty
     * @throws CancelledException if the calling task is cancelled or the thread interrupted
     */
    public Optional<Permit> tryAcquire() {
        return tryAcquire(Duration.ZERO);
    }

    /**
     * Takes a permit, waiting at most {@code timeout} for one.
     *
     * @param timeout how long to wait; zero does not wait
     * @return the permit, or empty if the timeout expired
     * @throws CancelledException if the calling task is cancelled or the thread interrupted, before
     *     or while waiting; no permit was taken
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws NullPointerException if {@code timeout} is null
     */
    public Optional<Permit> tryAcquire(Duration timeout) {
        Durations.requireNonNegative(timeout, "timeout");
        boolean taken =
                take(true, Durations.deadlineFromNow(timeout)); // zero: a deadline already passed
        return taken ? Optional.of(new Permit(this)) : Optional.empty();
    }

    /**
     * Takes a permit, waiting behind the threads already waiting; {@code timed}: until {@code
     * deadline} at most. Returns false if the deadline passed first.
     */
    // NonAtomicVolatileUpdate: queued is written only under lock; it is volatile for the lock-free
    // reads
    @SuppressWarnings("NonAtomicVolatileUpdate")
    private boolean take(boolean timed, long deadline) {
        Cancellation.checkpoint();
        if (queued == 0 && tryTakeAvailable()) {
            return true;
        }
        Waiter waiter;
        WaitNode node;
        lock.lock();
        try {
            if (queued == 0 && tryTakeAvailable()) {
                return true;
            }
            if (timed && Durations.remaining(deadline) <= 0) {
                return false;
            }
            waiter = new Waiter();
            node = new WaitNode(waiter, 0, null);
            waiters.add(node);
            queued++;
            handOver(); // a permit released while this waiter was being queued
        } finally {
            lock.unlock();
        }
        int outcome = waiter.await(timed, deadline);
        if (outcome >= 0) {
            return true; // handed over; an interrupt that came with it stays set for the next
            // checkpoint
        }
        lock.lock();
        try {
            if (node.linked) {
                waiters.remove(node);
                queued--;
            }
        } finally {
            lock.unlock();
        }
        if (outcome == Waiter.TIMED_OUT) {
            return false;
        }
        Thread.interrupted();
        throw Cancellation.interrupted("acquiring a limiter permit", null);
    }

    private boolean tryTakeAvailable() {
        for (int a; (a = available.get()) > 0; ) {
            if (available.compareAndSet(a, a - 1)) {
                return true;
            }
        }
        return false;
    }

    /** Gives a permit back, and hands it to the oldest live waiter if anybody is queued. */
    private void give() {
        available.incrementAndGet();
        if (queued != 0) {
            lock.lock();
            try {
                handOver();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Lock held: while a permit is available and a waiter queued, hands one to the oldest. */
    // NonAtomicVolatileUpdate: queued is written only under lock; it is volatile for the lock-free
    // reads
    @SuppressWarnings("NonAtomicVolatileUpdate")
    private void handOver() {
        while (queued != 0 && tryTakeAvailable()) {
            boolean handed = false;
            for (WaitNode n; !handed && (n = waiters.poll()) != null; ) {
                queued--;
                handed = n.owner.claim(0);
            }
            if (!handed) {
                available.incrementAndGet(); // only waiters that gave up were queued
                return;
            }
        }
    }

    /**
     * Runs {@code work} under a permit: acquires one (waiting like {@link #acquire()}), calls
     * {@code work}, and releases the permit however {@code work} ends.
     *
     * @param work what to run
     * @param <T> its result type
     * @return what {@code work} returned
     * @throws CancelledException if the calling task is cancelled or the thread interrupted while
     *     waiting for the permit ({@code work} did not run)
     * @throws NullPointerException if {@code work} is null
     * @throws Exception what {@code work} throws, as thrown
     */
    public <T> T run(Callable<? extends T> work) throws Exception {
        Objects.requireNonNull(work, "work");
        Permit permit = acquire();
        try {
            return work.call();
        } finally {
            permit.close();
        }
    }

    /**
     * Returns the number of permits the limiter was created with.
     *
     * @return the total permits
     */
    public int permits() {
        return permits;
    }

    /**
     * Returns the number of permits available now. A snapshot.
     *
     * @return the free permits
     */
    public int available() {
        return available.get();
    }

    /**
     * Returns the number of permits held now ({@code permits() - available()}). A snapshot.
     *
     * @return the held permits
     */
    public int inUse() {
        return permits - available();
    }

    /**
     * Returns the number of threads waiting for a permit. An estimate, for monitoring.
     *
     * @return the waiting threads
     */
    public int waiting() {
        lock.lock();
        try {
            return waiters.liveCount();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "Limiter[" + inUse() + "/" + permits + " in use, " + waiting() + " waiting]";
    }

    /**
     * One permit of a {@link Limiter}, returned by {@code acquire}. Release it exactly once, best
     * with try-with-resources. Safe to release from any thread.
     */
    public static final class Permit implements AutoCloseable {
        private final Limiter limiter;
        private final AtomicBoolean released = new AtomicBoolean();

        private Permit(Limiter limiter) {
            this.limiter = limiter;
        }

        /**
         * Returns the permit to its limiter, waking the longest waiting acquirer. Does not block.
         *
         * @throws IllegalStateException if the permit was already released
         */
        public void release() {
            if (!released.compareAndSet(false, true)) {
                throw new IllegalStateException("permit already released: " + limiter);
            }
            limiter.give();
        }

        /**
         * Releases the permit if it is still held; does nothing if it was already released. Does
         * not block.
         */
        @Override
        public void close() {
            if (released.compareAndSet(false, true)) {
                limiter.give();
            }
        }

        /**
         * Returns whether the permit was released.
         *
         * @return {@code true} once released
         */
        public boolean isReleased() {
            return released.get();
        }
    }
}
