package dev.weft.bench;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
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
            return new Settings(2, 1000, 4, 1000);
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

    /**
     * Runs the benchmarks matching {@code include}; the channel benchmarks only in the
     * combinations that exist (rendezvous: Weft, Jox, SynchronousQueue, LinkedTransferQueue;
     * buffered 16 and 100: Weft, Jox, ArrayBlockingQueue).
     */
    void run(String include) throws RunnerException {
        Pattern p = Pattern.compile(include);
        if (p.matcher("dev.weft.bench.ChannelBenchmark.pingPong").find()
                || p.matcher("dev.weft.bench.ChannelBenchmark.producerConsumer").find()) {
            String others = "^(?!dev\\.weft\\.bench\\.ChannelBenchmark\\.)";
            runOne(include, Map.of("impl", new String[] {"WEFT", "JOX", "SYNCHRONOUS_QUEUE", "LINKED_TRANSFER_QUEUE"},
                    "capacity", new String[] {"0"}), others);
            runOne(include, Map.of("impl", new String[] {"WEFT", "JOX", "ARRAY_BLOCKING_QUEUE"},
                    "capacity", new String[] {"16", "100"}), others);
        }
        runOne(include, Map.of(), "ChannelBenchmark");
    }

    private void runOne(String include, Map<String, String[]> params) throws RunnerException {
        runOne(include, params, null);
    }

    private void runOne(String include, Map<String, String[]> params, String exclude) throws RunnerException {
        ChainedOptionsBuilder b = new OptionsBuilder()
                .include(include)
                .forks(1)
                .warmupIterations(settings.warmups())
                .warmupTime(TimeValue.milliseconds(settings.warmupMillis()))
                .measurementIterations(settings.iterations())
                .measurementTime(TimeValue.milliseconds(settings.iterationMillis()))
                .jvmArgs("-Xms1g", "-Xmx1g")
                .shouldFailOnError(true);
        if (previewClasses != null) {
            b.jvmArgsAppend("--enable-preview");
        } else {
            b.exclude(".*\\.structuredTaskScope$");
        }
        if (exclude != null) {
            b.exclude(exclude);
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
        for (int n : new int[] {1, 100, 10_000}) {
            String t = "tasks=" + n;
            Figure weft = figure("Weft scope, owner on a virtual thread", "ForkJoinBenchmark.weftScopeOwnedByVirtualThread",
                    n, t);
            if (weft != null) {
                out.add(Comparison.of(String.format("fork+join of %,d no-op task%s, owner on a virtual thread", n,
                        n == 1 ? "" : "s"), "µs/task", true, weft, "As above, but the batch is forked and joined by "
                        + "a virtual thread (as inside Weft.run, the usual case) rather than by JMH's platform "
                        + "thread; both sides start one extra virtual thread per batch for the owner. " + how,
                        List.of(new Comparison.Peer(figure("bare virtual threads, owner on a virtual thread",
                                "ForkJoinBenchmark.virtualThreadsOwnedByVirtualThread", n, t), VT_TARGET))));
            }
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
            Figure flag = figure("flag read", "DebugBenchmark.debugFlagRead", 1, "debug=false", "tasks=100");
            String proof = flag == null ? "" : String.format(Locale.ROOT, " Debug off costs a fork exactly one read of "
                    + "the volatile debug flag: measured %.2f ns (±%.2f) in DebugBenchmark.debugFlagRead, that is "
                    + "%.3f%% of the %.3f µs (±%.3f) a fork+join costs per task here, far inside that figure's "
                    + "own error: no measurable cost.", flag.value(), flag.error(),
                    flag.value() / (off.value() * 1000) * 100, off.value(), off.error());
            out.add(Comparison.of("debug mode: fork+join of 100 tasks, off vs on", "µs/task", true, off,
                    "Same code, debug switched with TaskTree.setDebug. On, every fork captures its stack (the "
                            + "fork site); the ratio is what switching debug on costs." + proof + " " + how, List.of(
                            new Comparison.Peer(figure("Weft, debug mode on", "DebugBenchmark.weftScope", 100,
                                    "debug=true", "tasks=100"), null),
                            new Comparison.Peer(figure("bare virtual threads, same batch (ForkJoinBenchmark)",
                                    "ForkJoinBenchmark.virtualThreads", 100, "tasks=100"), null))));
        }
        channels(out, "pingPong", "channel ping-pong", "ns/round trip");
        channels(out, "producerConsumer", "channel producer/consumer", "ns/message");
        String lim = "LimiterBenchmark.";
        Figure lu = figure("Weft Limiter", lim + "limiterUncontended", 1);
        if (lu != null) {
            out.add(Comparison.of("limiter: acquire + release, uncontended", "ns/op", true, lu,
                    "One platform thread; the Limiter is first come, first served (a fair Semaphore inside) "
                            + "and hands out an AutoCloseable Permit. JMH average time.", List.of(
                            new Comparison.Peer(figure("Semaphore (fair)", lim + "fairSemaphoreUncontended", 1), null),
                            new Comparison.Peer(figure("Semaphore (non-fair)", lim + "semaphoreUncontended", 1), null))));
            out.add(Comparison.of(String.format("limiter: %d virtual threads sharing %d permits",
                    LimiterBenchmark.THREADS, LimiterBenchmark.PERMITS), "ns/op", true,
                    figure("Weft Limiter", lim + "limiterContended", 1),
                    "Each acquisition holds the permit for a few dozen ns of work; score per acquire + release.",
                    List.of(
                            new Comparison.Peer(figure("Semaphore (fair)", lim + "fairSemaphoreContended", 1), null),
                            new Comparison.Peer(figure("Semaphore (non-fair)", lim + "semaphoreContended", 1), null))));
        }
        return out;
    }

    private void channels(List<Comparison> out, String method, String title, String unit) {
        String b = "ChannelBenchmark." + method;
        Target jox = new Target(0.8, "within 1.25× of Jox");
        Target abq = new Target(1.0, "faster than ArrayBlockingQueue");
        String how = "Two virtual threads, " + ChannelBenchmark.MESSAGES + " messages per operation. JMH average "
                + "time per message.";
        Figure rv = figure("Weft Channel.rendezvous()", b, 1, "impl=WEFT", "capacity=0");
        if (rv != null) {
            out.add(Comparison.of(title + ", rendezvous", unit, true, rv, how, List.of(
                    new Comparison.Peer(figure("Jox newRendezvousChannel", b, 1, "impl=JOX", "capacity=0"), jox),
                    new Comparison.Peer(figure("SynchronousQueue", b, 1, "impl=SYNCHRONOUS_QUEUE", "capacity=0"), null),
                    new Comparison.Peer(figure("LinkedTransferQueue.transfer", b, 1, "impl=LINKED_TRANSFER_QUEUE",
                            "capacity=0"), null))));
        }
        for (String cap : new String[] {"16", "100"}) {
            Figure w = figure("Weft Channel.bounded(" + cap + ")", b, 1, "impl=WEFT", "capacity=" + cap);
            if (w != null) {
                out.add(Comparison.of(title + ", buffered(" + cap + ")", unit, true, w, how, List.of(
                        new Comparison.Peer(figure("Jox newBufferedChannel(" + cap + ")", b, 1, "impl=JOX",
                                "capacity=" + cap), jox),
                        new Comparison.Peer(figure("ArrayBlockingQueue(" + cap + ")", b, 1, "impl=ARRAY_BLOCKING_QUEUE",
                                "capacity=" + cap), abq))));
            }
        }
    }
}
