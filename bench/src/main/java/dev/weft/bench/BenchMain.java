package dev.weft.bench;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The one command behind {@code bench/run.sh}: runs the in-JVM comparisons (one JVM per group,
 * implementations interleaved in rounds), the whole-process comparisons (processes alternating in
 * rounds) and the per-task memory account, then writes {@code bench/results/latest.json}, {@code
 * bench/results/ratios.svg} and {@code docs/benchmarks.md}.
 *
 * <p>Arguments: {@code --full} (the real run) or {@code --quick} (a smoke run with fewer, shorter
 * rounds). Filters for partial runs: {@code --groups REGEX} (in-JVM groups, see {@link
 * Groups#ALL}), {@code --cases REGEX} (case ids within them), {@code --process REGEX} ({@code
 * sleepers}, {@code gather}, {@code files}, {@code http}), {@code --no-groups}, {@code
 * --no-process}, {@code --no-memory}; {@code --rounds N} overrides the number of in-JVM rounds;
 * {@code --jvm-arg ARG} (repeatable) is passed to every group's JVM, for example a JFR recording.
 * Only a full run without filters writes the committed results; every other run writes into {@code
 * bench/results/tmp/}. The bench module's directory comes from the system property {@code
 * weft.bench.home} (the POM sets it). {@code --net [--quick]} runs only the TCP echo comparison
 * ({@link NetEchoBench}), {@code --interop [--quick]} only the subprocess and generator comparisons
 * ({@link InteropBench}) and {@code --clock-hooks --baseline JAR [--quick]} only the cost of the
 * virtual clock's hooks against a baseline weft-core ({@link ClockHooksBench}); each writes its own
 * report.
 */
public final class BenchMain {
    private static final Logger LOG = LoggerFactory.getLogger(BenchMain.class);

    private BenchMain() {}

