package dev.weft.samples;

import dev.weft.CancelledException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sample tour: every example of the asyncio tutorial, translated, then the
 * structured-concurrency demos.
 * <pre>
 * mvn -B -q -pl samples -am -DskipTests package exec:exec -Dsample=all
 * mvn -B -q -pl samples -am -DskipTests package exec:exec -Dsample=gather
 * mvn -B -q -pl samples -am -DskipTests package exec:exec "-Dsample=http_fetch https://example.com/"
 * </pre>
 * {@code all} (the default) runs every sample in order, each under a heading. A sample's name runs
 * that one alone, and stdout then holds only that sample's own lines; logs go to stderr. Words
 * after the name are passed to the sample. An unknown name lists the valid ones on stderr and
 * exits with status 2. Ctrl-C cancels the running sample's tasks and waits briefly for them.
 */
public final class Tour {
    private static final Logger LOG = LoggerFactory.getLogger(Tour.class);
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(3);

    private static final Map<String, Sample> SAMPLES = registry();

    private Tour() {
    }

    private static Map<String, Sample> registry() {
        Map<String, Sample> m = new LinkedHashMap<>();
        m.put("say_hello", SayHello::run);
        m.put("create_task", CreateTask::run);
        m.put("gather", Gather::run);
        m.put("files", FileIo::run);
        m.put("http_fetch", HttpFetch::run);
        m.put("exceptions", Exceptions::run);
        m.put("cancellation", Cancellation::run);
        m.put("crawl", Crawl::run);
        m.put("happy_eyeballs", HappyEyeballs::run);
        m.put("pipeline", Pipeline::run);
        m.put("checksum", TreeChecksum::run);
        m.put("timeout_shield", TimeoutAndShield::run);
        m.put("failing_sibling", FailingSibling::run);
        m.put("echo", EchoServer::run);
        m.put("kv_store", KeyValueServer::run);
        return Collections.unmodifiableMap(m);
    }

    /**
     * Returns every sample, by name, in tour order.
     *
     * @return an unmodifiable ordered map from name to sample
     */
    public static Map<String, Sample> samples() {
        return SAMPLES;
    }

    /**
     * Finds a sample by name.
     *
     * @param name a sample's name
     * @return the sample, or empty if no sample has that name
     */
    public static Optional<Sample> lookup(String name) {
        return Optional.ofNullable(SAMPLES.get(name));
    }

    /**
     * Returns the message shown for an unknown sample name: the name and every valid one.
     *
     * @param name the unknown name
     * @return the message
     */
    public static String unknownSample(String name) {
        return "unknown sample '" + name + "'; valid names: all, " + String.join(", ", SAMPLES.keySet());
    }

    /**
     * Runs every sample in tour order, each under a heading, with no arguments.
     *
     * @param out where the samples and headings print
     * @throws Exception the first sample failure; the samples after it do not run
     */
    public static void runAll(PrintStream out) throws Exception {
        runAll(out, SAMPLES);
    }

    /** Runs the given samples in map order, each under a heading, until one fails or the thread is interrupted. */
    static void runAll(PrintStream out, Map<String, Sample> samples) throws Exception {
        boolean first = true;
        for (Map.Entry<String, Sample> e : samples.entrySet()) {
            if (Thread.currentThread().isInterrupted()) {
                // A sample may catch its own cancellation (the cancellation sample does); stop anyway.
                throw new CancelledException("the tour was interrupted before '" + e.getKey() + "'");
            }
            if (!first) {
                out.println();
            }
            first = false;
            out.println("== " + e.getKey() + " ==");
            e.getValue().run(out);
        }
    }

    /**
     * A sample name and the arguments for it, parsed from the command line.
     *
     * @param name the sample's name, {@code all} when none was given
     * @param args the words after the name
     */
    record Invocation(String name, List<String> args) {
        /**
         * Parses the command line. Since {@code exec:exec} passes {@code -Dsample} as one
         * argument, arguments are split on whitespace.
         *
         * @param args the command-line arguments
         * @return the sample name and its arguments
         */
        static Invocation parse(String... args) {
            String line = String.join(" ", args).trim();
            if (line.isEmpty()) {
                return new Invocation("all", List.of());
            }
            List<String> words = List.of(line.split("\\s+"));
            return new Invocation(words.get(0), words.subList(1, words.size()));
        }
    }

    /**
     * Entry point used by {@code exec:exec}. The first word names the sample ({@code all} when
     * absent); the other words go to the sample. Since {@code exec:exec} passes
     * {@code -Dsample} as one argument, arguments are split on whitespace.
     *
     * @param args the sample name and its arguments
     */
    public static void main(String[] args) {
        Invocation call = Invocation.parse(args);
        String name = call.name();
        Optional<Sample> sample = name.equals("all") ? Optional.of((out, a) -> runAll(out)) : lookup(name);
        if (sample.isEmpty()) {
            System.err.println(unknownSample(name));
            System.exit(2);
        }
        boolean failed = false;
        CancelOnShutdown guard = CancelOnShutdown.install(SHUTDOWN_GRACE);
        try {
            sample.get().run(System.out, call.args().toArray(String[]::new));
        } catch (CancelledException e) {
            // Ctrl-C: the JVM is already shutting down, and System.exit would block in the hook.
            LOG.warn("sample '{}' cancelled: {}", name, e.reason());
        } catch (Exception e) {
            LOG.error("sample '{}' failed", name, e);
            failed = true;
        } finally {
            guard.close();
        }
        System.out.flush();
        if (failed) {
            System.exit(1);
        }
    }
}
