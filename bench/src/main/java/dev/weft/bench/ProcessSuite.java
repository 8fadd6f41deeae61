package dev.weft.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole-process comparisons: each case runs in a process of its own (a fresh JVM, or
 * Python) so that wall time and peak RSS belong to that case alone. Python peers run on the
 * Debian interpreter ({@code /usr/bin/python3}), where {@code python3-aiohttp} and
 * {@code python3-aiofiles} install; nginx is Debian's.
 *
 * <p>Thread safety: not meant for concurrent use.
 */
final class ProcessSuite {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessSuite.class);

    /** Sizes of one run. */
    record Sizes(int sleepers, int gatherTasks, int gatherRepeats, int files, int fileRepeats, int requests,
            int httpRepeats) {
        static Sizes quick() {
            return new Sizes(100_000, 100_000, 2, 2_000, 2, 2_000, 1);
        }

        static Sizes full() {
            return new Sizes(1_000_000, 100_000, 5, 10_000, 5, 10_000, 5);
        }
    }

    private static final int CONCURRENCY = 100;

    private final Sizes sizes;
    private final String java;
    private final String classPath;
    private final boolean structured;
    private final List<String> notes;
    private final Path work;
    private final Path scripts;

    ProcessSuite(Sizes sizes, String classPath, boolean structured, List<String> notes) throws IOException {
        this.sizes = sizes;
        this.java = ProcessHandle.current().info().command().orElse("java");
        this.classPath = classPath;
        this.structured = structured;
        this.notes = notes;
        this.work = Files.createTempDirectory("weft-bench");
        this.scripts = Files.createDirectories(work.resolve("python"));
        for (String s : List.of("asyncio_sleepers.py", "asyncio_gather.py", "aiofiles_read.py", "aiohttp_get.py")) {
            try (InputStream in = ProcessSuite.class.getClassLoader().getResourceAsStream("python/" + s)) {
                if (in == null) {
                    throw new IOException("resource python/" + s + " missing from the bench jar");
                }
                Files.copy(in, scripts.resolve(s));
            }
        }
    }

    /** Runs every whole-process comparison and returns them. */
    List<Comparison> run() throws IOException, InterruptedException {
        List<Comparison> out = new ArrayList<>();
        String py = python("asyncio");
        out.addAll(sleepers(py));
        out.add(gather(py));
        out.add(files(python("aiofiles")));
        out.addAll(http(python("aiohttp")));
        deleteTree(work);
        return out;
    }

    private List<Comparison> sleepers(String py) throws IOException, InterruptedException {
        int n = sizes.sleepers();
        String ms = "1000";
        Map<String, Double> weft = javaCase(List.of("sleepers", "weft", Integer.toString(n), ms));
        Map<String, Double> threads = javaCase(List.of("sleepers", "threads", Integer.toString(n), ms));
        Map<String, Double> sts = structured
                ? javaCase(List.of("sleepers", "sts", Integer.toString(n), ms)) : Map.of();
        Map<String, Double> asyncio = py != null ? pyCase(py, List.of("asyncio_sleepers.py", Integer.toString(n), ms)) : Map.of();
        String title = String.format("%,d concurrent 1-second sleepers in one scope", n);
        String note = "Each in a fresh process (JVM with default heap settings, or Python): one scope / "
                + "TaskGroup forks every sleeper, then joins. Wall time from the first fork to the end of "
                + "the join (ideal: 1 s); peak RSS is the process's VmHWM.";
        List<Comparison> out = new ArrayList<>();
        out.add(Comparison.of(title + ": wall time", "s", true, Figure.of("Weft", weft.get("wall_s")), note, List.of(
                new Comparison.Peer(fig("bare virtual threads", threads, "wall_s"), null),
                new Comparison.Peer(fig("StructuredTaskScope (JDK 25 preview)", sts, "wall_s"),
                        new Target(1.0, "wall ≤ 1.0× StructuredTaskScope")),
                new Comparison.Peer(fig("Python asyncio TaskGroup", asyncio, "wall_s"), null))));
        out.add(Comparison.of(title + ": peak RSS", "MiB", true, Figure.of("Weft", weft.get("rss_mb")), note, List.of(
                new Comparison.Peer(fig("bare virtual threads", threads, "rss_mb"), null),
                new Comparison.Peer(fig("StructuredTaskScope (JDK 25 preview)", sts, "rss_mb"),
                        new Target(1 / 1.1, "RSS ≤ 1.1× StructuredTaskScope")),
                new Comparison.Peer(fig("Python asyncio TaskGroup", asyncio, "rss_mb"), null))));
        return out;
    }

    private Comparison gather(String py) throws IOException, InterruptedException {
        int n = sizes.gatherTasks();
        String reps = Integer.toString(sizes.gatherRepeats());
        Map<String, Double> weft = javaCase(List.of("gather", Integer.toString(n), reps));
        Map<String, Double> g = py != null ? pyCase(py, List.of("asyncio_gather.py", "gather", Integer.toString(n), reps)) : Map.of();
        Map<String, Double> tg = py != null
                ? pyCase(py, List.of("asyncio_gather.py", "taskgroup", Integer.toString(n), reps)) : Map.of();
        Target t25 = new Target(25, "≥ 25× faster per task than asyncio");
        return Comparison.of(String.format("%,d no-op tasks gathered (whole process)", n), "µs/task", true,
                Figure.of("Weft gather", weft.get("us_per_task")),
                "Median of " + reps + " gathers after three warm-up gathers (steady state: the JIT has "
                        + "compiled the fork path), one process per implementation; called from the main thread.", List.of(
                        new Comparison.Peer(fig("Python asyncio.gather", g, "us_per_task"), t25),
                        new Comparison.Peer(fig("Python asyncio.TaskGroup", tg, "us_per_task"), t25)));
    }

    private Comparison files(String py) throws IOException, InterruptedException {
        int n = sizes.files();
        Path dir = Files.createDirectories(work.resolve("files"));
        byte[] block = new byte[4096];
        for (int i = 0; i < n; i++) {
            block[0] = (byte) i;
            Files.write(dir.resolve(String.format("f%05d.bin", i)), block);
        }
        String reps = Integer.toString(sizes.fileRepeats());
        Map<String, Double> weft = javaCase(List.of("files-weft", dir.toString(), reps));
        Map<String, Double> nio = javaCase(List.of("files-nio", dir.toString(), reps));
        Map<String, Double> aio = py != null ? pyCase(py, List.of("aiofiles_read.py", dir.toString(), reps)) : Map.of();
        return Comparison.of(String.format("%,d files of 4 KiB read concurrently", n), "ms", true,
                Figure.of("Weft WeftFiles.readAllBytes(paths, concurrency = all)", weft.get("ms")),
                "Every file in flight at once: Weft's multi-file read (one virtual thread per file), plain "
                        + "Files.readAllBytes on one virtual thread per file, aiofiles with one task per file "
                        + "under asyncio.gather. Median of " + reps + " rounds after a warm-up (page cache "
                        + "warm).", List.of(
                        new Comparison.Peer(fig("Files.readAllBytes on virtual threads", nio, "ms"),
                                new Target(0.95, "≥ 0.95× plain NIO")),
                        new Comparison.Peer(fig("Python aiofiles", aio, "ms"),
                                new Target(5, "≥ 5× aiofiles"))));
    }

    /**
     * The HTTP rows. Every Java client runs in one JVM, interleaved in rounds
     * ({@link EngineComparison}): Weft's {@code HttpSession}, raw {@code java.net.http}, raw Apache
     * HttpClient 5 (Weft's engine) and the socket floor; aiohttp in its own process. Then the CPU
     * time per call of Weft and of its engine used raw ({@link CallCost}), which shows Weft's own
     * per-call work apart from the machine's load.
     */
    private List<Comparison> http(String py) throws IOException, InterruptedException {
        Path binary = Nginx.binary();
        if (binary == null) {
            notes.add("HTTP comparison skipped: nginx is not installed (bench/run.sh installs it)");
            return List.of();
        }
        int n = sizes.requests();
        String rounds = Integer.toString(sizes.httpRepeats());
        String conc = Integer.toString(CONCURRENCY);
        Map<String, Double> rates;
        Map<String, Double> cost;
        Map<String, Double> aio;
        try (Nginx nginx = Nginx.start(binary, Files.createDirectories(work.resolve("nginx")))) {
            String url = nginx.uri().toString();
            rates = javaCase(List.of("http-engines", url, Integer.toString(n), conc, rounds, "weft,jdk,apache,socket"));
            cost = javaCase(List.of("http-callcost", url, Integer.toString(Math.max(1_000, n / 2)), rounds,
                    "apache,weft"));
            aio = py != null ? pyCase(py, List.of("aiohttp_get.py", url, Integer.toString(n), conc, rounds)) : Map.of();
        }
        List<Comparison> out = new ArrayList<>();
        Double weft = rates.get("weft_median");
        if (weft != null) {
            String spread = String.format(Locale.ROOT, "Paired per round (Weft / peer, median and min–max "
                    + "of %s rounds): java.net.http %s, Apache HttpClient 5 raw %s, socket floor %s.", rounds,
                    paired(rates, "jdk"), paired(rates, "apache"), paired(rates, "socket"));
            out.add(Comparison.of(String.format("%,d HTTP GETs of 1 KiB, concurrency %d, nginx on loopback", n,
                            CONCURRENCY),
                    "requests/s", false, Figure.of("Weft HttpSession", weft),
                    "One nginx worker on 127.0.0.1 (keep-alive) serves every side. The Java clients run in one JVM, "
                            + "interleaved in rounds (EngineComparison), each GET on its own virtual thread behind a "
                            + "Semaphore(100): Weft's HttpSession (limits 100 total and per host, retries and "
                            + "timeouts at their defaults, on Apache HttpClient 5 classic), raw java.net.http "
                            + "(HTTP/1.1), raw Apache HttpClient 5 classic (Weft's engine, pool of 100), and a "
                            + "minimal blocking keep-alive socket loop (the floor no client can beat). aiohttp: one "
                            + "ClientSession, TCPConnector(limit=100), a Semaphore(100), in its own process. "
                            + "Medians of " + rounds + " rounds after a warm-up run. " + spread, List.of(
                            new Comparison.Peer(fig("raw java.net.http.HttpClient (virtual threads)", rates,
                                    "jdk_median"), new Target(1.5, "≥ 1.5× raw java.net.http")),
                            new Comparison.Peer(fig("raw Apache HttpClient 5 classic (Weft's engine)", rates,
                                    "apache_median"), new Target(1 / 1.1, "Weft ≤ 10 % below its engine used raw")),
                            new Comparison.Peer(fig("socket keep-alive loop (floor)", rates, "socket_median"),
                                    new Target(0.5, "moonshot: ≥ 0.5× the socket floor")),
                            new Comparison.Peer(fig("Python aiohttp", aio, "requests_per_s"),
                                    new Target(4, "≥ 4× aiohttp")))));
        }
        Double weftCpu = cost.get("weft_cpu_us");
        if (weftCpu != null) {
            out.add(Comparison.of("CPU time per HTTP GET of 1 KiB (one thread, sequential)", "µs/call", true,
                    Figure.of("Weft HttpSession", weftCpu),
                    String.format(Locale.ROOT, "The calling thread's own CPU time per call (CallCost), "
                            + "sequential GETs on one platform thread, %s interleaved rounds after two warm-up rounds: "
                            + "Weft's per-call work (URL, headers, permits, timeouts, retries, events) on top of its "
                            + "engine. Ranges: Weft %.1f–%.1f µs, raw Apache %.1f–%.1f µs. Allocation per call: Weft "
                            + "%.0f B, raw Apache %.0f B.", rounds, cost.get("weft_cpu_us_min"),
                            cost.get("weft_cpu_us_max"), cost.get("apache_cpu_us_min"), cost.get("apache_cpu_us_max"),
                            cost.get("weft_alloc_bytes"), cost.get("apache_alloc_bytes")), List.of(
                            new Comparison.Peer(fig("raw Apache HttpClient 5 classic (Weft's engine)", cost,
                                    "apache_cpu_us"), new Target(1 / 1.1, "Weft's per-call work ≤ 10 % over its engine")))));
        }
        return out;
    }

    private static String paired(Map<String, Double> r, String peer) {
        Double med = r.get("weft_vs_" + peer + "_median");
        return med == null ? "n/a" : String.format(Locale.ROOT, "%.2f× (%.2f–%.2f)", med,
                r.get("weft_vs_" + peer + "_min"), r.get("weft_vs_" + peer + "_max"));
    }

    private static Figure fig(String name, Map<String, Double> results, String key) {
        Double v = results.get(key);
        return v == null ? null : Figure.of(name, v);
    }

    private Map<String, Double> javaCase(List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(java));
        if (structured) {
            cmd.add("--enable-preview");
        }
        cmd.addAll(List.of("-cp", classPath, ProcessMain.class.getName()));
        cmd.addAll(args);
        return exec(cmd);
    }

    private Map<String, Double> pyCase(String py, List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(py, scripts.resolve(args.get(0)).toString()));
        cmd.addAll(args.subList(1, args.size()));
        return exec(cmd);
    }

    private Map<String, Double> exec(List<String> cmd) throws IOException, InterruptedException {
        int main = cmd.indexOf(ProcessMain.class.getName());
        String shown = main >= 0 ? "java " + String.join(" ", cmd.subList(main + 1, cmd.size()))
                : String.join(" ", cmd);
        LOG.info("process: {}", shown);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        Map<String, Double> results = new HashMap<>();
        StringBuilder output = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null;) {
                if (line.startsWith("RESULT ")) {
                    String[] kv = line.substring(7).split("=", 2);
                    results.put(kv[0], Double.parseDouble(kv[1]));
                } else if (output.length() < 4000) {
                    output.append(line).append('\n');
                }
            }
        }
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
        }
        if (p.exitValue() != 0 || results.isEmpty()) {
            notes.add("case '" + shown + "' failed (exit " + p.exitValue() + "): " + output.toString().strip());
            LOG.warn("process failed: {}\n{}", shown, output);
            return Map.of();
        }
        LOG.info("  -> {}", results);
        return results;
    }

    /**
     * The Python to run the peers with: Debian's interpreter first (where the Debian packages
     * install), then {@code python3} from the PATH; the first that can import {@code module}.
     */
    private String python(String module) throws InterruptedException {
        for (String candidate : List.of("/usr/bin/python3", "python3")) {
            try {
                Process p = new ProcessBuilder(candidate, "-c", "import " + module).redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor() == 0) {
                    return candidate;
                }
            } catch (IOException e) {
                LOG.debug("no {}: {}", candidate, e.toString());
            }
        }
        notes.add("Python peers needing '" + module + "' skipped: no python3 can import it "
                + "(bench/run.sh installs the Debian package)");
        return null;
    }

    static Optional<String> pythonVersion() {
        try {
            Process p = new ProcessBuilder("/usr/bin/python3", "--version").redirectErrorStream(true).start();
            String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.waitFor() == 0 ? Optional.of(v + " (/usr/bin/python3)") : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (var s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
