package dev.weft.bench;

import dev.weft.Weft;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Fork and join {@code tasks} no-op tasks: a Weft scope beside bare virtual threads, a
 * virtual-thread-per-task executor, {@code CompletableFuture.supplyAsync} on a virtual-thread
 * executor, and the JDK 25 preview {@code StructuredTaskScope}. One operation is the whole batch;
 * the report divides by {@code tasks}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ForkJoinBenchmark {

    /** How many tasks one operation forks and joins. */
    @Param({"1", "100", "10000"})
    public int tasks;

    private ExecutorService shared;
    private StructuredPeer structured;

    /** Creates the benchmark state (JMH calls {@link #setUp()}). */
    public ForkJoinBenchmark() {
    }

    /** Creates the shared executor and, where the JDK has it, the StructuredTaskScope peer. */
    @Setup(Level.Trial)
    public void setUp() {
        shared = Executors.newVirtualThreadPerTaskExecutor();
        structured = Peers.hasStructured() ? Peers.structured() : null;
    }

    /** Closes the shared executor. */
    @TearDown(Level.Trial)
    public void tearDown() {
        shared.close();
    }

    /** Weft: a lambda-form scope that forks the tasks and joins them when the body returns. */
    @Benchmark
    public void weftScope() {
        int n = tasks;
        Weft.scope(s -> {
            for (int i = 0; i < n; i++) {
                s.fork(Work.NO_OP);
            }
        });
    }

    /**
     * Bare virtual threads: start each, then join each.
     *
     * @throws InterruptedException if interrupted while joining
     */
    @Benchmark
    public void virtualThreads() throws InterruptedException {
        Thread[] threads = new Thread[tasks];
        for (int i = 0; i < threads.length; i++) {
            threads[i] = Thread.ofVirtual().start(Work.NO_OP_RUNNABLE);
        }
        for (Thread t : threads) {
            t.join();
        }
    }

    /** A new virtual-thread-per-task executor per batch; its close waits for the tasks. */
    @Benchmark
    public void virtualThreadExecutor() {
        int n = tasks;
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                ex.submit(Work.NO_OP);
            }
        }
    }

    /** {@code supplyAsync} on a shared virtual-thread executor, then {@code allOf(...).join()}. */
    @Benchmark
    public void completableFuture() {
        CompletableFuture<?>[] futures = new CompletableFuture<?>[tasks];
        for (int i = 0; i < futures.length; i++) {
            futures[i] = CompletableFuture.supplyAsync(() -> 1, shared);
        }
        CompletableFuture.allOf(futures).join();
    }

    /**
     * Weft, with the scope owned by a virtual thread (as inside {@code Weft.run}): one extra
     * virtual thread per batch carries the owner, exactly as in
     * {@link #virtualThreadsOwnedByVirtualThread()}.
     *
     * @throws InterruptedException if interrupted while joining the owner
     */
    @Benchmark
    public void weftScopeOwnedByVirtualThread() throws InterruptedException {
        Thread.ofVirtual().start(this::weftScope).join();
    }

    /**
     * Bare virtual threads started and joined by a virtual thread.
     *
     * @throws InterruptedException if interrupted while joining the owner
     */
    @Benchmark
    public void virtualThreadsOwnedByVirtualThread() throws InterruptedException {
        Thread.ofVirtual().start(() -> {
            try {
                virtualThreads();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }).join();
    }

    /**
     * The JDK 25 preview StructuredTaskScope with its default joiner.
     *
     * @throws Exception if the join fails
     */
    @Benchmark
    public void structuredTaskScope() throws Exception {
        structured.forkJoin(tasks, Work.NO_OP);
    }
}
