package dev.weft;

import java.util.concurrent.locks.AbstractQueuedSynchronizer;

/**
 * A non-reentrant mutual-exclusion lock for very short critical sections that never block (a
 * channel's state): a contended {@link #lock()} spins briefly before it queues and parks, and
 * learns how long spinning is worth it.
 *
 * <p>Why not {@code ReentrantLock}: a JFR profile of two virtual threads exchanging messages over a
 * rendezvous channel put 11 % of the samples in handing a contended ReentrantLock from one thread
 * to the other (AbstractQueuedSynchronizer.signalNext): each hand-off parks and unparks a virtual
 * thread, for a lock held tens of nanoseconds. Spinning pays only while the holder is running; on a
 * machine whose processors are busy with other work the holder is often not, and then every spin is
 * wasted (measured: a spinning rendezvous took 16 µs a round trip under a load average of 14 on 2
 * cores, against 1 µs without spinning). So the spin limit adapts, as HotSpot's monitors do: a spin
 * that got the lock doubles it (up to {@link #MAX_SPINS}), one that had to queue halves it; at
 * zero, every {@link #PROBE_EVERY}th contended acquisition tries a short spin again. With one
 * processor it never spins. Queueing and parking are AbstractQueuedSynchronizer's, as in
 * ReentrantLock.
 *
 * <p>Thread safety: a lock; the usual happens-before rules of {@code java.util.concurrent.locks}.
 * The spin limit is a hint read and written without synchronization.
 */
final class SpinLock extends AbstractQueuedSynchronizer {
    private static final long serialVersionUID = 1L;

    /** The most a contended acquisition spins; 0 on a single processor. */
    static final int MAX_SPINS = Runtime.getRuntime().availableProcessors() > 1 ? 64 : 0;

    /** How many contended acquisitions at a spin limit of 0 go by before one probes again. */
    static final int PROBE_EVERY = 64;

    private int spinLimit = MAX_SPINS;
    private int contended;

    void lock() {
        if (compareAndSetState(0, 1)) {
            return;
        }
        int limit = spinLimit;
        if (limit == 0 && MAX_SPINS > 0 && ++contended % PROBE_EVERY == 0) {
            limit = 4;
        }
        for (int i = 0; i < limit; i++) {
            Thread.onSpinWait();
            if (getState() == 0 && compareAndSetState(0, 1)) {
                spinLimit = Math.min(MAX_SPINS, Math.max(4, limit * 2));
                return;
            }
        }
        if (limit > 0) {
            spinLimit = limit / 2 < 4 ? 0 : limit / 2;
        }
        acquire(1);
    }

    void unlock() {
        release(1);
    }

    @Override
    protected boolean tryAcquire(int arg) {
        return compareAndSetState(0, 1);
    }

    @Override
    protected boolean tryRelease(int arg) {
        setState(0);
        return true;
    }

    @Override
    protected boolean isHeldExclusively() {
        return getState() == 1;
    }
}
