package dev.weft.bench;

import dev.weft.Limiter;

import java.util.concurrent.Semaphore;

/**
 * Acquire and release: Weft's {@code Limiter} beside a fair and a non-fair {@code Semaphore},
 * uncontended on one thread, and contended by {@link #THREADS} virtual threads sharing {@link
 * #PERMITS} permits.
 *
 * <p>Thread safety: the contended forms start their own threads; one driver at a time.
 */
final class LimiterWork {
    /** Virtual threads in the contended form. */
    static final int THREADS = 16;

    /** Permits in the contended form. */
    static final int PERMITS = 4;

    /** Acquisitions per thread per contended operation. */
    static final int ROUNDS = 500;

    private final Limiter limiter = new Limiter(PERMITS);
    private final Semaphore fair = new Semaphore(PERMITS, true);
    private final Semaphore unfair = new Semaphore(PERMITS, false);

    /** Written so the JIT cannot drop the work held under a permit. */
    volatile long sink;

    void limiterUncontended(int reps) {
        long s = 0;
        for (int i = 0; i < reps; i++) {
            Limiter.Permit p = limiter.acquire();
            try {
                s += i;
            } finally {
                p.close();
            }
        }
        sink = s;
    }

    void fairSemaphoreUncontended(int reps) throws InterruptedException {
        long s = 0;
        for (int i = 0; i < reps; i++) {
            fair.acquire();
            try {
                s += i;
            } finally {
                fair.release();
            }
        }
        sink = s;
    }

    void semaphoreUncontended(int reps) throws InterruptedException {
        long s = 0;
        for (int i = 0; i < reps; i++) {
            unfair.acquire();
            try {
                s += i;
            } finally {
                unfair.release();
            }
        }
        sink = s;
    }

    void limiterContended() throws InterruptedException {
        contended(
                () -> {
                    Limiter.Permit p = limiter.acquire();
                    try {
                        work();
                    } finally {
                        p.close();
                    }
                });
    }

    void fairSemaphoreContended() throws InterruptedException {
        contended(
                () -> {
                    fair.acquireUninterruptibly();
                    try {
                        work();
                    } finally {
                        fair.release();
                    }
                });
    }

    void semaphoreContended() throws InterruptedException {
        contended(
                () -> {
                    unfair.acquireUninterruptibly();
                    try {
                        work();
                    } finally {
                        unfair.release();
                    }
                });
    }

    /** A few dozen ns of work held under the permit. */
    private void work() {
        long x = sink;
        for (int i = 0; i < 50; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        sink = x;
    }

    private static void contended(Runnable oneRound) throws InterruptedException {
        Thread[] threads = new Thread[THREADS];
        for (int t = 0; t < THREADS; t++) {
            threads[t] =
                    Thread.ofVirtual()
                            .start(
                                    () -> {
                                        for (int i = 0; i < ROUNDS; i++) {
                                            oneRound.run();
                                        }
                                    });
        }
        for (Thread t : threads) {
            t.join();
        }
    }
}
