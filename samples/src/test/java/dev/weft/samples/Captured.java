package dev.weft.samples;

import java.io.PrintStream;

/**
 * Captures {@code System.out} and {@code System.err}, line by line, until closed: how the tests
 * read what a sample's {@code main} prints. Surefire runs the tests of this module one at a time,
 * so swapping the two global streams is safe; every sample has ended (no thread of it is left) when
 * its {@code main} returns, so nothing prints into a stream after it was restored.
 */
public final class Captured implements AutoCloseable {
    private final PrintStream oldOut = System.out;
    private final PrintStream oldErr = System.err;
    private final LineRecorder out = new LineRecorder();
    private final LineRecorder err = new LineRecorder();

    private Captured() {
        System.setOut(out.out());
        System.setErr(err.out());
    }

    /** Starts capturing both streams. */
    public static Captured start() {
        return new Captured();
    }

    /** A sample's {@code main}. */
    @FunctionalInterface
    public interface Main {
        void main(String[] args) throws Exception;
    }

    /** Runs {@code main} with both streams captured, and returns what it printed. */
    public static Captured run(Main main, String... args) throws Exception {
        try (Captured c = start()) {
            main.main(args);
            return c;
        }
    }

    /** What was printed on {@code System.out}. */
    public LineRecorder out() {
        return out;
    }

    /** What was printed on {@code System.err}. */
    public LineRecorder err() {
        return err;
    }

    @Override
    public void close() {
        System.out.flush();
        System.err.flush();
        System.setOut(oldOut);
        System.setErr(oldErr);
    }
}
