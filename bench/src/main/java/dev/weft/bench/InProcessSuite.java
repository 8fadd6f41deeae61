package dev.weft.bench;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The in-JVM comparisons: one fresh JVM per group ({@link GroupMain}), all with the same flags
 * ({@code -Xms1g -Xmx1g}, and {@code --enable-preview} when the StructuredTaskScope peer is
 * compiled), in which Weft and its peers run interleaved in rounds. Turns the figures into {@link
 * Comparison}s.
 *
 * <p>Thread safety: not meant for concurrent use.
 */
final class InProcessSuite {
    private static final Logger LOG = LoggerFactory.getLogger(InProcessSuite.class);

    private static final Target VT_TARGET = new Target(1 / 1.2, "Weft ≤ 1.2× bare virtual threads");
    private static final Target STS_TARGET = new Target(1.0, "Weft ≤ 1.0× StructuredTaskScope");
    private static final String STS = "StructuredTaskScope (JDK 25 preview)";

    private final Rounds.Settings settings;
    private final String java;
    private final String classPath;
    private final boolean preview;
    private final List<String> jvmArgs;
    private final List<String> notes;

    /** Figures by group, then by case id. */
    private final Map<String, Map<String, Figure>> results = new HashMap<>();

    InProcessSuite(
            Rounds.Settings settings,
            String classPath,
            boolean preview,
            List<String> jvmArgs,
            List<String> notes) {
        this.settings = settings;
        this.java = ProcessHandle.current().info().command().orElse("java");
        this.classPath = classPath;
        this.preview = preview;
        this.jvmArgs = List.copyOf(jvmArgs);
        this.notes = notes;
    }

    /**
     * Runs the groups whose id matches {@code include}, each in its own JVM.
     *
     * @param include a regex over {@link Groups#ALL}
     * @param caseFilter a regex over case ids, or null for all
     */
    void run(String include, String caseFilter) throws IOException, InterruptedException {
        Pattern p = Pattern.compile(include);
        for (String g : Groups.ALL) {
            if (p.matcher(g).matches()) {
                runGroup(g, caseFilter);
            }
        }
    }

