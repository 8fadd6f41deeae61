package dev.weft.bench;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The per-task memory account: heap bytes per parked task, by class, for Weft, the
 * StructuredTaskScope peer and bare virtual threads, each measured by {@link MemoryMain} in a fresh
 * JVM, the processes alternating in rounds (per class, the median over the rounds), plus the field
 * layout of Weft's task object.
 *
 * @param tasks how many tasks were parked in each process
 * @param rounds how many processes per implementation
 * @param byImpl implementation label to (class name to {bytes per task, instances per task})
 * @param taskFields Weft's task object's fields: {class, name, type, bytes}
 * @param notes what went wrong, if anything
 */
record MemoryAccount(
        int tasks,
        int rounds,
        Map<String, Map<String, double[]>> byImpl,
        List<String[]> taskFields,
        List<String> notes) {
    private static final Logger LOG = LoggerFactory.getLogger(MemoryAccount.class);

    /** The implementations, as labelled in the report, with their MemoryMain argument. */
    static final Map<String, String> IMPLS = labels();

    private static Map<String, String> labels() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("Weft", "weft");
        m.put("StructuredTaskScope (JDK 25 preview)", "sts");
        m.put("bare virtual threads", "threads");
        return m;
    }

    /**
     * Measures the account.
     *
     * @param tasks parked tasks per process
     * @param rounds processes per implementation, alternating
     * @param classPath the bench class path (with the preview peer when it is compiled)
     * @param preview whether the StructuredTaskScope peer can run
     * @return the account
     */
    static MemoryAccount measure(int tasks, int rounds, String classPath, boolean preview)
            throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Map<String, Map<String, List<double[]>>> samples = new LinkedHashMap<>();
        List<String[]> fields = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<Map.Entry<String, String>> impls = new ArrayList<>(IMPLS.entrySet());
        impls.removeIf(e -> e.getValue().equals("sts") && !preview);
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < impls.size(); i++) {
                Map.Entry<String, String> impl = impls.get((i + r) % impls.size());
                Map<String, double[]> classes =
                        run(java, classPath, preview, impl, tasks, r == 0 ? fields : null, notes);
                if (classes != null) {
                    Map<String, List<double[]>> byClass =
                            samples.computeIfAbsent(impl.getKey(), k -> new LinkedHashMap<>());
                    classes.forEach(
                            (c, v) -> byClass.computeIfAbsent(c, k -> new ArrayList<>()).add(v));
                }
            }
        }
        Map<String, Map<String, double[]>> byImpl = new LinkedHashMap<>();
        for (Map.Entry<String, String> impl : IMPLS.entrySet()) {
            Map<String, List<double[]>> byClass = samples.get(impl.getKey());
            if (byClass == null) {
                continue;
            }
            int runs = 0;
            for (List<double[]> v : byClass.values()) {
                runs = Math.max(runs, v.size());
            }
            Map<String, double[]> medians = new LinkedHashMap<>();
            for (Map.Entry<String, List<double[]>> c : byClass.entrySet()) {
                // a class missing from a run counts as 0 there
                double[] bytes = new double[runs];
                double[] count = new double[runs];
                for (int k = 0; k < c.getValue().size(); k++) {
                    bytes[k] = c.getValue().get(k)[0];
                    count[k] = c.getValue().get(k)[1];
                }
                double b = Spread.of(bytes).median();
                if (Math.abs(b) >= 0.5) {
                    medians.put(c.getKey(), new double[] {b, Spread.of(count).median()});
                }
            }
            byImpl.put(impl.getKey(), medians);
        }
        return new MemoryAccount(tasks, rounds, byImpl, fields, notes);
    }

    private static Map<String, double[]> run(
            String java,
            String classPath,
            boolean preview,
            Map.Entry<String, String> impl,
            int tasks,
            List<String[]> fields,
            List<String> notes)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(java));
        if (preview) {
            cmd.add("--enable-preview");
        }
        cmd.addAll(
                List.of(
                        "-cp",
                        classPath,
                        MemoryMain.class.getName(),
                        impl.getValue(),
                        Integer.toString(tasks)));
        LOG.info("memory account: {} with {} parked tasks", impl.getKey(), tasks);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        Map<String, double[]> classes = new LinkedHashMap<>();
        StringBuilder output = new StringBuilder();
        try (BufferedReader r =
                new BufferedReader(
                        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                String[] f = line.split(" ");
                if (f[0].equals("CLASS") && f.length == 4) {
                    classes.put(
                            f[1],
                            new double[] {Double.parseDouble(f[2]), Double.parseDouble(f[3])});
                } else if (f[0].equals("FIELD") && f.length == 5) {
                    if (fields != null) {
                        fields.add(new String[] {f[1], f[2], f[3], f[4]});
                    }
                } else if (output.length() < 4000) {
                    output.append(line).append('\n');
                }
            }
        }
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
        }
        if (p.exitValue() != 0 || classes.isEmpty()) {
            notes.add(
                    "memory account of "
                            + impl.getKey()
                            + " failed (exit "
                            + p.exitValue()
                            + "): "
                            + output.toString().strip());
            return null;
        }
        return classes;
    }

    /**
     * Heap bytes per parked task of one implementation.
     *
     * @param impl the implementation's label
     * @return the sum over its classes, or NaN if it was not measured
     */
    double total(String impl) {
        Map<String, double[]> m = byImpl.get(impl);
        if (m == null) {
            return Double.NaN;
        }
        double sum = 0;
        for (double[] v : m.values()) {
            sum += v[0];
        }
        return sum;
    }

    /**
     * What a class in the account is, for readers of the table.
     *
     * @param className the histogram's class name
     * @return a short description, or empty
     */
    static String describe(String className) {
        return switch (className) {
            case "jdk.internal.vm.StackChunk" -> "the parked stack (frames of the task's thread)";
            case "java.lang.VirtualThread" -> "the virtual thread";
            case "java.lang.VirtualThread$VThreadContinuation",
                    "jdk.internal.vm.Continuation",
                    "java.lang.VirtualThread$VThreadContinuation$1" ->
                    "the thread's continuation";
            case "dev.weft.TaskImpl" -> "Weft's task object (fields below)";
            case "java.lang.ThreadLocal$ThreadLocalMap",
                    "[Ljava.lang.ThreadLocal$ThreadLocalMap$Entry;",
                    "java.lang.ThreadLocal$ThreadLocalMap$Entry" ->
                    "a per-thread ThreadLocal map";
            case "java.lang.String", "[B" -> "strings (thread names)";
            case "java.util.concurrent.ConcurrentHashMap$Node",
                    "[Ljava.util.concurrent.ConcurrentHashMap$Node;" ->
                    "a concurrent set of threads: the JDK's root container, or the scope's ThreadFlock";
            case "java.util.concurrent.ScheduledThreadPoolExecutor$ScheduledFutureTask",
                    "[Ljava.util.concurrent.RunnableScheduledFuture;" ->
                    "the sleep's timer";
            case "java.lang.invoke.LambdaForm$DMH", "java.lang.Object" -> "";
            default ->
                    className.startsWith("java.util.concurrent.StructuredTaskScope")
                            ? "StructuredTaskScope's subtask"
                            : className.startsWith("dev.weft.") ? "Weft" : "";
        };
    }
}
