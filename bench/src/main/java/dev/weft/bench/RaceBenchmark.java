package dev.weft.bench;

import dev.weft.Weft;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
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

/**
 * Race: the first contender returns at once, the others would sleep for 30 s, so each operation
 * is: start all, take the winner, interrupt the losers, wait for them to stop. Weft's
 * {@code race} beside {@code invokeAny} on a virtual-thread executor and StructuredTaskScope with
 * {@code anySuccessfulResultOrThrow}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RaceBenchmark {

    /** How many contenders. */
    @Param({"4"})
    public int contenders;

    private List<Callable<Integer>> callList;
    private StructuredPeer structured;

    /** Creates the benchmark state (JMH calls {@link #setUp()}). */
    public RaceBenchmark() {
    }

    /** Builds the contenders. */
    @Setup(Level.Trial)
    public void setUp() {
        callList = Work.raceContenders(contenders);
        structured = Peers.hasStructured() ? Peers.structured() : null;
    }

    /**
     * Weft.
     *
     * @return the winner's result
     */
    @Benchmark
    public Integer weftRace() {
        return Weft.race(callList);
    }

    /**
     * {@code invokeAny} on a new virtual-thread executor; closing it waits for the cancelled losers.
     *
     * @return the winner's result
     * @throws InterruptedException if interrupted
     * @throws ExecutionException if every contender failed
     */
    @Benchmark
    public Integer executorInvokeAny() throws InterruptedException, ExecutionException {
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            return ex.invokeAny(callList);
        }
    }

    /**
     * StructuredTaskScope (JDK 25 preview).
     *
     * @return the winner's result
     * @throws Exception if every contender failed
     */
    @Benchmark
    public Integer structuredTaskScope() throws Exception {
        return structured.race(callList);
    }
}