    private void runGroup(String group, String caseFilter)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(java));
        if (preview) {
            cmd.add("--enable-preview");
        }
        cmd.addAll(List.of("-Xms1g", "-Xmx1g"));
        cmd.addAll(jvmArgs);
        cmd.addAll(
                List.of(
                        "-cp",
                        classPath,
                        GroupMain.class.getName(),
                        group,
                        Integer.toString(settings.rounds()),
                        Long.toString(settings.sliceMillis()),
                        Integer.toString(settings.parts()),
                        Long.toString(settings.warmupMillis()),
                        Integer.toString(settings.warmupPasses())));
        if (caseFilter != null) {
            cmd.add(caseFilter);
        }
        LOG.info(
                "group {}: {} rounds of {} ms slices",
                group,
                settings.rounds(),
                settings.sliceMillis());
        Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        Map<String, Figure> figures = new LinkedHashMap<>();
        StringBuilder output = new StringBuilder();
        try (BufferedReader r =
                new BufferedReader(
                        new InputStreamReader(proc.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("FIGURE ")) {
                    String[] f = line.substring(7).trim().split("\\s+");
                    double[] samples = new double[f.length - 3];
                    for (int i = 3; i < f.length; i++) {
                        samples[i - 3] = Double.parseDouble(f[i]);
                    }
                    figures.put(
                            f[0],
                            new Figure(
                                    f[0],
                                    Spread.of(samples),
                                    Double.parseDouble(f[1]),
                                    Double.parseDouble(f[2])));
                } else if (line.startsWith("NOTE ")) {
                    notes.add(line.substring(5));
                } else if (output.length() < 4000) {
                    output.append(line).append('\n');
                }
            }
        }
        if (!proc.waitFor(30, TimeUnit.MINUTES)) {
            proc.destroyForcibly();
        }
        if (proc.exitValue() != 0 || figures.isEmpty()) {
            notes.add(
                    "group '"
                            + group
                            + "' failed (exit "
                            + proc.exitValue()
                            + "): "
                            + output.toString().strip());
            LOG.warn("group {} failed:\n{}", group, output);
            return;
        }
        for (Figure f : figures.values()) {
            LOG.info(
                    "  {} {} ns/unit, {} B/unit, {} CPU ns/unit",
                    f.name(),
                    f.spread(),
                    String.format(Locale.ROOT, "%.1f", f.allocated()),
                    String.format(Locale.ROOT, "%.1f", f.cpu()));
        }
        results.put(group, figures);
    }

    /**
     * A group's figure for one case, renamed and scaled from ns to the comparison's unit; null if
     * absent.
     */
    private Figure figure(String group, String caseId, String name, double nanosPerUnit) {
        Map<String, Figure> g = results.get(group);
        Figure f = g == null ? null : g.get(caseId);
        if (f == null) {
            return null;
        }
        double[] s = f.spread().samples();
        for (int i = 0; i < s.length; i++) {
            s[i] /= nanosPerUnit;
        }
        return new Figure(name, Spread.of(s), f.allocated(), f.cpu() / nanosPerUnit);
    }

    /** Every comparison that the groups run so far allow. */
    List<Comparison> comparisons() {
        List<Comparison> out = new ArrayList<>();
        String how =
                "Each implementation in turn in one JVM, interleaved in rounds (one time slice per "
                        + "implementation per round); figures per task, median and min–max over the rounds.";
        Figure base = figure("calibration", "base", "bare virtual threads, fork+join of 100", 1000);
        if (base != null) {
            out.add(
                    Comparison.of(
                            "harness check: the same batch made 10 % slower",
                            "µs/task",
                            true,
                            base,
                            "Bare virtual threads forking and joining 100 no-op tasks, beside the same batch followed "
                                    + "by a busy wait of 10 % of the batch's cost (the median of 15 short runs of it alone "
                                    + "after the warm-up): Weft's column is the baseline here, so the ratio should be about "
                                    + "1.10× and clear of 1× if the harness can see a 10 % change. "
                                    + how,
                            List.of(
                                    new Comparison.Peer(
                                            figure(
                                                    "calibration",
                                                    "slower",
                                                    "the same, 10 % slower on purpose",
                                                    1000),
                                            null))));
        }
        for (int n : new int[] {1, 100, 10_000}) {
            String g = "forkjoin-" + n;
            Figure weft = figure(g, "weft", "Weft scope", 1000);
            if (weft == null) {
                continue;
            }
            String title = String.format("fork+join of %,d no-op task%s", n, n == 1 ? "" : "s");
            out.add(
                    Comparison.of(
                            title,
                            "µs/task",
                            true,
                            weft,
                            "Forked and joined by the harness's platform thread. " + how,
                            List.of(
                                    new Comparison.Peer(
                                            figure(g, "threads", "bare virtual threads", 1000),
                                            VT_TARGET),
                                    new Comparison.Peer(
                                            figure(g, "sts", STS, 1000),
                                            n == 1 ? null : STS_TARGET),
                                    new Comparison.Peer(
                                            figure(
                                                    g,
                                                    "executor",
                                                    "newVirtualThreadPerTaskExecutor",
                                                    1000),
                                            null),
                                    new Comparison.Peer(
                                            figure(
                                                    g,
                                                    "cf",
                                                    "CompletableFuture.supplyAsync (virtual threads)",
                                                    1000),
                                            null))));
            Figure vt = figure(g, "weft-vt-owner", "Weft scope, owner on a virtual thread", 1000);
            if (vt != null) {
                out.add(
                        Comparison.of(
                                title + ", owner on a virtual thread",
                                "µs/task",
                                true,
                                vt,
                                "As above, but the batch is forked and joined by a virtual thread (as inside Weft.run, "
                                        + "the usual case); both sides start one extra virtual thread per batch for the "
                                        + "owner. "
                                        + how,
                                List.of(
                                        new Comparison.Peer(
                                                figure(
                                                        g,
                                                        "threads-vt-owner",
                                                        "bare virtual threads, owner on a virtual thread",
                                                        1000),
                                                VT_TARGET))));
            }
        }
        Figure gather = figure("gather-100", "weft", "Weft gather", 1000);
        if (gather != null) {
            out.add(
                    Comparison.of(
                            "gather of 100 no-op tasks",
                            "µs/task",
                            true,
                            gather,
                            "Results collected in argument order; fail-fast. " + how,
                            List.of(
                                    new Comparison.Peer(
                                            figure(
                                                    "gather-100",
                                                    "invokeAll",
                                                    "invokeAll (virtual-thread executor)",
                                                    1000),
                                            null),
                                    new Comparison.Peer(
                                            figure(
                                                    "gather-100",
                                                    "cf",
                                                    "CompletableFuture.allOf (virtual threads)",
                                                    1000),
                                            null),
                                    new Comparison.Peer(
                                            figure(
                                                    "gather-100",
                                                    "sts",
                                                    STS + ", allSuccessfulOrThrow",
                                                    1000),
                                            null))));
        }
        Figure race = figure("race-4", "weft", "Weft race", 1000);
        if (race != null) {
            out.add(
                    Comparison.of(
                            "race of 4 (one wins at once, 3 sleepers cancelled)",
                            "µs/race",
                            true,
                            race,
                            "Includes interrupting the losers and waiting for them to end. " + how,
                            List.of(
                                    new Comparison.Peer(
                                            figure(
                                                    "race-4",
                                                    "invokeAny",
                                                    "invokeAny (virtual-thread executor)",
                                                    1000),
                                            null),
                                    new Comparison.Peer(
                                            figure(
                                                    "race-4",
                                                    "sts",
                                                    STS + ", anySuccessfulResultOrThrow",
                                                    1000),
                                            null))));
        }
        Figure timeout = figure("timeout", "weft", "Weft withTimeout", 1000);
        if (timeout != null) {
            out.add(
                    Comparison.of(
                            "withTimeout, work finishes in time",
                            "µs/call",
                            true,
                            timeout,
                            "Weft runs the work on the caller's thread inside a scope with a deadline (a timer is armed "
                                    + "and cancelled); the peers run it on a new virtual thread, as their APIs do. "
                                    + how,
                            List.of(
                                    new Comparison.Peer(
                                            figure(
                                                    "timeout",
                                                    "futureGet",
                                                    "Future.get(timeout) (virtual-thread executor)",
                                                    1000),
                                            null),
                                    new Comparison.Peer(
                                            figure(
                                                    "timeout",
                                                    "cfOrTimeout",
                                                    "CompletableFuture.orTimeout (virtual threads)",
                                                    1000),
                                            null),
                                    new Comparison.Peer(
                                            figure("timeout", "sts", STS + " withTimeout", 1000),
                                            null))));
        }
        Figure off = figure("debug-100", "off", "Weft, debug mode off", 1000);
        if (off != null) {
            Figure flag = figure("debug-100", "flag-read", "flag read", 1);
            String proof =
                    flag == null
                            ? ""
                            : String.format(
                                    Locale.ROOT,
                                    " Debug off costs a fork one read of "
                                            + "the volatile debug flag: measured %.2f ns (%.2f–%.2f) in the same rounds, %.3f%% of the "
                                            + "%.3f µs a fork+join costs per task here.",
                                    flag.value(),
                                    flag.spread().min(),
                                    flag.spread().max(),
                                    flag.value() / (off.value() * 1000) * 100,
                                    off.value());
            out.add(
                    Comparison.of(
                            "debug mode: fork+join of 100 tasks, off vs on",
                            "µs/task",
                            true,
                            off,
                            "Same code, debug switched with TaskTree.setDebug. On, every fork captures its stack (the "
                                    + "fork site); the ratio is what switching debug on costs."
                                    + proof
                                    + " "
                                    + how,
                            List.of(
                                    new Comparison.Peer(
                                            figure("debug-100", "on", "Weft, debug mode on", 1000),
                                            null),
                                    new Comparison.Peer(
                                            figure(
                                                    "debug-100",
                                                    "threads",
                                                    "bare virtual threads, same batch",
                                                    1000),
                                            null))));
        }
        channels(out, "pingpong", "channel ping-pong", "ns/round trip");
        channels(out, "pc", "channel producer/consumer", "ns/message");
        Figure lu = figure("limiter-uncontended", "weft", "Weft Limiter", 1);
        if (lu != null) {
            out.add(
                    Comparison.of(
                            "limiter: acquire + release, uncontended",
                            "ns/op",
                            true,
                            lu,
                            "One platform thread; the Limiter is first come, first served (a fair Semaphore inside) "
                                    + "and hands out an AutoCloseable Permit. "
                                    + how,
                            List.of(
                                    new Comparison.Peer(
                                            figure(
                                                    "limiter-uncontended",
                                                    "fair",
                                                    "Semaphore (fair)",
                                                    1),
                                            null),
                                    new Comparison.Peer(
                                            figure(
                                                    "limiter-uncontended",
                                                    "unfair",
                                                    "Semaphore (non-fair)",
                                                    1),
                                            null))));
        }
        Figure lc = figure("limiter-contended", "weft", "Weft Limiter", 1);
        if (lc != null) {
            out.add(
                    Comparison.of(
                            String.format(
                                    "limiter: %d virtual threads sharing %d permits",
                                    LimiterWork.THREADS, LimiterWork.PERMITS),
                            "ns/op",
                            true,
                            lc,
                            "Each acquisition holds the permit for a few dozen ns of work; figure per acquire + release. "
                                    + how,
                            List.of(
                                    new Comparison.Peer(
                                            figure(
                                                    "limiter-contended",
                                                    "fair",
                                                    "Semaphore (fair)",
                                                    1),
                                            null),
                                    new Comparison.Peer(
                                            figure(
                                                    "limiter-contended",
                                                    "unfair",
                                                    "Semaphore (non-fair)",
                                                    1),
                                            null))));
        }
        return out;
    }

    private void channels(List<Comparison> out, String kind, String title, String unit) {
        Target jox = new Target(0.8, "within 1.25× of Jox");
        Target abq = new Target(1.0, "faster than ArrayBlockingQueue");
        String how =
                "Two virtual threads, "
                        + ChannelWork.MESSAGES
                        + " messages per operation, the "
                        + "implementations interleaved in rounds in one JVM; median and min–max per message.";
        String g0 = "channel-" + kind + "-0";
        Figure rv = figure(g0, "WEFT", "Weft Channel.rendezvous()", 1);
        if (rv != null) {
            out.add(
                    Comparison.of(
                            title + ", rendezvous",
                            unit,
                            true,
                            rv,
                            how,
                            List.of(
                                    new Comparison.Peer(
                                            figure(g0, "JOX", "Jox newRendezvousChannel", 1),
                                            new Target(0.8, "within 1.25× of Jox")),
                                    new Comparison.Peer(
                                            figure(g0, "SYNCHRONOUS_QUEUE", "SynchronousQueue", 1),
                                            null),
                                    new Comparison.Peer(
                                            figure(
                                                    g0,
                                                    "LINKED_TRANSFER_QUEUE",
                                                    "LinkedTransferQueue.transfer",
                                                    1),
                                            null))));
        }
        for (int cap : new int[] {16, 100}) {
            String g = "channel-" + kind + "-" + cap;
            Figure w = figure(g, "WEFT", "Weft Channel.bounded(" + cap + ")", 1);
            if (w != null) {
                out.add(
                        Comparison.of(
                                title + ", buffered(" + cap + ")",
                                unit,
                                true,
                                w,
                                how,
                                List.of(
                                        new Comparison.Peer(
                                                figure(
                                                        g,
                                                        "JOX",
                                                        "Jox newBufferedChannel(" + cap + ")",
                                                        1),
                                                jox),
                                        new Comparison.Peer(
                                                figure(
                                                        g,
                                                        "ARRAY_BLOCKING_QUEUE",
                                                        "ArrayBlockingQueue(" + cap + ")",
                                                        1),
                                                abq))));
            }
        }
    }
}
