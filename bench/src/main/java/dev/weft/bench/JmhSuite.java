package dev.weft.bench;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the JMH benchmarks through JMH's Java API and turns their results into
 * {@link Comparison}s.
 *
 * <p>Thread safety: not meant for concurrent use.
 */
final class JmhSuite {

    /** How long JMH measures. */
    record Settings(int warmups, long warmupMillis, int iterations, long iterationMillis) {
        static Settings quick() {
            return new Settings(1, 200, 2, 200);
        }

        static Settings full() {
            return new Settings(3, 1000, 4, 1000);
        }
    }

    private static final Target VT_TARGET = new Target(1 / 1.2, "Weft ≤ 1.2× bare virtual threads");
    private static final Target STS_TARGET = new Target(1.0, "Weft ≤ 1.0× StructuredTaskScope");
    private static final String STS = "StructuredTaskScope (JDK 25 preview)";

    private final Settings settings;
    private final Path previewClasses;
    private final Map<String, RunResult> results = new HashMap<>();

    JmhSuite(Settings settings, Path previewClasses) {
        this.settings = settings;
        this.previewClasses = previewClasses;
    }

    /** Runs the benchmarks whose class name matches {@code include}. */
    void run(String include) throws RunnerException {
        runOne(include, Map.of());
    }

    private void runOne(String include, Map<String, String[]> params) throws RunnerException {
        ChainedOptionsBuilder b = new OptionsBuilder()
                .include(include)
                .forks(1)
                .warmupIterations(settings.warmups())
                .warmupTime(TimeValue.milliseconds(settings.warmupMillis()))
                .measurementIterations(settings.iterations())
                .measurementTime(TimeValue.milliseconds(settings.iterationMillis()))
                .timeUnit(TimeUnit.MICROSECONDS)
                .jvmArgs("-Xms1g", "-Xmx1g")
                .shouldFailOnError(true);
        if (previewClasses != null) {
            b.jvmArgsAppend("--enable-preview");
        } else {
            b.exclude(".*\\.structuredTaskScope$");
        }
        for (Map.Entry<String, String[]> p : params.entrySet()) {
            b.param(p.getKey(), p.getValue());
        }
        Collection<RunResult> rs = new Runner(b.build()).run();
        for (RunResult r : rs) {
            results.put(key(r), r);
        }
    }

    /** Makes JMH's forks see the preview peer: they take the host's {@code java.class.path}. */
    static void addToForkClassPath(Path dir) {
        System.setProperty("java.class.path", System.getProperty("java.class.path") + File.pathSeparator + dir);
    }

    private static String key(RunResult r) {
        String bench = r.getParams().getBenchmark();
        String simple = bench.substring(bench.lastIndexOf('.', bench.lastIndexOf('.') - 1) + 1);
        Map<String, String> ps = new TreeMap<>();
        for (String k : r.getParams().getParamsKeys()) {
            ps.put(k, r.getParams().getParam(k));
        }
        return simple + ps;
    }

    /** The figure of {@code Class.method} with {@code params} ("k=v" pairs), divided by {@code per}. */
    private Figure figure(String name, String benchmark, double per, String... params) {
        Map<String, String> ps = new TreeMap<>();
        for (String p : params) {
            String[] kv = p.split("=", 2);
            ps.put(kv[0], kv[1]);
        }
        RunResult r = results.get(benchmark + ps);
        if (r == null) {
            return null;
        }
        Result<?> primary = r.getPrimaryResult();
        return new Figure(name, primary.getScore() / per, primary.getScoreError() / per);
    }

