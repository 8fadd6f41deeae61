package dev.weft.samples.tour;

import dev.weft.CancelledException;
import dev.weft.samples.Cancellation;
import dev.weft.samples.Crawl;
import dev.weft.samples.CreateTask;
import dev.weft.samples.Dispatcher;
import dev.weft.samples.EchoServer;
import dev.weft.samples.Exceptions;
import dev.weft.samples.FailingSibling;
import dev.weft.samples.FileIo;
import dev.weft.samples.Gather;
import dev.weft.samples.HappyEyeballs;
import dev.weft.samples.HttpFetch;
import dev.weft.samples.KeyValueServer;
import dev.weft.samples.Mirrors;
import dev.weft.samples.ParallelGrep;
import dev.weft.samples.Pipeline;
import dev.weft.samples.SayHello;
import dev.weft.samples.TimeoutAndShield;
import dev.weft.samples.TreeChecksum;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The sample tour: every example of the asyncio tutorial, translated, then the
 * structured-concurrency demos. Each sample is a standalone program in {@code dev.weft.samples};
 * the tour calls its {@code main}.
 *
 * <pre>
 * mvn -B -q -pl samples -am -DskipTests package exec:exec -Dsample=all
 * mvn -B -q -pl samples -am -DskipTests package exec:exec -Dsample=gather
 * mvn -B -q -pl samples -am -DskipTests package exec:exec "-Dsample=http_fetch https://example.com/"
 * </pre>
 *
 * {@code all} (the default) runs every sample in order, each under a heading. A sample's name runs
 * that one alone, and stdout then holds only that sample's own lines; logs and notes go to stderr.
 * Words after the name are passed to the sample's {@code main}. An unknown name lists the valid
 * ones on stderr and exits with status 2 (under Maven the build stops before that, in the root
 * project's check of {@code -Dsample}). Ctrl-C (or SIGTERM) is handled by the running sample's
 * {@link dev.weft.Weft#run Weft.run}: it cancels the sample's tasks, lets their cleanup run and
 * throws the cancellation, which the tour lets escape, so the process exits with 130 (143).
 */
public final class Tour {
    private static final Logger LOG = LoggerFactory.getLogger(Tour.class);

    /** A sample's {@code main} method. */
    @FunctionalInterface
    interface SampleMain {
        void run(String[] args) throws Exception;
    }

    private static final Map<String, SampleMain> SAMPLES = registry();

    private Tour() {}

    private static Map<String, SampleMain> registry() {
        Map<String, SampleMain> m = new LinkedHashMap<>();
        m.put("say_hello", SayHello::main);
        m.put("create_task", CreateTask::main);
        m.put("gather", Gather::main);
        m.put("files", FileIo::main);
        m.put("http_fetch", HttpFetch::main);
        m.put("exceptions", Exceptions::main);
        m.put("cancellation", Cancellation::main);
        m.put("crawl", Crawl::main);
        m.put("happy_eyeballs", HappyEyeballs::main);
        m.put("pipeline", Pipeline::main);
        m.put("checksum", TreeChecksum::main);
        m.put("timeout_shield", TimeoutAndShield::main);
        m.put("failing_sibling", FailingSibling::main);
        m.put("echo", EchoServer::main);
        m.put("kv_store", KeyValueServer::main);
        m.put("mirrors", Mirrors::main);
        m.put("dispatcher", Dispatcher::main);
        m.put("grep", ParallelGrep::main);
        return Collections.unmodifiableMap(m);
    }

    /** Every sample's main, by name, in tour order (unmodifiable). */
    static Map<String, SampleMain> samples() {
        return SAMPLES;
    }

    /** The message shown for an unknown sample name: the name and every valid one. */
    static String unknownSample(String name) {
        return "unknown sample '"
                + name
                + "'; valid names: all, "
                + String.join(", ", SAMPLES.keySet());
    }

    /**
     * Runs the given samples in map order, each under a heading on stdout, with no arguments, until
     * one fails or the thread is interrupted.
     */
    static void runAll(Map<String, SampleMain> samples) throws Exception {
        boolean first = true;
        for (Map.Entry<String, SampleMain> e : samples.entrySet()) {
            if (Thread.currentThread().isInterrupted()) {
                // A sample may catch its own cancellation (the cancellation sample does); stop
                // anyway.
                throw new CancelledException(
                        "the tour was interrupted before '" + e.getKey() + "'");
            }
            if (!first) {
                System.out.println();
            }
            first = false;
            System.out.println("== " + e.getKey() + " ==");
            e.getValue().run(new String[0]);
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
         * Parses the command line. Since {@code exec:exec} passes {@code -Dsample} as one argument,
         * arguments are split on whitespace.
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
     * absent); the other words go to the sample. Since {@code exec:exec} passes {@code -Dsample} as
     * one argument, arguments are split on whitespace.
     *
     * @param args the sample name and its arguments
     */
    public static void main(String[] args) {
        Invocation call = Invocation.parse(args);
        String name = call.name();
        Optional<SampleMain> sample =
                name.equals("all")
                        ? Optional.of(a -> runAll(SAMPLES))
                        : Optional.ofNullable(SAMPLES.get(name));
        if (sample.isEmpty()) {
            System.err.println(unknownSample(name));
            System.exit(2);
        }
        try {
            sample.get().run(call.args().toArray(String[]::new));
        } catch (CancelledException e) {
            throw e; // Ctrl-C or SIGTERM, cleanup done: escaping main, the process exits with 130
            // or 143
        } catch (Exception e) {
            LOG.error("sample '{}' failed", name, e);
            System.out.flush();
            System.exit(1);
        }
    }
}
