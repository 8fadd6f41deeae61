package dev.weft.bench;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * CPU time and heap allocation per HTTP call, measured on one platform thread making sequential
 * GETs (so the thread's own counters see the whole call): what a client costs per call, apart from
 * the machine's load, which makes wall-clock rates noisy. Clients are interleaved in rounds.
 *
 * <p>Usage: {@code CallCost [CALLS [ROUNDS [CLIENTS]]]} (default 5,000 calls, 7 rounds, {@code
 * apache,weft}). Starts its own nginx.
 */
public final class CallCost {
    private CallCost() {}

    /**
     * Runs the measurement.
     *
     * @param args see the type's documentation
     * @throws Exception if nginx or a client fails
     */
    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        List<String> kinds = List.of((args.length > 2 ? args[2] : "apache,weft").split(","));
        Path dir = Files.createTempDirectory("weft-callcost");
        try (Nginx nginx = Nginx.start(Nginx.binary(), dir)) {
            measure(nginx.uri(), calls, rounds, kinds);
        }
    }

    /**
     * Measures and prints each client's CPU time and allocation per call, with {@code RESULT} lines
     * ({@code KIND_cpu_round_N} for each round, {@code KIND_cpu_us}, {@code KIND_cpu_us_min},
     * {@code KIND_cpu_us_max}, {@code KIND_alloc_bytes}).
     *
     * @param uri the URL to GET
     * @param calls sequential calls per run
     * @param rounds measured rounds, after two warm-up rounds
     * @param kinds the clients ({@link GetClients#create} names)
     * @throws Exception if a client fails
     */
    static void measure(URI uri, int calls, int rounds, List<String> kinds) throws Exception {
        com.sun.management.ThreadMXBean mx =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Map<String, List<double[]>> results = new LinkedHashMap<>();
        Map<String, GetClients.GetClient> clients = new LinkedHashMap<>();
        try {
            for (String k : kinds) {
                clients.put(k, GetClients.create(k, uri, 4));
                results.put(k, new ArrayList<>());
            }
            for (int round = -2; round < rounds; round++) { // two warm-up rounds
                for (var e : clients.entrySet()) {
                    long cpu0 = mx.getCurrentThreadCpuTime();
                    long alloc0 = mx.getCurrentThreadAllocatedBytes();
                    for (int i = 0; i < calls; i++) {
                        e.getValue().get();
                    }
                    double cpu = (mx.getCurrentThreadCpuTime() - cpu0) / 1e3 / calls;
                    double alloc = (mx.getCurrentThreadAllocatedBytes() - alloc0) / (double) calls;
                    if (round >= 0) {
                        results.get(e.getKey()).add(new double[] {cpu, alloc});
                    }
                }
            }
        } finally {
            for (GetClients.GetClient c : clients.values()) {
                c.close();
            }
        }
        for (var e : results.entrySet()) {
            double[] cpu = e.getValue().stream().mapToDouble(v -> v[0]).toArray();
            double[] alloc = e.getValue().stream().mapToDouble(v -> v[1]).toArray();
            double min = java.util.Arrays.stream(cpu).min().orElseThrow();
            double max = java.util.Arrays.stream(cpu).max().orElseThrow();
            System.out.printf(
                    Locale.ROOT,
                    "%-8s cpu µs/call median %.1f (%.1f–%.1f)  alloc B/call median %.0f%n",
                    e.getKey(),
                    EngineComparison.median(cpu),
                    min,
                    max,
                    EngineComparison.median(alloc));
            for (int i = 0; i < cpu.length; i++) {
                System.out.printf(
                        Locale.ROOT, "RESULT %s_cpu_round_%d=%.3f%n", e.getKey(), i + 1, cpu[i]);
            }
            System.out.printf(
                    Locale.ROOT,
                    "RESULT %s_cpu_us=%.3f%nRESULT %s_cpu_us_min=%.3f%nRESULT %s_cpu_us_max=%.3f%n"
                            + "RESULT %s_alloc_bytes=%.0f%n",
                    e.getKey(),
                    EngineComparison.median(cpu),
                    e.getKey(),
                    min,
                    e.getKey(),
                    max,
                    e.getKey(),
                    EngineComparison.median(alloc));
        }
    }
}
