package dev.weft.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.infra.Blackhole;

/** Starts and joins one bare virtual thread: proves the JMH harness runs and gives the baseline. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class HarnessBenchmark {

    /** Creates the benchmark (JMH instantiates it). */
    public HarnessBenchmark() {
    }

    /**
     * One virtual thread start and join.
     *
     * @param bh sink for the thread's result
     * @throws InterruptedException if the benchmark thread is interrupted
     */
    @Benchmark
    public void virtualThreadStartJoin(Blackhole bh) throws InterruptedException {
        int[] box = new int[1];
        Thread t = Thread.ofVirtual().start(() -> box[0] = 42);
        t.join();
        bh.consume(box[0]);
    }
}
