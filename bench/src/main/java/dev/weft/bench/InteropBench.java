package dev.weft.bench;

import dev.weft.Channel;
import dev.weft.Generator;
import dev.weft.Weft;
import dev.weft.io.process.Command;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Subprocesses and generators beside the JDK used raw, interleaved in rounds in one JVM:
 *
 * <ul>
 *   <li><b>process start to exit</b>: {@code Command.of("true").run()} — a supervisor task, pumps
 *       for stdout and stderr on platform threads, output collected — beside {@code ProcessBuilder}
 *       used raw on the calling thread (start, close stdin, read stdout and stderr to their end,
 *       {@code waitFor}); one process after another;
 *   <li><b>1 MiB of stdout</b>: the same with {@code head -c 1048576 /dev/zero};
 *   <li><b>a generator's cost per item</b>: {@code Generator.start} with no buffer and with a
 *       buffer of 16, beside a plain {@code Iterator} over a {@code Channel} of the same capacity
 *       fed by a forked task — the generator is that channel plus its bookkeeping.
 * </ul>
 *
 * <p>Each comparison runs its implementations in rounds, the order rotated every round, after a
 * warm-up of each; it reports the median and min–max of the rounds and the ratio of medians (Weft's
 * time ÷ the peer's: above 1 Weft takes longer), marked "unclear" when the spreads overlap.
 *
 * <p>Run: {@code mvn -B -q -pl bench -am -DskipTests package exec:exec -Dbench.args="--interop"}
 * ({@code --interop --quick} for a smoke run). Writes {@code results/interop.md} (quick runs:
 * {@code results/tmp/interop.md}).
 */
public final class InteropBench {
    private InteropBench() {}

    /** One implementation: runs {@code units} units of work and returns the elapsed nanoseconds. */
    @FunctionalInterface
    interface Impl {
        long run(int units) throws Exception;
    }

    /**
     * Runs every comparison and writes the report.
     *
     * @param home the bench module's directory
     * @param quick a smoke run
     * @throws Exception if a measurement fails
     */
    public static void run(Path home, boolean quick) throws Exception {
        int rounds = quick ? 3 : 9;
        StringBuilder md = new StringBuilder();
        md.append("# Subprocesses and generators beside the JDK used raw\n\n");
        md.append("JDK ")
                .append(System.getProperty("java.version"))
                .append(", ")
                .append(Runtime.getRuntime().availableProcessors())
                .append(" cores, ")
                .append(rounds)
                .append(" interleaved rounds")
                .append(quick ? " (quick run)" : "")
                .append(
                        "; median and min–max of the rounds; Weft ÷ peer is the ratio of the medians of the times")
                .append(" (above 1: Weft takes longer), \"unclear\" when the spreads overlap.\n\n");

        int processes = quick ? 20 : 100;
        Map<String, Impl> spawn = new LinkedHashMap<>();
        spawn.put(
                "Weft `Command.of(\"true\").run()`", n -> time(n, () -> Command.of("true").run()));
        spawn.put("`ProcessBuilder` raw", n -> time(n, () -> raw("true")));
        compare(
                md,
                "process start to exit, `true` (" + processes + " one after another)",
                "µs/process",
                1e3,
                spawn,
                processes,
                rounds);

        int big = quick ? 5 : 20;
        Map<String, Impl> output = new LinkedHashMap<>();
        output.put(
                "Weft `run()` collecting 1 MiB of stdout",
                n -> time(n, () -> Command.of("head", "-c", "1048576", "/dev/zero").run()));
        output.put(
                "`ProcessBuilder` raw, `readAllBytes`",
                n -> time(n, () -> raw("head", "-c", "1048576", "/dev/zero")));
        compare(
                md,
                "process writing 1 MiB to stdout (" + big + " one after another)",
                "ms/process",
                1e6,
                output,
                big,
                rounds);

        int items = quick ? 20_000 : 200_000;
        for (int capacity : new int[] {0, 16}) {
            Map<String, Impl> gen = new LinkedHashMap<>();
            gen.put(
                    "Weft `Generator.start(" + (capacity == 0 ? "" : capacity + ", ") + "...)`",
                    n -> generator(capacity, n));
            gen.put(
                    "plain `Iterator` over `Channel."
                            + (capacity == 0 ? "rendezvous()" : "bounded(" + capacity + ")")
                            + "` fed by a forked task",
                    n -> channelIterator(capacity, n));
            compare(
                    md,
                    "generator, "
                            + (capacity == 0 ? "no buffer" : "buffer of " + capacity)
                            + " ("
                            + items
                            + " items per run)",
                    "ns/item",
                    1,
                    gen,
                    items,
                    rounds);
        }

        Path out = quick ? home.resolve("results/tmp") : home.resolve("results");
        Files.createDirectories(out);
        Files.writeString(out.resolve("interop.md"), md.toString());
        System.out.print(md);
    }

    private static long time(int n, ThrowingRunnable op) throws Exception {
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            op.run();
        }
        return System.nanoTime() - t0;
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** The peer: ProcessBuilder as most Java code uses it. */
    static int raw(String... argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).start();
        p.getOutputStream().close();
        int n = p.getInputStream().readAllBytes().length;
        n += p.getErrorStream().readAllBytes().length;
        p.waitFor();
        return n;
    }

    static long generator(int capacity, int items) {
        return Weft.run(
                () -> {
                    long t0 = System.nanoTime();
                    long sum = 0;
                    try (Generator<Integer> g =
                            Generator.start(
                                    capacity,
                                    out -> {
                                        for (int i = 0; i < items; i++) {
                                            out.emit(i);
                                        }
                                    })) {
                        for (int x : g) {
                            sum += x;
                        }
                    }
                    check(sum, items);
                    return System.nanoTime() - t0;
                });
    }

    static long channelIterator(int capacity, int items) {
        return Weft.run(
                () -> {
                    long t0 = System.nanoTime();
                    Channel<Integer> ch = Channel.bounded(capacity);
                    Weft.fork(
                            () -> {
                                try {
                                    for (int i = 0; i < items; i++) {
                                        ch.send(i);
                                    }
                                } finally {
                                    ch.close();
                                }
                            });
                    long sum = 0;
                    Iterator<Integer> it = ch.iterator();
                    while (it.hasNext()) {
                        sum += it.next();
                    }
                    check(sum, items);
                    return System.nanoTime() - t0;
                });
    }

    private static void check(long sum, int items) {
        if (sum != (long) items * (items - 1) / 2) {
            throw new IllegalStateException("lost items: sum " + sum);
        }
    }

    /** Runs the implementations interleaved in rounds and appends a table. */
    static void compare(
            StringBuilder md,
            String title,
            String unit,
            double nanosPerUnit,
            Map<String, Impl> impls,
            int units,
            int rounds)
            throws Exception {
        compare(md, title, unit, nanosPerUnit, impls, units, rounds, "Weft ÷ peer");
    }

    /**
     * Runs the implementations interleaved in rounds and appends a table whose last column, headed
     * {@code ratioLabel}, is the first implementation's median ÷ each other's.
     */
    static void compare(
            StringBuilder md,
            String title,
            String unit,
            double nanosPerUnit,
            Map<String, Impl> impls,
            int units,
            int rounds,
            String ratioLabel)
            throws Exception {
        Map<String, List<Double>> figures = new LinkedHashMap<>();
        for (Map.Entry<String, Impl> e : impls.entrySet()) {
            e.getValue().run(Math.max(1, units / 4)); // warm-up
            figures.put(e.getKey(), new ArrayList<>());
        }
        List<String> names = new ArrayList<>(impls.keySet());
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < names.size(); i++) {
                String name = names.get((i + r) % names.size());
                long nanos = impls.get(name).run(units);
                figures.get(name).add(nanos / nanosPerUnit / units);
            }
            System.err.println(title + ": round " + (r + 1) + "/" + rounds + " done");
        }
        md.append("| ")
                .append(title)
                .append(", ")
                .append(unit)
                .append(" | median | min–max | ")
                .append(ratioLabel)
                .append(" |\n|---|---:|---:|---:|\n");
        double[] weft = NetEchoBench.sorted(figures.get(names.get(0)));
        for (String name : names) {
            double[] v = NetEchoBench.sorted(figures.get(name));
            String ratio = "—";
            if (!name.equals(names.get(0))) {
                boolean overlap = weft[0] <= v[v.length - 1] && v[0] <= weft[weft.length - 1];
                ratio =
                        String.format(
                                Locale.ROOT,
                                "%.2f×%s",
                                NetEchoBench.median(weft) / NetEchoBench.median(v),
                                overlap ? " (unclear)" : "");
            }
            md.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %s | %s–%s | %s |%n",
                            name,
                            fmt(NetEchoBench.median(v)),
                            fmt(v[0]),
                            fmt(v[v.length - 1]),
                            ratio));
        }
        md.append('\n');
    }

    private static String fmt(double v) {
        return v >= 100
                ? String.format(Locale.ROOT, "%,.0f", v)
                : String.format(Locale.ROOT, "%.2f", v);
    }
}
