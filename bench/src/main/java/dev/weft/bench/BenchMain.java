package dev.weft.bench;

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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one command behind {@code bench/run.sh}: runs the JMH benchmarks (through JMH's Java API)
 * and the whole-process comparisons, then writes {@code bench/results/latest.json},
 * {@code bench/results/ratios.svg} and {@code docs/benchmarks.md}.
 *
 * <p>Arguments: {@code --full} (the real run, about 12 minutes) or {@code --quick} (a smoke run
 * under 5 minutes, written to {@code bench/results/tmp/} so it never replaces the committed
 * results); {@code --jmh REGEX} runs only the JMH classes matching it; {@code --no-jmh} and
 * {@code --no-process} leave a part out; {@code --net [--quick]} runs only the TCP echo comparison
 * ({@link NetEchoBench}); {@code --clock-hooks --baseline JAR [--quick]} only the cost of the
 * virtual clock's hooks against a baseline weft-core ({@link ClockHooksBench});
 * {@code --interop [--quick]} only the subprocess and generator comparisons
 * ({@link InteropBench}). The bench module's directory comes from the system
 * property {@code weft.bench.home} (the POM sets it).
 */
public final class BenchMain {
    private static final Logger LOG = LoggerFactory.getLogger(BenchMain.class);

    /** The JMH classes of a run, in report order. */
    static final String ALL_JMH = "dev\\.weft\\.bench\\.(ForkJoin|Gather|Race|Timeout|Debug|Channel|Limiter)Benchmark\\..*";

    private BenchMain() {
    }

    /**
     * Runs the benchmarks and writes the reports.
     *
     * @param args see the type's documentation
     * @throws Exception if a benchmark or a report fails
     */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--net")) {
            Path netHome = Path.of(System.getProperty("weft.bench.home", ".")).toAbsolutePath().normalize();
            NetEchoBench.run(netHome, List.of(args).contains("--quick"));
            return;
        }
        if (args.length > 0 && args[0].equals("--clock-hooks")) {
            Path home = Path.of(System.getProperty("weft.bench.home", ".")).toAbsolutePath().normalize();
            List<String> a = List.of(args);
            int i = a.indexOf("--baseline");
            if (i < 0 || i + 1 >= a.size()) {
                throw new IllegalArgumentException("--clock-hooks needs --baseline PATH (see bench/baseline-core.sh)");
            }
            ClockHooksBench.run(home, Path.of(a.get(i + 1)).toAbsolutePath(), a.contains("--quick"));
            return;
        }
        if (args.length > 0 && args[0].equals("--interop")) {
            Path home = Path.of(System.getProperty("weft.bench.home", ".")).toAbsolutePath().normalize();
            InteropBench.run(home, List.of(args).contains("--quick"));
            return;
        }
        boolean full = false;
        boolean jmh = true;
        boolean process = true;
        String include = ALL_JMH;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--full" -> full = true;
                case "--quick" -> full = false;
                case "--no-jmh" -> jmh = false;
                case "--no-process" -> process = false;
                case "--jmh" -> include = args[++i];
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (use --full, --quick, --jmh REGEX, --no-jmh, --no-process)");
            }
        }
        Path home = Path.of(System.getProperty("weft.bench.home", ".")).toAbsolutePath().normalize();
        Path out = full ? home.resolve("results") : home.resolve("results/tmp");
        Path docs = full ? home.resolveSibling("docs") : out;
        Files.createDirectories(out);
        Files.createDirectories(docs);
        String started = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        List<String> notes = new ArrayList<>();
        notes.add("load average at the start (1, 5, 15 min): " + loadAverage());
        String hostClassPath = System.getProperty("java.class.path");

        Path previewDir = Files.createTempDirectory("weft-preview-classes");
        Optional<Path> preview = Preview.compile(previewDir, notes);
        preview.ifPresent(JmhSuite::addToForkClassPath);
        notes.forEach(n -> LOG.info("{}", n));

        if (!full) {
            notes.add("quick mode: a smoke run with 0.2 s JMH iterations and smaller process cases; the JIT may "
                    + "not have compiled Weft's longer fork path yet, so its figures are not comparable with a "
                    + "full run's");
        }
        List<Comparison> comparisons = new ArrayList<>();
        if (jmh) {
            JmhSuite suite = new JmhSuite(full ? JmhSuite.Settings.full() : JmhSuite.Settings.quick(),
                    preview.orElse(null));
            suite.run(include);
            comparisons.addAll(suite.comparisons());
        }
        if (process) {
            String cp = hostClassPath + preview.map(p -> File.pathSeparator + p).orElse("");
            ProcessSuite ps = new ProcessSuite(full ? ProcessSuite.Sizes.full() : ProcessSuite.Sizes.quick(), cp,
                    preview.isPresent(), notes);
            comparisons.addAll(ps.run());
        }

        notes.add("load average at the end (1, 5, 15 min): " + loadAverage());
        String mode = full ? "full" : "quick";
        String command = "bench/run.sh" + (full ? "" : " --quick");
        RunInfo info = new RunInfo(started, machine(), os(), jdk(),
                ProcessSuite.pythonVersion().orElse("not found"), command, mode, notes);
        Path json = out.resolve(full ? "latest.json" : "quick.json");
        Files.writeString(json, JsonReport.render(info, comparisons));
        Path svg = out.resolve("ratios.svg");
        Files.writeString(svg, RatioChart.render("Weft vs peers, " + mode + " run of " + started, comparisons));
        Path md = docs.resolve("benchmarks.md");
        Path analysisFile = home.resolve("results/analysis.md");
        String analysis = Files.exists(analysisFile) ? Files.readString(analysisFile) : "";
        Files.writeString(md, MarkdownReport.render(info, comparisons,
                docs.relativize(svg).toString().replace(File.separatorChar, '/'), analysis));
        LOG.info("wrote {}, {} and {}", json, svg, md);
        for (Comparison c : comparisons) {
            for (Comparison.PeerResult p : c.peers()) {
                LOG.info(String.format("%-60s vs %-50s %8s%s", c.name(), p.figure().name(),
                        RatioChart.ratioLabel(p.ratio()),
                        p.target() == null ? "" : p.met() ? "  target met" : "  TARGET MISSED (" + p.target().text() + ")"));
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
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
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
        return System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch");
    }

    private static String jdk() {
        return System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " "
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
