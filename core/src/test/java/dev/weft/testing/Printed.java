package dev.weft.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What a piece of example code prints on {@code System.out} or {@code System.err}, captured so that
 * a test asserts on it instead of letting it into the build log. Tests run one at a time in a
 * module's test JVM, and the examples leave no thread behind, so swapping the global stream is
 * safe.
 */
public final class Printed {
    private Printed() {}

    /** Code that may print and throw. */
    @FunctionalInterface
    public interface Action {
        void run() throws Exception;
    }

    /**
     * Runs {@code action} with {@code System.out} captured and returns the lines it printed.
     *
     * @throws Exception what the action threw, after {@code System.out} is restored
     */
    public static List<String> lines(Action action) throws Exception {
        PrintStream old = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream capture = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            action.run();
        } finally {
            System.setOut(old);
        }
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    /**
     * Runs {@code action} with {@code System.err} captured and returns the lines it printed there.
     *
     * @throws Exception what the action threw, after {@code System.err} is restored
     */
    public static List<String> errLines(Action action) throws Exception {
        PrintStream old = System.err;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream capture = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            System.setErr(capture);
            action.run();
        } finally {
            System.setErr(old);
        }
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
