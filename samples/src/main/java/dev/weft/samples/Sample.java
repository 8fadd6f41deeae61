package dev.weft.samples;

import java.io.PrintStream;

/**
 * One runnable sample of the tour: prints its own lines on {@code out} and nothing else there
 * (logs go to SLF4J, which the samples route to stderr).
 *
 * <p>A sample blocks until it is done. If the calling thread is interrupted meanwhile (the tour
 * does that on Ctrl-C), the sample cancels its tasks, waits for them and throws
 * {@link dev.weft.CancelledException}.
 */
@FunctionalInterface
public interface Sample {
    /**
     * Runs the sample.
     *
     * @param out where the sample prints its lines
     * @param args extra arguments from the command line (most samples ignore them)
     * @throws Exception whatever the sample fails with
     */
    void run(PrintStream out, String... args) throws Exception;
}
