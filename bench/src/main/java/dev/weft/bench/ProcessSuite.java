package dev.weft.bench;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The whole-process comparisons: each case runs in a process of its own (a fresh JVM, or Python) so
 * that wall time and peak RSS belong to that case alone, and the cases of one comparison alternate:
 * every round starts each case once, in an order rotated by one per round. Python peers run on the
 * Debian interpreter ({@code /usr/bin/python3}), where {@code python3-aiohttp} and {@code
 * python3-aiofiles} install; nginx is Debian's.
 *
 * <p>Thread safety: not meant for concurrent use.
 */
final class ProcessSuite {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessSuite.class);

    /**
     * Sizes of one run.
     *
     * @param rounds rounds of every comparison but the sleepers and HTTP
     * @param sleeperRounds rounds of the sleepers (the slowest processes)
     * @param sleepers how many sleepers
     * @param gatherTasks how many tasks one gather runs
     * @param gatherRepeats gathers measured in a steady-state process, after three warm-up gathers
     * @param files how many files are read
     * @param fileRepeats reads measured per process, after a warm-up read
     * @param requests how many GETs
     * @param httpRounds rounds of the HTTP comparison
     */
    record Sizes(
            int rounds,
            int sleeperRounds,
            int sleepers,
            int gatherTasks,
            int gatherRepeats,
            int files,
            int fileRepeats,
            int requests,
            int httpRounds) {
        static Sizes quick() {
            return new Sizes(3, 2, 100_000, 100_000, 3, 2_000, 2, 2_000, 2);
        }

        static Sizes full() {
            return new Sizes(7, 5, 1_000_000, 100_000, 5, 10_000, 3, 10_000, 5);
        }
    }

    private static final int CONCURRENCY = 100;
    private static final String STS = "StructuredTaskScope (JDK 25 preview)";

    private final Sizes sizes;
    private final String java;
    private final String classPath;
    private final boolean structured;
    private final List<String> notes;
    private final Path work;
    private final Path scripts;

    ProcessSuite(Sizes sizes, String classPath, boolean structured, List<String> notes)
            throws IOException {
        this.sizes = sizes;
        this.java = ProcessHandle.current().info().command().orElse("java");
        this.classPath = classPath;
        this.structured = structured;
        this.notes = notes;
        this.work = Files.createTempDirectory("weft-bench");
        this.scripts = Files.createDirectories(work.resolve("python"));
        for (String s :
                List.of(
                        "asyncio_sleepers.py",
                        "asyncio_gather.py",
                        "aiofiles_read.py",
                        "aiohttp_get.py")) {
            try (InputStream in =
                    ProcessSuite.class.getClassLoader().getResourceAsStream("python/" + s)) {
                if (in == null) {
                    throw new IOException("resource python/" + s + " missing from the bench jar");
                }
                Files.copy(in, scripts.resolve(s));
            }
        }
    }

    /**
     * Runs the whole-process comparisons whose key matches {@code include} ({@code sleepers},
     * {@code gather}, {@code files}, {@code http}) and returns them.
     */
    List<Comparison> run(String include) throws IOException, InterruptedException {
        List<Comparison> out = new ArrayList<>();
        String py = python("asyncio");
        if ("sleepers".matches(include)) {
            out.addAll(sleepers(py));
        }
        if ("gather".matches(include)) {
            out.addAll(gather(py));
        }
        if ("files".matches(include)) {
            out.add(files(python("aiofiles")));
        }
        if ("http".matches(include)) {
            out.addAll(http(python("aiohttp")));
        }
        deleteTree(work);
        return out;
    }

    /** One process to start in every round. */
    private record Case(String id, List<String> command) {}

    /**
     * What the rounds of one comparison measured: by case id, by result key, one sample per round.
     */
    private static final class Samples {
        final Map<String, Map<String, List<Double>>> byCase = new LinkedHashMap<>();

        void add(String id, String key, double v) {
            byCase.computeIfAbsent(id, k -> new LinkedHashMap<>())
                    .computeIfAbsent(key, k -> new ArrayList<>())
                    .add(v);
        }

        List<Double> get(String id, String key) {
            return byCase.getOrDefault(id, Map.of()).getOrDefault(key, List.of());
        }

        Figure figure(String id, String key, String name) {
            List<Double> v = get(id, key);
            return v.isEmpty()
                    ? null
                    : Figure.of(name, v.stream().mapToDouble(Double::doubleValue).toArray());
        }
    }

    /**
     * Starts every case once per round, in an order rotated by one per round. Each process's {@code
     * RESULT key=value} lines become samples, and its wall time from start to exit the sample
     * {@code process_s}. A failed process gives no samples and a note.
     */
    private Samples alternate(List<Case> cases, int rounds)
            throws IOException, InterruptedException {
        Samples samples = new Samples();
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < cases.size(); i++) {
                Case c = cases.get((i + r) % cases.size());
                Map<String, Double> res = exec(c.command());
                for (Map.Entry<String, Double> e : res.entrySet()) {
                    samples.add(c.id(), e.getKey(), e.getValue());
                }
            }
        }
        return samples;
    }

    private List<Comparison> sleepers(String py) throws IOException, InterruptedException {
        int n = sizes.sleepers();
        String count = Integer.toString(n);
        String ms = "1000";
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("weft", javaCmd(List.of("sleepers", "weft", count, ms))));
        cases.add(new Case("threads", javaCmd(List.of("sleepers", "threads", count, ms))));
        if (structured) {
            cases.add(new Case("sts", javaCmd(List.of("sleepers", "sts", count, ms))));
        }
        if (py != null) {
            cases.add(new Case("asyncio", pyCmd(py, List.of("asyncio_sleepers.py", count, ms))));
        }
        Samples s = alternate(cases, sizes.sleeperRounds());
        String title = String.format("%,d concurrent 1-second sleepers in one scope", n);
        String note =
                "Each in a fresh process (JVM with default heap settings, or Python), the processes "
                        + "alternating in "
                        + sizes.sleeperRounds()
                        + " rounds: one scope / TaskGroup forks every "
                        + "sleeper, then joins. Wall time from the first fork to the end of the join (ideal: 1 s); "
                        + "peak RSS is the process's VmHWM. Median and min–max over the rounds.";
        List<Comparison> out = new ArrayList<>();
        Figure weftWall = s.figure("weft", "wall_s", "Weft");
        if (weftWall != null) {
            out.add(
                    Comparison.of(
                            title + ": wall time",
                            "s",
                            true,
                            weftWall,
                            note,
                            List.of(
                                    new Comparison.Peer(
                                            s.figure("threads", "wall_s", "bare virtual threads"),
                                            null),
                                    new Comparison.Peer(
                                            s.figure("sts", "wall_s", STS),
                                            new Target(1.0, "wall ≤ 1.0× StructuredTaskScope")),
                                    new Comparison.Peer(
                                            s.figure(
                                                    "asyncio",
                                                    "wall_s",
                                                    "Python asyncio TaskGroup"),
                                            null))));
            out.add(
                    Comparison.of(
                            title + ": peak RSS",
                            "MiB",
                            true,
                            s.figure("weft", "rss_mb", "Weft"),
                            note,
                            List.of(
                                    new Comparison.Peer(
                                            s.figure("threads", "rss_mb", "bare virtual threads"),
                                            null),
                                    new Comparison.Peer(
                                            s.figure("sts", "rss_mb", STS),
                                            new Target(1 / 1.1, "RSS ≤ 1.1× StructuredTaskScope")),
                                    new Comparison.Peer(
                                            s.figure(
                                                    "asyncio",
                                                    "rss_mb",
                                                    "Python asyncio TaskGroup"),
                                            null))));
        }
        return out;
    }

    private List<Comparison> gather(String py) throws IOException, InterruptedException {
        int n = sizes.gatherTasks();
        String count = Integer.toString(n);
        String reps = Integer.toString(sizes.gatherRepeats());
        List<Case> cases = new ArrayList<>();
        // whole process: one cold gather of n tasks, and the same process gathering one task (its
        // start-up: the JVM or interpreter, and every one-time initialization on the way, such
        // as class loading and the logging binding that a first fork brings up)
        cases.add(new Case("weft-n", javaCmd(List.of("gather", count, "0"))));
        cases.add(new Case("weft-1", javaCmd(List.of("gather", "1", "0"))));
        // steady state: after three warm-up gathers, the median of a few
        cases.add(new Case("weft-steady", javaCmd(List.of("gather", count, reps))));
        // the JVM's floor: bare virtual threads doing the same
        cases.add(new Case("threads-n", javaCmd(List.of("gather-threads", count, "0"))));
        cases.add(new Case("threads-1", javaCmd(List.of("gather-threads", "1", "0"))));
        cases.add(new Case("threads-steady", javaCmd(List.of("gather-threads", count, reps))));
        if (py != null) {
            for (String mode : List.of("gather", "taskgroup")) {
                cases.add(
                        new Case(
                                mode + "-n",
                                pyCmd(py, List.of("asyncio_gather.py", mode, count, "0"))));
                cases.add(
                        new Case(
                                mode + "-1",
                                pyCmd(py, List.of("asyncio_gather.py", mode, "1", "0"))));
                cases.add(
                        new Case(
                                mode + "-steady",
                                pyCmd(py, List.of("asyncio_gather.py", mode, count, reps))));
            }
        }
        Samples s = alternate(cases, sizes.rounds());
        Target t25 = new Target(25, "≥ 25× faster per task than asyncio");
        List<Comparison> out = new ArrayList<>();
        Figure weft = perTaskMinusStartUp(s, "weft", n, "Weft gather");
        if (weft != null) {
            Figure start = s.figure("weft-1", "process_s", "JVM start-up");
            out.add(
                    Comparison.of(
                            String.format(
                                    "%,d no-op tasks gathered: whole process, start-up subtracted",
                                    n),
                            "µs/task",
                            true,
                            weft,
                            "Each round starts, in turn, a process that gathers "
                                    + String.format("%,d", n)
                                    + " no-op tasks "
                                    + "once (cold: no warm-up) and exits, and the same process gathering one task; the "
                                    + "per-task figure is (wall time of the first − wall time of the second) / (tasks − 1), so "
                                    + "the start-up (the JVM or the interpreter, and one-time initialization such as loading "
                                    + "classes and the logging binding) is measured and subtracted, and the JIT's warm-up is "
                                    + "counted. Called from the main thread. "
                                    + (start == null
                                            ? ""
                                            : String.format(
                                                    Locale.ROOT,
                                                    "Weft's start-up measured: %.0f ms (%.0f–%.0f). ",
                                                    start.value() * 1000,
                                                    start.spread().min() * 1000,
                                                    start.spread().max() * 1000))
                                    + sizes.rounds()
                                    + " rounds, median and min–max.",
                            List.of(
                                    new Comparison.Peer(
                                            perTaskMinusStartUp(
                                                    s, "gather", n, "Python asyncio.gather"),
                                            t25),
                                    new Comparison.Peer(
                                            perTaskMinusStartUp(
                                                    s, "taskgroup", n, "Python asyncio.TaskGroup"),
                                            t25),
                                    new Comparison.Peer(
                                            perTaskMinusStartUp(
                                                    s,
                                                    "threads",
                                                    n,
                                                    "bare virtual threads, start and join each (the JVM's floor)"),
                                            null))));
            out.add(
                    Comparison.of(
                            String.format("%,d no-op tasks gathered: steady state", n),
                            "µs/task",
                            true,
                            s.figure("weft-steady", "us_per_task", "Weft gather"),
                            "In one process per implementation: three warm-up gathers, then the median of "
                                    + reps
                                    + " (the JIT has compiled the fork path); the processes alternate in "
                                    + sizes.rounds()
                                    + " rounds. Called from the main thread.",
                            List.of(
                                    new Comparison.Peer(
                                            s.figure(
                                                    "gather-steady",
                                                    "us_per_task",
                                                    "Python asyncio.gather"),
                                            null),
                                    new Comparison.Peer(
                                            s.figure(
                                                    "taskgroup-steady",
                                                    "us_per_task",
                                                    "Python asyncio.TaskGroup"),
                                            null),
                                    new Comparison.Peer(
                                            s.figure(
                                                    "threads-steady",
                                                    "us_per_task",
                                                    "bare virtual threads, start and join each (the JVM's floor)"),
                                            null))));
        }
        return out;
    }

    /** Per round: (wall of the n-task process − wall of the one-task one) / (n − 1), in µs. */
    private static Figure perTaskMinusStartUp(Samples s, String prefix, int n, String name) {
        List<Double> full = s.get(prefix + "-n", "process_s");
        List<Double> empty = s.get(prefix + "-1", "process_s");
        int k = Math.min(full.size(), empty.size());
        if (k == 0) {
            return null;
        }
        double[] v = new double[k];
        for (int i = 0; i < k; i++) {
            v[i] = (full.get(i) - empty.get(i)) / (n - 1) * 1e6;
        }
        return Figure.of(name, v);
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
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("weft", javaCmd(List.of("files-weft", dir.toString(), reps))));
        cases.add(new Case("nio", javaCmd(List.of("files-nio", dir.toString(), reps))));
        if (py != null) {
            cases.add(
                    new Case(
                            "aiofiles",
                            pyCmd(py, List.of("aiofiles_read.py", dir.toString(), reps))));
        }
        Samples s = alternate(cases, sizes.rounds());
        return Comparison.of(
                String.format("%,d files of 4 KiB read concurrently", n),
                "ms",
                true,
                s.figure("weft", "ms", "Weft WeftFiles.readAllBytes(paths, concurrency = all)"),
                "Every file in flight at once: Weft's multi-file read (one virtual thread per file), plain "
                        + "Files.readAllBytes on one virtual thread per file, aiofiles with one task per file "
                        + "under asyncio.gather. Each process reads once to warm up (page cache warm), then "
                        + "reports the median of "
                        + reps
                        + " reads; the processes alternate in "
                        + sizes.rounds()
                        + " rounds.",
                List.of(
                        new Comparison.Peer(
                                s.figure("nio", "ms", "Files.readAllBytes on virtual threads"),
                                new Target(0.95, "≥ 0.95× plain NIO")),
                        new Comparison.Peer(
                                s.figure("aiofiles", "ms", "Python aiofiles"),
                                new Target(5, "≥ 5× aiofiles"))));
    }

    /**
     * The HTTP rows. Every Java client runs in one JVM, interleaved in rounds ({@link
     * EngineComparison}): Weft's {@code HttpSession}, raw {@code java.net.http}, raw Apache
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
        String rounds = Integer.toString(sizes.httpRounds());
        String conc = Integer.toString(CONCURRENCY);
        Map<String, Double> rates;
        Map<String, Double> cost;
        Map<String, Double> aio;
        try (Nginx nginx = Nginx.start(binary, Files.createDirectories(work.resolve("nginx")))) {
            String url = nginx.uri().toString();
            rates =
                    exec(
                            javaCmd(
                                    List.of(
                                            "http-engines",
                                            url,
                                            Integer.toString(n),
                                            conc,
                                            rounds,
                                            "weft,jdk,apache,socket")));
            cost =
                    exec(
                            javaCmd(
                                    List.of(
                                            "http-callcost",
                                            url,
                                            Integer.toString(Math.max(1_000, n / 2)),
                                            rounds,
                                            "apache,weft")));
            aio =
                    py != null
                            ? exec(
                                    pyCmd(
                                            py,
                                            List.of(
                                                    "aiohttp_get.py",
                                                    url,
                                                    Integer.toString(n),
                                                    conc,
                                                    rounds)))
                            : Map.of();
        }
        List<Comparison> out = new ArrayList<>();
        Figure weft = rounds(rates, "weft", "Weft HttpSession");
        if (weft != null) {
            String spread =
                    String.format(
                            Locale.ROOT,
                            "Paired per round (Weft / peer, median and min–max "
                                    + "of %s rounds): java.net.http %s, Apache HttpClient 5 raw %s, socket floor %s.",
                            rounds,
                            paired(rates, "jdk"),
                            paired(rates, "apache"),
                            paired(rates, "socket"));
            out.add(
                    Comparison.of(
                            String.format(
                                    "%,d HTTP GETs of 1 KiB, concurrency %d, nginx on loopback",
                                    n, CONCURRENCY),
                            "requests/s",
                            false,
                            weft,
                            "One nginx worker on 127.0.0.1 (keep-alive) serves every side. The Java clients run in one JVM, "
                                    + "interleaved in rounds (EngineComparison), each GET on its own virtual thread behind a "
                                    + "Semaphore(100): Weft's HttpSession (limits 100 total and per host, retries and "
                                    + "timeouts at their defaults, on Apache HttpClient 5 classic), raw java.net.http "
                                    + "(HTTP/1.1), raw Apache HttpClient 5 classic (Weft's engine, pool of 100), and a "
                                    + "minimal blocking keep-alive socket loop (the floor no client can beat). aiohttp: one "
                                    + "ClientSession, TCPConnector(limit=100), a Semaphore(100), in its own process. "
                                    + rounds
                                    + " rounds after a warm-up run (aiohttp: the same rounds in its own process, "
                                    + "after the Java clients). "
                                    + spread,
                            List.of(
                                    new Comparison.Peer(
                                            rounds(
                                                    rates,
                                                    "jdk",
                                                    "raw java.net.http.HttpClient (virtual threads)"),
                                            new Target(1.5, "≥ 1.5× raw java.net.http")),
                                    new Comparison.Peer(
                                            rounds(
                                                    rates,
                                                    "apache",
                                                    "raw Apache HttpClient 5 classic (Weft's engine)"),
                                            new Target(
                                                    1 / 1.1,
                                                    "Weft ≤ 10 % below its engine used raw")),
                                    new Comparison.Peer(
                                            rounds(
                                                    rates,
                                                    "socket",
                                                    "socket keep-alive loop (floor)"),
                                            new Target(0.5, "moonshot: ≥ 0.5× the socket floor")),
                                    new Comparison.Peer(
                                            rounds(aio, "aiohttp", "Python aiohttp"),
                                            new Target(4, "≥ 4× aiohttp"),
                                            false))));
        }
        Figure weftCpu = rounds(cost, "weft_cpu", "Weft HttpSession");
        if (weftCpu != null) {
            out.add(
                    Comparison.of(
                            "CPU time per HTTP GET of 1 KiB (one thread, sequential)",
                            "µs/call",
                            true,
                            weftCpu,
                            String.format(
                                    Locale.ROOT,
                                    "The calling thread's own CPU time per call (CallCost), "
                                            + "sequential GETs on one platform thread, %s interleaved rounds after two warm-up rounds: "
                                            + "Weft's per-call work (URL, headers, permits, timeouts, retries, events) on top of its "
                                            + "engine. Allocation per call: Weft %.0f B, raw Apache %.0f B.",
                                    rounds,
                                    cost.get("weft_alloc_bytes"),
                                    cost.get("apache_alloc_bytes")),
                            List.of(
                                    new Comparison.Peer(
                                            rounds(
                                                    cost,
                                                    "apache_cpu",
                                                    "raw Apache HttpClient 5 classic (Weft's engine)"),
                                            new Target(
                                                    1 / 1.1,
                                                    "Weft's per-call work ≤ 10 % over its engine")))));
        }
        return out;
    }

    private static String paired(Map<String, Double> r, String peer) {
        Double med = r.get("weft_vs_" + peer + "_median");
        return med == null
                ? "n/a"
                : String.format(
                        Locale.ROOT,
                        "%.2f× (%.2f–%.2f)",
                        med,
                        r.get("weft_vs_" + peer + "_min"),
                        r.get("weft_vs_" + peer + "_max"));
    }

    /** A client's figure from its per-round samples ({@code KIND_round_N} results), or null. */
    private static Figure rounds(Map<String, Double> results, String kind, String name) {
        List<Double> v = new ArrayList<>();
        for (int i = 1; results.containsKey(kind + "_round_" + i); i++) {
            v.add(results.get(kind + "_round_" + i));
        }
        return v.isEmpty()
                ? null
                : Figure.of(name, v.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private List<String> javaCmd(List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(java));
        if (structured) {
            cmd.add("--enable-preview");
        }
        cmd.addAll(List.of("-cp", classPath, ProcessMain.class.getName()));
        cmd.addAll(args);
        return cmd;
    }

    private List<String> pyCmd(String py, List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(py, scripts.resolve(args.get(0)).toString()));
        cmd.addAll(args.subList(1, args.size()));
        return cmd;
    }

    private Map<String, Double> exec(List<String> cmd) throws IOException, InterruptedException {
        int main = cmd.indexOf(ProcessMain.class.getName());
        String shown =
                main >= 0
                        ? "java " + String.join(" ", cmd.subList(main + 1, cmd.size()))
                        : String.join(" ", cmd);
        LOG.info("process: {}", shown);
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        Map<String, Double> results = new HashMap<>();
        StringBuilder output = new StringBuilder();
        try (BufferedReader r =
                new BufferedReader(
                        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("RESULT ")) {
                    String[] kv = line.substring(7).split("=", 2);
                    results.put(kv[0], Double.parseDouble(kv[1]));
                } else if (line.startsWith("ROUND ")) {
                    // one round of clients interleaved in one process: "ROUND 3 weft=123 jdk=456"
                    String[] f = line.substring(6).trim().split("\\s+");
                    for (int i = 1; i < f.length; i++) {
                        String[] kv = f[i].split("=", 2);
                        results.put(kv[0] + "_round_" + f[0], Double.parseDouble(kv[1]));
                    }
                } else if (output.length() < 4000) {
                    output.append(line).append('\n');
                }
            }
        }
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (p.exitValue() != 0 || results.isEmpty()) {
            notes.add(
                    "case '"
                            + shown
                            + "' failed (exit "
                            + p.exitValue()
                            + "): "
                            + output.toString().strip());
            LOG.warn("process failed: {}\n{}", shown, output);
            return Map.of();
        }
        results.put("process_s", seconds);
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
                Process p =
                        new ProcessBuilder(candidate, "-c", "import " + module)
                                .redirectErrorStream(true)
                                .start();
                p.getInputStream().readAllBytes();
                if (p.waitFor() == 0) {
                    return candidate;
                }
            } catch (IOException e) {
                LOG.debug("no {}: {}", candidate, e.toString());
            }
        }
        notes.add(
                "Python peers needing '"
                        + module
                        + "' skipped: no python3 can import it "
                        + "(bench/run.sh installs the Debian package)");
        return null;
    }

    static Optional<String> pythonVersion() {
        try {
            Process p =
                    new ProcessBuilder("/usr/bin/python3", "--version")
                            .redirectErrorStream(true)
                            .start();
            String v =
                    new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
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
