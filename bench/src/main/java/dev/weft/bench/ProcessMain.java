package dev.weft.bench;

import dev.weft.Weft;
import dev.weft.io.files.WeftFiles;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The Java side of the whole-process comparisons, run by {@link ProcessSuite} in a fresh JVM per
 * case so that each gets its own peak RSS. Prints {@code RESULT key=value} lines on stdout.
 *
 * <p>Cases: {@code sleepers weft|threads|sts COUNT MILLIS}; {@code gather COUNT REPEATS} (REPEATS
 * 0: one cold gather); {@code gather-threads COUNT REPEATS} (the same on bare virtual threads);
 * {@code files-weft|files-nio DIR REPEATS}; {@code http-engines URL REQUESTS CONCURRENCY ROUNDS
 * CLIENTS} ({@link EngineComparison}, the HTTP clients interleaved in rounds); {@code http-callcost
 * URL CALLS ROUNDS CLIENTS} ({@link CallCost}). The timed part of the task cases is the same as the
 * Python peer's: from the first fork to the end of the join.
 */
public final class ProcessMain {
    private ProcessMain() {}

    /**
     * Runs one case.
     *
     * @param args the case and its arguments
     * @throws Exception if the case fails
     */
    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "sleepers" ->
                    sleepers(
                            args[1],
                            Integer.parseInt(args[2]),
                            Duration.ofMillis(Long.parseLong(args[3])));
            case "gather" -> gather(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
            case "gather-threads" ->
                    gatherThreads(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
            case "files-nio" -> files(Path.of(args[1]), Integer.parseInt(args[2]), false);
            case "files-weft" -> files(Path.of(args[1]), Integer.parseInt(args[2]), true);
            case "http-engines" -> {
                int requests = Integer.parseInt(args[2]);
                int concurrency = Integer.parseInt(args[3]);
                int rounds = Integer.parseInt(args[4]);
                EngineComparison.print(
                        EngineComparison.run(
                                URI.create(args[1]),
                                List.of(args[5].split(",")),
                                requests,
                                concurrency,
                                rounds),
                        requests,
                        concurrency,
                        rounds);
            }
            case "http-callcost" ->
                    CallCost.measure(
                            URI.create(args[1]),
                            Integer.parseInt(args[2]),
                            Integer.parseInt(args[3]),
                            List.of(args[4].split(",")));
            default -> throw new IllegalArgumentException("unknown case " + args[0]);
        }
    }

