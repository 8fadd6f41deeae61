package dev.weft.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * HTTP clients interleaved in rounds in one JVM against one nginx on loopback: each round runs
 * every client once (the order rotates from round to round), each run is {@code requests} GETs of 1
 * KiB, one virtual thread per GET, at most {@code concurrency} in flight behind a semaphore, so
 * every client meets the same harness, JIT state and machine load. Prints each client's median and
 * min–max requests/s and its ratio to java.net.http, and {@code RESULT} lines for the bench.
 *
 * <p>Usage: {@code EngineComparison [REQUESTS [CONCURRENCY [ROUNDS [CLIENTS]]]]}, CLIENTS a
 * comma-separated list of {@link GetClients#create} names (default: all). Starts its own nginx
 * (Debian's {@code nginx-light}; {@code bench/run.sh} installs it).
 */
public final class EngineComparison {
    private EngineComparison() {}

    /** Per-client requests/s of every round, in the order the clients were given. */
    record Rates(Map<String, String> names, Map<String, double[]> rates) {}

    /**
     * Runs the comparison.
     *
     * @param args see the type's documentation
     * @throws Exception if nginx cannot start or a client fails
     */
    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        List<String> kinds =
                args.length > 3 ? List.of(args[3].split(",")) : GetClients.ENGINE_CANDIDATES;
        Path binary = Nginx.binary();
        if (binary == null) {
            throw new IllegalStateException(
                    "nginx is not installed (bench/run.sh installs nginx-light)");
        }
        Path dir = Files.createTempDirectory("weft-engines");
        Rates r;
        try (Nginx nginx = Nginx.start(binary, dir)) {
            r = run(nginx.uri(), kinds, requests, concurrency, rounds);
        }
        print(r, requests, concurrency, rounds);
    }

    /**
     * Runs every client in interleaved rounds after one warm-up run each.
     *
     * @param uri the URL to GET
     * @param kinds the clients
     * @param requests GETs per run
     * @param concurrency GETs in flight
     * @param rounds measured rounds
     * @return the rates
     * @throws Exception if a client fails
     */
    static Rates run(URI uri, List<String> kinds, int requests, int concurrency, int rounds)
            throws Exception {
        Map<String, GetClients.GetClient> clients = new LinkedHashMap<>();
        Map<String, String> names = new LinkedHashMap<>();
        Map<String, double[]> rates = new LinkedHashMap<>();
        try {
            for (String k : kinds) {
                GetClients.GetClient c = GetClients.create(k, uri, concurrency);
                clients.put(k, c);
                names.put(k, c.name());
                rates.put(k, new double[rounds]);
            }
            for (GetClients.GetClient c : clients.values()) {
                runOnce(
                        c,
                        Math.max(requests / 2, Math.min(requests, 2_000)),
                        concurrency); // warm-up
            }
            List<String> order = new ArrayList<>(kinds);
            for (int round = 0; round < rounds; round++) {
                for (String k : order) {
                    rates.get(k)[round] = runOnce(clients.get(k), requests, concurrency);
                }
                order.add(order.remove(0));
                StringBuilder line = new StringBuilder("ROUND " + (round + 1));
                for (String k : kinds) {
                    line.append(String.format(Locale.ROOT, " %s=%.0f", k, rates.get(k)[round]));
                }
                System.out.println(line);
            }
        } finally {
            for (GetClients.GetClient c : clients.values()) {
                c.close();
            }
        }
        return new Rates(names, rates);
    }

    /**
     * One run: {@code requests} GETs, one virtual thread each, at most {@code concurrency} at once.
     */
    static double runOnce(GetClients.GetClient client, int requests, int concurrency)
            throws Exception {
        Semaphore permits = new Semaphore(concurrency);
        AtomicLong bytes = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread[] threads = new Thread[requests];
        long t0 = System.nanoTime();
        for (int i = 0; i < requests; i++) {
            permits.acquire();
            threads[i] =
                    Thread.ofVirtual()
                            .start(
                                    () -> {
                                        try {
                                            bytes.addAndGet(client.get());
                                        } catch (Throwable t) {
                                            failure.compareAndSet(null, t);
                                        } finally {
                                            permits.release();
                                        }
                                    });
        }
        for (Thread t : threads) {
            t.join();
        }
        double rate = requests / ((System.nanoTime() - t0) / 1e9);
        if (failure.get() != null) {
            throw new IllegalStateException(client.name() + " failed", failure.get());
        }
        if (bytes.get() != (long) requests * Nginx.BODY_BYTES) {
            throw new IllegalStateException(client.name() + " read " + bytes.get() + " bytes");
        }
        return rate;
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    static void print(Rates r, int requests, int concurrency, int rounds) {
        System.out.printf(
                Locale.ROOT,
                "%,d GETs of 1 KiB, concurrency %d, %d interleaved rounds, nginx on loopback%n",
                requests,
                concurrency,
                rounds);
        System.out.printf(
                Locale.ROOT,
                "| client | req/s median | min–max | vs java.net.http, paired by round (median; min–max) |%n");
        System.out.printf(Locale.ROOT, "|---|---:|---:|---:|%n");
        double[] base = r.rates().get("jdk");
        for (var e : r.rates().entrySet()) {
            double[] v = e.getValue();
            double med = median(v);
            String ratio = "—";
            if (base != null) {
                // Paired: each round's ratio compares two runs made back to back under the same
                // load.
                double[] paired = new double[v.length];
                for (int i = 0; i < v.length; i++) {
                    paired[i] = v[i] / base[i];
                }
                ratio =
                        String.format(
                                Locale.ROOT,
                                "%.2f× (%.2f–%.2f)",
                                median(paired),
                                Arrays.stream(paired).min().orElseThrow(),
                                Arrays.stream(paired).max().orElseThrow());
                System.out.printf(
                        Locale.ROOT, "RESULT %s_ratio_median=%.4f%n", e.getKey(), median(paired));
                System.out.printf(
                        Locale.ROOT,
                        "RESULT %s_ratio_min=%.4f%n",
                        e.getKey(),
                        Arrays.stream(paired).min().orElseThrow());
                System.out.printf(
                        Locale.ROOT,
                        "RESULT %s_ratio_max=%.4f%n",
                        e.getKey(),
                        Arrays.stream(paired).max().orElseThrow());
            }
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %,.0f | %,.0f–%,.0f | %s |%n",
                    r.names().get(e.getKey()),
                    med,
                    Arrays.stream(v).min().orElseThrow(),
                    Arrays.stream(v).max().orElseThrow(),
                    ratio);
            double[] weft = r.rates().get("weft");
            if (weft != null && !e.getKey().equals("weft")) {
                double[] paired = new double[v.length];
                for (int i = 0; i < v.length; i++) {
                    paired[i] = weft[i] / v[i];
                }
                System.out.printf(
                        Locale.ROOT,
                        "RESULT weft_vs_%s_median=%.4f%nRESULT weft_vs_%s_min=%.4f%n"
                                + "RESULT weft_vs_%s_max=%.4f%n",
                        e.getKey(),
                        median(paired),
                        e.getKey(),
                        Arrays.stream(paired).min().orElseThrow(),
                        e.getKey(),
                        Arrays.stream(paired).max().orElseThrow());
            }
            System.out.printf(Locale.ROOT, "RESULT %s_median=%.3f%n", e.getKey(), med);
            System.out.printf(
                    Locale.ROOT,
                    "RESULT %s_min=%.3f%n",
                    e.getKey(),
                    Arrays.stream(v).min().orElseThrow());
            System.out.printf(
                    Locale.ROOT,
                    "RESULT %s_max=%.3f%n",
                    e.getKey(),
                    Arrays.stream(v).max().orElseThrow());
        }
    }
}
