package dev.weft.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The in-JVM harness: measures several implementations of one comparison in rounds, interleaved, so
 * that whatever else the machine does at a given moment falls on all of them alike.
 *
 * <p>First every case is warmed up, in {@link Settings#warmupPasses()} interleaved passes (the JIT
 * compiles each while the others run, as it will in the rounds). Then each round gives every case
 * one time slice, cut into {@link Settings#parts()} parts that alternate between the cases (case
 * A's first part, B's first part, ..., A's second part, ...), in an order rotated by one per round
 * so that no case always follows a pause. A part's figure is its elapsed time divided by the units
 * it completed; the round's sample for a case is the median of its parts, so a burst of load from
 * another process that hits one part does not decide the round. The heap bytes allocated per unit
 * are counted the same way from the JVM's per-thread allocation counters (carrier threads included,
 * so a task's own allocations count).
 *
 * <p>Thread safety: not meant for concurrent use; one comparison at a time per JVM.
 */
final class Rounds {

    /**
     * One implementation in a comparison.
     *
     * @param id a short identifier, unique within its group ({@code "weft"}, {@code "sts"})
     * @param units how many units (tasks, messages) one operation completes
     * @param op runs {@code reps} operations
     */
    record Case(String id, double units, Op op) {
        /** Validates. */
        Case {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(op, "op");
            if (!(units > 0)) {
                throw new IllegalArgumentException("units must be positive: " + units);
            }
        }
    }

    /** Runs a number of operations back to back. */
    @FunctionalInterface
    interface Op {
        /**
         * Runs {@code reps} operations.
         *
         * @param reps how many, at least one
         * @throws Exception if an operation fails (the run stops)
         */
        void run(int reps) throws Exception;
    }

    /**
     * How long to measure.
     *
     * @param rounds how many rounds, each giving one sample per case
     * @param sliceMillis how long each case runs in each round
     * @param parts into how many alternating parts a slice is cut
     * @param warmupMillis how long each case is warmed up in all, before the rounds
     * @param warmupPasses in how many interleaved passes the warm-up is split
     */
    record Settings(int rounds, long sliceMillis, int parts, long warmupMillis, int warmupPasses) {
        /** Validates. */
        Settings {
            if (rounds < 1
                    || sliceMillis < 1
                    || parts < 1
                    || warmupMillis < 0
                    || warmupPasses < 1) {
                throw new IllegalArgumentException(
                        "bad settings: "
                                + rounds
                                + " rounds, "
                                + sliceMillis
                                + " ms slices, "
                                + warmupMillis
                                + " ms warm-up in "
                                + warmupPasses
                                + " passes");
            }
        }

        static Settings full() {
            return new Settings(15, 200, 5, 1500, 3);
        }

        static Settings quick() {
            return new Settings(5, 60, 3, 300, 2);
        }
    }

    /**
     * What one case measured: ns per unit per round, and (medians over the rounds) allocated bytes
     * per unit and the process's CPU time per unit, every thread's (carriers, JIT, GC) in ns.
     */
    record Measured(double[] nanosPerUnit, double bytesPerUnit, double cpuNanosPerUnit) {}

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private final Settings settings;
    private final Map<String, Integer> reps = new LinkedHashMap<>();

    Rounds(Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * Warms every case up, interleaved, and sizes its batches. Returns the warm-up's last estimate
     * of each case's cost, in ns per unit.
     *
     * @param cases the implementations
     * @return ns per unit from the last warm-up pass, by case id
     * @throws Exception if an operation fails
     */
    Map<String, Double> warmUp(List<Case> cases) throws Exception {
        Map<String, Double> estimate = new LinkedHashMap<>();
        long passNanos = settings.warmupMillis() * 1_000_000L / settings.warmupPasses();
        // a batch lasts about a tenth of a slice, so the clock is read rarely for tiny operations
        long batchNanos = Math.max(100_000L, settings.sliceMillis() * 100_000L);
        for (int pass = 0; pass < settings.warmupPasses(); pass++) {
            for (Case c : cases) {
                int n = reps.getOrDefault(c.id(), 1);
                long start = System.nanoTime();
                long done = 0;
                long elapsed;
                do {
                    long t0 = System.nanoTime();
                    c.op().run(n);
                    long took = System.nanoTime() - t0;
                    done += n;
                    if (took < batchNanos / 2 && n < (1 << 24)) {
                        n =
                                (int)
                                        Math.min(
                                                1 << 24,
                                                Math.max(
                                                        n * 2L,
                                                        n * batchNanos / Math.max(1, took)));
                    }
                    elapsed = System.nanoTime() - start;
                } while (elapsed < passNanos);
                reps.put(c.id(), n);
                estimate.put(c.id(), elapsed / (done * c.units()));
            }
        }
        return estimate;
    }

    /**
     * Measures every case for {@link Settings#rounds()} rounds, interleaved. Call {@link #warmUp}
     * first.
     *
     * @param cases the implementations
     * @return what each measured, by case id, in the cases' order
     * @throws Exception if an operation fails
     */
    Map<String, Measured> measure(List<Case> cases) throws Exception {
        int k = cases.size();
        int parts = settings.parts();
        double[][] samples = new double[k][settings.rounds()];
        double[][] bytes = new double[k][settings.rounds()];
        long partNanos = Math.max(1, settings.sliceMillis() * 1_000_000L / parts);
        double[][] partNs = new double[k][parts];
        double[][] partBytes = new double[k][parts];
        double[][] cpu = new double[k][settings.rounds()];
        double[][] partCpu = new double[k][parts];
        for (int r = 0; r < settings.rounds(); r++) {
            for (int part = 0; part < parts; part++) {
                for (int i = 0; i < k; i++) {
                    int idx = (i + r) % k;
                    Case c = cases.get(idx);
                    int n = reps.getOrDefault(c.id(), 1);
                    long a0 = THREADS.getTotalThreadAllocatedBytes();
                    long c0 = OS.getProcessCpuTime();
                    long start = System.nanoTime();
                    long done = 0;
                    long elapsed;
                    do {
                        c.op().run(n);
                        done += n;
                        elapsed = System.nanoTime() - start;
                    } while (elapsed < partNanos);
                    long c1 = OS.getProcessCpuTime();
                    long a1 = THREADS.getTotalThreadAllocatedBytes();
                    partNs[idx][part] = elapsed / (done * c.units());
                    partCpu[idx][part] =
                            c0 < 0 || c1 < 0 ? Double.NaN : (c1 - c0) / (done * c.units());
                    partBytes[idx][part] =
                            a0 < 0 || a1 < 0 ? Double.NaN : (a1 - a0) / (done * c.units());
                }
            }
            for (int i = 0; i < k; i++) {
                samples[i][r] = Spread.of(partNs[i]).median();
                bytes[i][r] = medianOfFinite(partBytes[i]);
                cpu[i][r] = medianOfFinite(partCpu[i]);
            }
        }
        Map<String, Measured> out = new LinkedHashMap<>();
        for (int i = 0; i < k; i++) {
            out.put(
                    cases.get(i).id(),
                    new Measured(samples[i], medianOfFinite(bytes[i]), medianOfFinite(cpu[i])));
        }
        return out;
    }

    private static double medianOfFinite(double[] values) {
        List<Double> finite = new ArrayList<>();
        for (double b : values) {
            if (Double.isFinite(b)) {
                finite.add(b);
            }
        }
        return finite.isEmpty()
                ? Double.NaN
                : Spread.of(finite.stream().mapToDouble(Double::doubleValue).toArray()).median();
    }

    /**
     * Busy-waits for {@code nanos}: the deliberate extra cost of the calibration variant.
     *
     * @param nanos how long
     */
    static void spin(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() - end < 0) {
            Thread.onSpinWait();
        }
    }
}
