package dev.weft.bench;

import dev.weft.Weft;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A timeout around work that finishes in time (the common case): what does arming and disarming
 * the deadline cost? Weft's {@code withTimeout} (runs the work on the caller's thread inside a
 * scope with a deadline) beside {@code Future.get(timeout)} on a virtual-thread executor,
 * {@code CompletableFuture.orTimeout} and StructuredTaskScope with a configured timeout (the last
 * three run the work on a new virtual thread, which is how those APIs work).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TimeoutBenchmark {

    private ExecutorService shared;
    private StructuredPeer structured;

    /** Creates the benchmark state (JMH calls {@link #setUp()}). */
    public TimeoutBenchmark() {
    }

    /** Creates the shared executor. */
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

    /**
     * Weft.
     *
     * @return the work's result
     */
    @Benchmark
    public Integer weftWithTimeout() {
        return Weft.withTimeout(Work.IN_TIME, Work.NO_OP);
    }

    /**
     * {@code submit(...).get(timeout)} on a shared virtual-thread executor.
     *
     * @return the work's result
     * @throws InterruptedException if interrupted
     * @throws ExecutionException if the work failed
     * @throws TimeoutException if the work did not finish in time
     */
    @Benchmark
    public Integer executorFutureGet() throws InterruptedException, ExecutionException, TimeoutException {
        return shared.submit(Work.NO_OP).get(Work.IN_TIME.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * {@code supplyAsync(...).orTimeout(...).join()} on a shared virtual-thread executor.
     *
     * @return the work's result
     */
    @Benchmark
    public Integer completableFutureOrTimeout() {
        return CompletableFuture.supplyAsync(() -> 1, shared)
                .orTimeout(Work.IN_TIME.toNanos(), TimeUnit.NANOSECONDS)
                .join();
    }

    /**
     * StructuredTaskScope (JDK 25 preview) with {@code withTimeout} configured.
     *
     * @return the work's result
     * @throws Exception if the work failed or timed out
     */
    @Benchmark
    public Integer structuredTaskScope() throws Exception {
        return structured.withTimeout(Work.IN_TIME, Work.NO_OP);
    }
}
