package dev.weft.bench;

import dev.weft.Limiter;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Weft's {@code Limiter} beside {@code java.util.concurrent.Semaphore} (fair, as the Limiter's
 * first-come-first-served promise requires, and non-fair): one acquire and release without
 * contention, and {@value #THREADS} virtual threads sharing {@value #PERMITS} permits.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LimiterBenchmark {
    /** Virtual threads in the contended case. */
    public static final int THREADS = 16;
    /** Permits in the contended case. */
    public static final int PERMITS = 4;
    /** Acquisitions per thread in the contended case. */
    public static final int ROUNDS = 500;

    private Limiter limiter;
    private Semaphore fair;
    private Semaphore unfair;

    /** Creates the benchmark state. */
    public LimiterBenchmark() {
    }

    /** Creates the limiter and semaphores. */
    @Setup(Level.Iteration)
    public void setUp() {
        limiter = new Limiter(PERMITS);
        fair = new Semaphore(PERMITS, true);
        unfair = new Semaphore(PERMITS, false);
    }

    /**
     * Weft: acquire a permit and close it, uncontended.
     *
     * @param bh sink
     */
    @Benchmark
    public void limiterUncontended(Blackhole bh) {
        try (Limiter.Permit p = limiter.acquire()) {
            bh.consume(p);
        }
    }

    /**
     * Fair Semaphore: acquire and release, uncontended.
     *
     * @param bh sink
     * @throws InterruptedException if interrupted
     */
    @Benchmark
    public void fairSemaphoreUncontended(Blackhole bh) throws InterruptedException {
        fair.acquire();
        try {
            bh.consume(fair);
        } finally {
            fair.release();
        }
    }

    /**
     * Non-fair Semaphore: acquire and release, uncontended.
     *
     * @param bh sink
     * @throws InterruptedException if interrupted
     */
    @Benchmark
    public void semaphoreUncontended(Blackhole bh) throws InterruptedException {
        unfair.acquire();
        try {
            bh.consume(unfair);
        } finally {
            unfair.release();
        }
    }

    /**
     * Weft, contended: the score is one acquire and release.
     *
     * @throws InterruptedException if interrupted
     */
    @Benchmark
    @OperationsPerInvocation(THREADS * ROUNDS)
    public void limiterContended() throws InterruptedException {
        contended(() -> {
            Limiter.Permit p = limiter.acquire();
            try {
                Blackhole.consumeCPU(50);
            } finally {
                p.close();
            }
        });
    }

    /**
     * Fair Semaphore, contended: the score is one acquire and release.
     *
     * @throws InterruptedException if interrupted
     */
    @Benchmark
    @OperationsPerInvocation(THREADS * ROUNDS)
    public void fairSemaphoreContended() throws InterruptedException {
        contended(() -> {
            fair.acquireUninterruptibly();
            try {
                Blackhole.consumeCPU(50);
            } finally {
                fair.release();
            }
        });
    }

    /**
     * Non-fair Semaphore, contended: the score is one acquire and release.
     *
     * @throws InterruptedException if interrupted
     */
    @Benchmark
    @OperationsPerInvocation(THREADS * ROUNDS)
    public void semaphoreContended() throws InterruptedException {
        contended(() -> {
            unfair.acquireUninterruptibly();
            try {
                Blackhole.consumeCPU(50);
            } finally {
                unfair.release();
            }
        });
    }

    private static void contended(Runnable oneRound) throws InterruptedException {
        Thread[] threads = new Thread[THREADS];
        for (int t = 0; t < THREADS; t++) {
            threads[t] = Thread.ofVirtual().start(() -> {
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