    /** Every comparison that the benchmarks run so far allow. */
    List<Comparison> comparisons() {
        List<Comparison> out = new ArrayList<>();
        String how = "JMH average time, one fork; the batch time divided by the number of tasks.";
        for (int n : new int[] {1, 100, 10_000}) {
            String t = "tasks=" + n;
            Figure weft = figure("Weft scope", "ForkJoinBenchmark.weftScope", n, t);
            if (weft == null) {
                continue;
            }
            out.add(Comparison.of(String.format("fork+join of %,d no-op task%s", n, n == 1 ? "" : "s"), "µs/task",
                    true, weft, how, List.of(
                            new Comparison.Peer(figure("bare virtual threads", "ForkJoinBenchmark.virtualThreads", n, t),
                                    VT_TARGET),
                            new Comparison.Peer(figure(STS, "ForkJoinBenchmark.structuredTaskScope", n, t),
                                    STS_TARGET),
                            new Comparison.Peer(figure("newVirtualThreadPerTaskExecutor",
                                    "ForkJoinBenchmark.virtualThreadExecutor", n, t), null),
                            new Comparison.Peer(figure("CompletableFuture.supplyAsync (virtual threads)",
                                    "ForkJoinBenchmark.completableFuture", n, t), null))));
        }
        Figure gather = figure("Weft gather", "GatherBenchmark.weftGather", 100, "tasks=100");
        if (gather != null) {
            out.add(Comparison.of("gather of 100 no-op tasks", "µs/task", true, gather,
                    "Results collected in argument order; fail-fast. " + how, List.of(
                            new Comparison.Peer(figure("invokeAll (virtual-thread executor)",
                                    "GatherBenchmark.executorInvokeAll", 100, "tasks=100"), null),
                            new Comparison.Peer(figure("CompletableFuture.allOf (virtual threads)",
                                    "GatherBenchmark.completableFutureAllOf", 100, "tasks=100"), null),
                            new Comparison.Peer(figure(STS + ", allSuccessfulOrThrow",
                                    "GatherBenchmark.structuredTaskScope", 100, "tasks=100"), null))));
        }
        Figure race = figure("Weft race", "RaceBenchmark.weftRace", 1, "contenders=4");
        if (race != null) {
            out.add(Comparison.of("race of 4 (one wins at once, 3 sleepers cancelled)", "µs/race", true, race,
                    "Includes interrupting the losers and waiting for them to end. JMH average time.", List.of(
                            new Comparison.Peer(figure("invokeAny (virtual-thread executor)",
                                    "RaceBenchmark.executorInvokeAny", 1, "contenders=4"), null),
                            new Comparison.Peer(figure(STS + ", anySuccessfulResultOrThrow",
                                    "RaceBenchmark.structuredTaskScope", 1, "contenders=4"), null))));
        }
        Figure timeout = figure("Weft withTimeout", "TimeoutBenchmark.weftWithTimeout", 1);
        if (timeout != null) {
            out.add(Comparison.of("withTimeout, work finishes in time", "µs/call", true, timeout,
                    "Weft runs the work on the caller's thread inside a scope with a deadline (a timer is armed "
                            + "and cancelled); the peers run it on a new virtual thread, as their APIs do. JMH "
                            + "average time.", List.of(
                            new Comparison.Peer(figure("Future.get(timeout) (virtual-thread executor)",
                                    "TimeoutBenchmark.executorFutureGet", 1), null),
                            new Comparison.Peer(figure("CompletableFuture.orTimeout (virtual threads)",
                                    "TimeoutBenchmark.completableFutureOrTimeout", 1), null),
                            new Comparison.Peer(figure(STS + " withTimeout",
                                    "TimeoutBenchmark.structuredTaskScope", 1), null))));
        }
        Figure off = figure("Weft, debug mode off", "DebugBenchmark.weftScope", 100, "debug=false", "tasks=100");
        if (off != null) {
            out.add(Comparison.of("debug mode: fork+join of 100 tasks, off vs on", "µs/task", true, off,
                    "Same code, debug switched with TaskTree.setDebug. Off, a fork pays one volatile read of the "
                            + "debug flag; on, every fork captures its stack (the fork site). The ratio is what "
                            + "switching debug on costs. " + how, List.of(
                            new Comparison.Peer(figure("Weft, debug mode on", "DebugBenchmark.weftScope", 100,
                                    "debug=true", "tasks=100"), null),
                            new Comparison.Peer(figure("bare virtual threads, same batch (ForkJoinBenchmark)",
                                    "ForkJoinBenchmark.virtualThreads", 100, "tasks=100"), null))));
        }
        return out;
    }
}
