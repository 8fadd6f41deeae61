package dev.weft.bench;

import dev.weft.TaskTree;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * The in-JVM comparison groups: for each, the cases (Weft and its peers) that {@link GroupMain}
 * measures interleaved in one JVM. The report side ({@link InProcessSuite}) turns a group's figures
 * into {@link Comparison}s.
 *
 * <p>Thread safety: a group is driven by one thread.
 */
final class Groups {
    /** Every group of a full run, in report order. */
    static final List<String> ALL =
            List.of(
                    "calibration",
                    "forkjoin-1",
                    "forkjoin-100",
                    "forkjoin-10000",
                    "gather-100",
                    "race-4",
                    "timeout",
                    "debug-100",
                    "channel-pingpong-0",
                    "channel-pingpong-16",
                    "channel-pingpong-100",
                    "channel-pc-0",
                    "channel-pc-16",
                    "channel-pc-100",
                    "limiter-uncontended",
                    "limiter-contended");

    /** How much slower the calibration variant is made, as a fraction of the baseline's cost. */
    static final double CALIBRATION_SLOWDOWN = 0.10;

    /**
     * One group's cases and what they hold.
     *
     * @param cases the implementations, measured interleaved
     * @param resources closed after the rounds
     * @param afterWarmUp called with the warm-up's estimates (ns per unit, by case id) and a list
     *     to add notes to, before the rounds; may be null
     */
    record Group(
            List<Rounds.Case> cases,
            List<AutoCloseable> resources,
            BiConsumer<Map<String, Double>, List<String>> afterWarmUp) {}

    private Groups() {}

