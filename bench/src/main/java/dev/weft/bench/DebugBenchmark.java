package dev.weft.bench;

import dev.weft.TaskTree;
import dev.weft.Weft;
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
 * Debug mode off against on: the same Weft fork+join of {@code tasks} no-op tasks, and the same
 * batch on bare virtual threads as the floor. With debug off a fork pays one volatile read; with
 * it on every fork captures its stack (the fork site).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DebugBenchmark {

    /** Whether debug mode is on for the trial. */
    @Param({"false", "true"})
    public boolean debug;

    /** How many tasks one operation forks and joins. */
    @Param({"100"})
    public int tasks;

    /** Creates the benchmark state (JMH calls {@link #setUp()}). */
    public DebugBenchmark() {
    }

    /** Switches debug mode as the parameter says. */
    @Setup(Level.Trial)
    public void setUp() {
        TaskTree.setDebug(debug);
    }

    /** Switches debug mode off again. */
    @TearDown(Level.Trial)
    public void tearDown() {
        TaskTree.setDebug(false);
    }

    /**
     * The whole per-fork cost of debug mode when it is off: one read of the volatile flag (the
     * same read {@code TaskImpl}'s constructor does through {@code Debug.enabled()}).
     *
     * @return the flag
     */
    @Benchmark
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public boolean debugFlagRead() {
        return TaskTree.isDebug();
    }

    /** Weft: a lambda-form scope forking and joining the tasks. */
    @Benchmark
    public void weftScope() {
        int n = tasks;
        Weft.scope(s -> {
            for (int i = 0; i < n; i++) {
                s.fork(Work.NO_OP);
            }
        });
    }
}
