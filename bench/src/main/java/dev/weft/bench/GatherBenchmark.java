package dev.weft.bench;

import dev.weft.Weft;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
 * Gather: run {@code tasks} callables concurrently and collect their results in order, failing
 * fast. Weft's {@code gather} beside {@code invokeAll} on a virtual-thread executor,
 * {@code CompletableFuture.allOf}, and StructuredTaskScope with {@code awaitAllSuccessfulOrThrow}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class GatherBenchmark {

    /** How many callables one gather runs. */
    @Param({"100"})
    public int tasks;

    private List<Callable<Integer>> calls;
    private ExecutorService shared;
    private StructuredPeer structured;

    /** Creates the benchmark state (JMH calls {@link #setUp()}). */
    public GatherBenchmark() {
    }

    /** Builds the callables and the shared executor. */
    @Setup(Level.Trial)
    public void setUp() {
        calls = Collections.nCopies(tasks, Work.NO_OP);
        shared = Executors.newVirtualThreadPerTaskExecutor();
        structured = Peers.hasStructured() ? Peers.structured() : null;
    }

    /** Closes the shared executor. */
    @TearDown(Level.Trial)
    public void tearDown() {
        shared.close();
    }

    /**
     * Weft.
     *
     * @return the results
     */
    @Benchmark
    public List<Integer> weftGather() {
        return Weft.gather(calls);
    }

    /**
     * {@code invokeAll} on a new virtual-thread executor, then each future's value.
     *
     * @return the results
     * @throws InterruptedException if interrupted
     * @throws ExecutionException if a task failed
     */
    @Benchmark
    public List<Integer> executorInvokeAll() throws InterruptedException, ExecutionException {
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> futures = ex.invokeAll(calls);
            List<Integer> results = new ArrayList<>(futures.size());
            for (Future<Integer> f : futures) {
                results.add(f.get());
            }
            return results;
        }
    }

    /**
     * {@code supplyAsync} on a shared virtual-thread executor, {@code allOf}, then each value.
     *
     * @return the results
     */
    @Benchmark
    public List<Integer> completableFutureAllOf() {
        CompletableFuture<?>[] futures = new CompletableFuture<?>[tasks];
        for (int i = 0; i < futures.length; i++) {
            futures[i] = CompletableFuture.supplyAsync(() -> 1, shared);
        }
        CompletableFuture.allOf(futures).join();
        List<Integer> results = new ArrayList<>(futures.length);
        for (CompletableFuture<?> f : futures) {
            results.add((Integer) f.join());
        }
        return results;
    }

    /**
     * StructuredTaskScope (JDK 25 preview).
     *
     * @return the results
     * @throws Exception if a task failed
     */
    @Benchmark
    public List<Integer> structuredTaskScope() throws Exception {
        return structured.gather(calls);
    }
}