    /**
     * Runs the benchmarks and writes the reports.
     *
     * @param args see the type's documentation
     * @throws Exception if a benchmark or a report fails
     */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--net")) {
            Path netHome =
                    Path.of(System.getProperty("weft.bench.home", "."))
                            .toAbsolutePath()
                            .normalize();
            NetEchoBench.run(netHome, List.of(args).contains("--quick"));
            return;
        }
        if (args.length > 0 && args[0].equals("--clock-hooks")) {
            Path home =
                    Path.of(System.getProperty("weft.bench.home", "."))
                            .toAbsolutePath()
                            .normalize();
            List<String> a = List.of(args);
            int i = a.indexOf("--baseline");
            if (i < 0 || i + 1 >= a.size()) {
                throw new IllegalArgumentException(
                        "--clock-hooks needs --baseline PATH (see bench/baseline-core.sh)");
            }
            ClockHooksBench.run(
                    home, Path.of(a.get(i + 1)).toAbsolutePath(), a.contains("--quick"));
            return;
        }
        if (args.length > 0 && args[0].equals("--interop")) {
            Path home =
                    Path.of(System.getProperty("weft.bench.home", "."))
                            .toAbsolutePath()
                            .normalize();
            InteropBench.run(home, List.of(args).contains("--quick"));
            return;
        }
        boolean full = false;
        boolean groups = true;
        boolean process = true;
        boolean memory = true;
        boolean filtered = false;
        String groupFilter = ".*";
        String caseFilter = null;
        String processFilter = ".*";
        Integer rounds = null;
        List<String> jvmArgs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--full" -> full = true;
                case "--quick" -> full = false;
                case "--no-groups" -> {
                    groups = false;
                    filtered = true;
                }
                case "--no-process" -> {
                    process = false;
                    filtered = true;
                }
                case "--no-memory" -> {
                    memory = false;
                    filtered = true;
                }
                case "--groups" -> {
                    groupFilter = args[++i];
                    filtered = true;
                }
                case "--cases" -> {
                    caseFilter = args[++i];
                    filtered = true;
                }
                case "--process" -> {
                    processFilter = args[++i];
                    filtered = true;
                }
                case "--rounds" -> {
                    rounds = Integer.parseInt(args[++i]);
                    filtered = true;
                }
                case "--jvm-arg" -> {
                    jvmArgs.add(args[++i]);
                    filtered = true;
                }
                default ->
                        throw new IllegalArgumentException(
                                "unknown argument "
                                        + args[i]
                                        + " (use --full, --quick, "
                                        + "--groups REGEX, --cases REGEX, --process REGEX, --no-groups, --no-process, --no-memory, "
                                        + "--rounds N, --jvm-arg ARG)");
            }
        }
        boolean committed = full && !filtered;
        Path home =
                Path.of(System.getProperty("weft.bench.home", ".")).toAbsolutePath().normalize();
        Path out = committed ? home.resolve("results") : home.resolve("results/tmp");
        Path docs = committed ? home.resolveSibling("docs") : out;
        Files.createDirectories(out);
        Files.createDirectories(docs);
        String started = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        List<String> notes = new ArrayList<>();
        notes.add("load average at the start (1, 5, 15 min): " + loadAverage());
        String hostClassPath = System.getProperty("java.class.path");

        Path previewDir = Files.createTempDirectory("weft-preview-classes");
        Optional<Path> preview = Preview.compile(previewDir, notes);
        String cp = hostClassPath + preview.map(p -> File.pathSeparator + p).orElse("");
        notes.forEach(n -> LOG.info("{}", n));
        if (!full) {
            notes.add(
                    "quick mode: a smoke run with few, short rounds and smaller process cases; not comparable "
                            + "with a full run");
        }
        if (!committed) {
            notes.add("partial or quick run: " + String.join(" ", args));
        }

        List<Comparison> comparisons = new ArrayList<>();
        if (groups) {
            Rounds.Settings base = full ? Rounds.Settings.full() : Rounds.Settings.quick();
            Rounds.Settings settings =
                    rounds == null
                            ? base
                            : new Rounds.Settings(
                                    rounds,
                                    base.sliceMillis(),
                                    base.parts(),
                                    base.warmupMillis(),
                                    base.warmupPasses());
            InProcessSuite suite =
                    new InProcessSuite(settings, cp, preview.isPresent(), jvmArgs, notes);
            suite.run(groupFilter, caseFilter);
            comparisons.addAll(suite.comparisons());
        }
        if (process) {
            ProcessSuite ps =
                    new ProcessSuite(
                            full ? ProcessSuite.Sizes.full() : ProcessSuite.Sizes.quick(),
                            cp,
                            preview.isPresent(),
                            notes);
            comparisons.addAll(ps.run(processFilter));
        }
        MemoryAccount account =
                memory
                        ? MemoryAccount.measure(
                                full ? 100_000 : 20_000, full ? 3 : 1, cp, preview.isPresent())
                        : null;

        notes.add("load average at the end (1, 5, 15 min): " + loadAverage());
        String mode = full ? "full" : "quick";
        String command =
                "bench/run.sh"
                        + (full ? "" : " --quick")
                        + (committed || args.length == 0
                                ? ""
                                : " "
                                        + String.join(" ", args)
                                                .replace("--full", "")
                                                .replace("--quick", "")
                                                .trim());
        RunInfo info =
                new RunInfo(
                        started,
                        machine(),
                        os(),
                        jdk(),
                        ProcessSuite.pythonVersion().orElse("not found"),
                        command.trim(),
                        mode,
                        notes);
        Path json = out.resolve(committed ? "latest.json" : "partial.json");
        Files.writeString(json, JsonReport.render(info, comparisons, account));
        Path svg = out.resolve("ratios.svg");
        Files.writeString(
                svg,
                RatioChart.render("Weft vs peers, " + mode + " run of " + started, comparisons));
        Path md = docs.resolve("benchmarks.md");
        Path analysisFile = home.resolve("results/analysis.md");
        String analysis = Files.exists(analysisFile) ? Files.readString(analysisFile) : "";
        Files.writeString(
                md,
                MarkdownReport.render(
                        info,
                        comparisons,
                        account,
                        docs.relativize(svg).toString().replace(File.separatorChar, '/'),
                        analysis));
        LOG.info("wrote {}, {} and {}", json, svg, md);
        for (Comparison c : comparisons) {
            for (Comparison.PeerResult p : c.peers()) {
                LOG.info(
                        String.format(
                                "%-62s vs %-48s %8s %-22s per round %-14s%s",
                                c.name(),
                                p.figure().name(),
                                RatioChart.ratioLabel(p.ratio()),
                                MarkdownReport.range(p),
                                MarkdownReport.paired(p),
                                p.target() == null
                                        ? ""
                                        : "  " + p.verdict() + " (" + p.target().text() + ")"));
            }
        }
        deleteTree(previewDir);
    }

    private static String machine() {
        String cpu = "unknown CPU";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    cpu = line.substring(line.indexOf(':') + 1).strip();
                    break;
                }
            }
        } catch (IOException e) {
            LOG.debug("no /proc/cpuinfo: {}", e.toString());
        }
        long mem = -1;
        if (ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            mem = os.getTotalMemorySize() >> 30;
        }
        return cpu + ", " + Runtime.getRuntime().availableProcessors() + " cores, " + mem + " GiB";
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + ", " + f[1] + ", " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String os() {
        return System.getProperty("os.name")
                + " "
                + System.getProperty("os.version")
                + " "
                + System.getProperty("os.arch");
    }

    private static String jdk() {
        return System.getProperty("java.vm.vendor")
                + " "
                + System.getProperty("java.vm.name")
                + " "
                + System.getProperty("java.runtime.version");
    }

    private static void deleteTree(Path root) throws IOException {
        try (var s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