    private static void sleepers(String impl, int count, Duration sleep) throws Exception {
        long t0 = System.nanoTime();
        switch (impl) {
            case "weft" ->
                    Weft.scope(
                            s -> {
                                for (int i = 0; i < count; i++) {
                                    s.fork(
                                            () -> {
                                                Thread.sleep(sleep);
                                                return null;
                                            });
                                }
                            });
            case "threads" -> {
                Thread[] threads = new Thread[count];
                Runnable r =
                        () -> {
                            try {
                                Thread.sleep(sleep);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        };
                for (int i = 0; i < count; i++) {
                    threads[i] = Thread.ofVirtual().start(r);
                }
                for (Thread t : threads) {
                    t.join();
                }
            }
            case "sts" -> {
                Method m =
                        Class.forName(Peers.STRUCTURED_CLASS)
                                .getMethod("sleepers", int.class, Duration.class);
                try {
                    m.invoke(null, count, sleep);
                } catch (InvocationTargetException e) {
                    throw (Exception) e.getCause();
                }
            }
            default -> throw new IllegalArgumentException("unknown sleeper impl " + impl);
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        result("wall_s", wall);
        result("rss_mb", peakRssMb());
    }

    /**
     * {@code repeats} 0: one cold gather (no warm-up), as the whole-process comparison times it;
     * otherwise three warm-up gathers, then the median of {@code repeats}.
     */
    private static void gather(int count, int repeats) {
        List<Callable<Integer>> calls = Collections.nCopies(count, Work.NO_OP);
        if (repeats == 0) {
            long t0 = System.nanoTime();
            List<Integer> results = Weft.gather(calls);
            double us = (System.nanoTime() - t0) / 1e3;
            if (results.size() != count) {
                throw new AssertionError("gathered " + results.size());
            }
            result("us_per_task", us / Math.max(1, count));
            return;
        }
        double[] perTask = new double[repeats];
        for (int w = 0; w < 3; w++) {
            Weft.gather(calls); // warm-up rounds, as the Python peer does
        }
        for (int r = 0; r < repeats; r++) {
            long t0 = System.nanoTime();
            List<Integer> results = Weft.gather(calls);
            perTask[r] = (System.nanoTime() - t0) / 1e3 / count;
            if (results.size() != count) {
                throw new AssertionError("gathered " + results.size());
            }
        }
        result("us_per_task", median(perTask));
    }

    /**
     * The JVM's floor for {@link #gather}: the same work on bare virtual threads (start each, join
     * each, collect the results in order), cold or in steady state alike.
     */
    private static void gatherThreads(int count, int repeats) throws InterruptedException {
        if (repeats == 0) {
            long t0 = System.nanoTime();
            int got = startAndJoin(count);
            double us = (System.nanoTime() - t0) / 1e3;
            check(got, count);
            result("us_per_task", us / Math.max(1, count));
            return;
        }
        for (int w = 0; w < 3; w++) {
            startAndJoin(count);
        }
        double[] perTask = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            long t0 = System.nanoTime();
            int got = startAndJoin(count);
            perTask[r] = (System.nanoTime() - t0) / 1e3 / count;
            check(got, count);
        }
        result("us_per_task", median(perTask));
    }

    private static int startAndJoin(int count) throws InterruptedException {
        Thread[] threads = new Thread[count];
        int[] results = new int[count];
        for (int i = 0; i < count; i++) {
            int k = i;
            threads[i] = Thread.ofVirtual().start(() -> results[k] = 1);
        }
        int sum = 0;
        for (int i = 0; i < count; i++) {
            threads[i].join();
            sum += results[i];
        }
        return sum;
    }

    private static void files(Path dir, int repeats, boolean weft) throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.sorted().toList();
        }
        double[] ms = new double[repeats];
        long warm = weft ? readAllWeft(files) : readAllNio(files);
        check(warm, files.size() * 4096L);
        for (int r = 0; r < repeats; r++) {
            long t0 = System.nanoTime();
            long bytes = weft ? readAllWeft(files) : readAllNio(files);
            ms[r] = (System.nanoTime() - t0) / 1e6;
            check(bytes, files.size() * 4096L);
        }
        result("ms", median(ms));
    }

    /** WeftFiles' concurrent multi-file read, with every file in flight at once as the peers do. */
    private static long readAllWeft(List<Path> files) throws IOException {
        long total = 0;
        for (byte[] b : WeftFiles.readAllBytes(files, files.size())) {
            total += b.length;
        }
        return total;
    }

    /** Files.readAllBytes, each file on its own virtual thread. */
    private static long readAllNio(List<Path> files) throws Exception {
        AtomicLong total = new AtomicLong();
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Path p : files) {
                ex.submit(() -> total.addAndGet(Files.readAllBytes(p).length));
            }
        }
        return total.get();
    }

    private static void check(long got, long expected) {
        if (got != expected) {
            throw new IllegalStateException("read " + got + " bytes, expected " + expected);
        }
    }

    /**
     * The median of the values.
     *
     * @param values the values (sorted in place)
     * @return their median
     */
    static double median(double[] values) {
        Arrays.sort(values);
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    /**
     * This process's peak resident set size (VmHWM), in MiB.
     *
     * @return the peak RSS, or NaN where {@code /proc} is missing
     * @throws IOException if {@code /proc/self/status} cannot be read
     */
    static double peakRssMb() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return Double.NaN;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmHWM:")) {
                String kb = line.substring(6).trim().split("\\s+")[0];
                return Long.parseLong(kb) / 1024.0;
            }
        }
        return Double.NaN;
    }

    private static void result(String key, double value) {
        System.out.println(String.format(Locale.ROOT, "RESULT %s=%.6f", key, value));
    }
}