    /**
     * Builds a group.
     *
     * @param id one of {@link #ALL}
     * @return its cases
     * @throws IllegalArgumentException for an unknown id
     */
    static Group create(String id) {
        List<Rounds.Case> cases = new ArrayList<>();
        List<AutoCloseable> resources = new ArrayList<>();
        BiConsumer<Map<String, Double>, List<String>> after = null;
        String[] parts = id.split("-");
        switch (parts[0]) {
            case "calibration" -> {
                // The harness must see a 10 % change: bare virtual threads forking and joining 100
                // no-op tasks, beside the same batch followed by a busy wait of 10 % of the
                // batch's warmed-up cost.
                ForkJoinWork w = new ForkJoinWork(100);
                resources.add(w);
                AtomicLong spin = new AtomicLong();
                cases.add(
                        new Rounds.Case(
                                "base",
                                100,
                                reps -> {
                                    for (int i = 0; i < reps; i++) {
                                        w.virtualThreads();
                                    }
                                }));
                cases.add(
                        new Rounds.Case(
                                "slower",
                                100,
                                reps -> {
                                    for (int i = 0; i < reps; i++) {
                                        w.virtualThreads();
                                        Rounds.spin(spin.get());
                                    }
                                }));
                after =
                        (estimate, notes) -> {
                            // the baseline's cost per batch, as the median of 15 short runs of it
                            // alone
                            double[] perBatch = new double[15];
                            try {
                                for (int i = 0; i < perBatch.length; i++) {
                                    long t0 = System.nanoTime();
                                    int batches = 0;
                                    do {
                                        w.virtualThreads();
                                        batches++;
                                    } while (System.nanoTime() - t0 < 20_000_000L);
                                    perBatch[i] = (System.nanoTime() - t0) / (double) batches;
                                }
                            } catch (InterruptedException e) {
                                throw new IllegalStateException(e);
                            }
                            double base = Spread.of(perBatch).median();
                            spin.set(Math.round(base * CALIBRATION_SLOWDOWN));
                            notes.add(
                                    String.format(
                                            java.util.Locale.ROOT,
                                            "calibration: a base batch took %.1f µs "
                                                    + "(median of 15 runs after warm-up); the slower variant busy-waits %.1f µs more per "
                                                    + "batch",
                                            base / 1000,
                                            spin.get() / 1000.0));
                        };
            }
            case "forkjoin" -> {
                int n = Integer.parseInt(parts[1]);
                ForkJoinWork w = new ForkJoinWork(n);
                resources.add(w);
                cases.add(batch("weft", n, w::weftScope));
                cases.add(batch("threads", n, w::virtualThreads));
                if (w.hasStructured()) {
                    cases.add(batch("sts", n, w::structuredTaskScope));
                }
                cases.add(batch("executor", n, w::virtualThreadExecutor));
                cases.add(batch("cf", n, w::completableFuture));
                cases.add(
                        batch(
                                "weft-vt-owner",
                                n,
                                () -> ForkJoinWork.onVirtualOwner(r -> w.weftScope())));
                cases.add(
                        batch(
                                "threads-vt-owner",
                                n,
                                () -> ForkJoinWork.onVirtualOwner(r -> w.virtualThreads())));
            }
            case "gather" -> {
                int n = Integer.parseInt(parts[1]);
                GatherWork w = new GatherWork(n);
                resources.add(w);
                cases.add(valued("weft", n, w::weftGather));
                cases.add(valued("invokeAll", n, w::executorInvokeAll));
                cases.add(valued("cf", n, w::completableFutureAllOf));
                if (Peers.hasStructured()) {
                    cases.add(valued("sts", n, w::structuredTaskScope));
                }
            }
            case "race" -> {
                RaceWork w = new RaceWork(Integer.parseInt(parts[1]));
                cases.add(valued("weft", 1, w::weftRace));
                cases.add(valued("invokeAny", 1, w::executorInvokeAny));
                if (Peers.hasStructured()) {
                    cases.add(valued("sts", 1, w::structuredTaskScope));
                }
            }
            case "timeout" -> {
                TimeoutWork w = new TimeoutWork();
                resources.add(w);
                cases.add(valued("weft", 1, w::weftWithTimeout));
                cases.add(valued("futureGet", 1, w::executorFutureGet));
                cases.add(valued("cfOrTimeout", 1, w::completableFutureOrTimeout));
                if (Peers.hasStructured()) {
                    cases.add(valued("sts", 1, w::structuredTaskScope));
                }
            }
            case "debug" -> {
                int n = Integer.parseInt(parts[1]);
                ForkJoinWork w = new ForkJoinWork(n);
                resources.add(w);
                resources.add(() -> TaskTree.setDebug(false));
                cases.add(
                        batch(
                                "off",
                                n,
                                () -> {
                                    TaskTree.setDebug(false);
                                    w.weftScope();
                                }));
                cases.add(
                        batch(
                                "on",
                                n,
                                () -> {
                                    TaskTree.setDebug(true);
                                    try {
                                        w.weftScope();
                                    } finally {
                                        TaskTree.setDebug(false);
                                    }
                                }));
                cases.add(batch("threads", n, w::virtualThreads));
                long[] sink = new long[1];
                cases.add(
                        new Rounds.Case(
                                "flag-read",
                                1,
                                reps -> {
                                    long s = 0;
                                    for (int i = 0; i < reps; i++) {
                                        s += TaskTree.isDebug() ? 1 : 0;
                                    }
                                    sink[0] += s;
                                }));
            }
            case "channel" -> {
                boolean pingPong = parts[1].equals("pingpong");
                int capacity = Integer.parseInt(parts[2]);
                List<ChannelWork.Impl> impls =
                        capacity == 0
                                ? List.of(
                                        ChannelWork.Impl.WEFT,
                                        ChannelWork.Impl.JOX,
                                        ChannelWork.Impl.SYNCHRONOUS_QUEUE,
                                        ChannelWork.Impl.LINKED_TRANSFER_QUEUE)
                                : List.of(
                                        ChannelWork.Impl.WEFT,
                                        ChannelWork.Impl.JOX,
                                        ChannelWork.Impl.ARRAY_BLOCKING_QUEUE);
                for (ChannelWork.Impl impl : impls) {
                    cases.add(
                            batch(
                                    impl.name(),
                                    ChannelWork.MESSAGES,
                                    pingPong
                                            ? () -> ChannelWork.pingPong(impl, capacity)
                                            : () -> ChannelWork.producerConsumer(impl, capacity)));
                }
            }
            case "limiter" -> {
                LimiterWork w = new LimiterWork();
                if (parts[1].equals("uncontended")) {
                    cases.add(new Rounds.Case("weft", 1, w::limiterUncontended));
                    cases.add(new Rounds.Case("fair", 1, w::fairSemaphoreUncontended));
                    cases.add(new Rounds.Case("unfair", 1, w::semaphoreUncontended));
                } else {
                    int units = LimiterWork.THREADS * LimiterWork.ROUNDS;
                    cases.add(batch("weft", units, w::limiterContended));
                    cases.add(batch("fair", units, w::fairSemaphoreContended));
                    cases.add(batch("unfair", units, w::semaphoreContended));
                }
            }
            default -> throw new IllegalArgumentException("unknown group " + id);
        }
        return new Group(cases, resources, after);
    }

    /** A batch operation that runs once per rep. */
    @FunctionalInterface
    private interface Batch {
        Object run() throws Exception;
    }

    /** A batch operation with no result. */
    @FunctionalInterface
    private interface VoidBatch {
        void run() throws Exception;
    }

    private static Rounds.Case valued(String id, double units, Batch b) {
        return new Rounds.Case(
                id,
                units,
                reps -> {
                    for (int i = 0; i < reps; i++) {
                        if (b.run() == null) {
                            throw new AssertionError(id + " returned null");
                        }
                    }
                });
    }

    private static Rounds.Case batch(String id, double units, VoidBatch b) {
        return new Rounds.Case(
                id,
                units,
                reps -> {
                    for (int i = 0; i < reps; i++) {
                        b.run();
                    }
                });
    }
}
