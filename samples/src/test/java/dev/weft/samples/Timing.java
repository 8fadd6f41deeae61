package dev.weft.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.opentest4j.AssertionFailedError;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Wide-margin timing assertions that a loaded two-core machine cannot make flaky, for the samples
 * that do real work (HTTP against the local server); the samples that only sleep and time out are
 * tested in virtual time ({@code @VirtualTime}), with exact timestamps.
 *
 * <p>Timing checks here only ever prove that things ran <em>concurrently</em>: a sequential
 * implementation can never be faster than the sum of its sleeps, however idle the machine. A run
 * slowed down by load can be too slow, though, so {@link #assertTimedRun} allows a few attempts and
 * passes on the first whose timing holds. What the sample prints is checked strictly on every
 * attempt.
 */
final class Timing {
    private static final int ATTEMPTS = 3;

    private Timing() {}

    static void assertBetween(Duration actual, double minSeconds, double maxSeconds, String what) {
        double s = actual.toNanos() / 1e9;
        assertTrue(
                s >= minSeconds && s <= maxSeconds,
                () ->
                        what
                                + " took "
                                + s
                                + " s, expected between "
                                + minSeconds
                                + " and "
                                + maxSeconds
                                + " s");
    }

    /**
     * Runs the sample's {@code main} until its timing check passes, at most three times. Every run
     * must print exactly {@code expected} on stdout.
     *
     * @param timing checks the stdout recording of one run, after {@code main} returned
     */
    static void assertTimedRun(
            Captured.Main sample, List<String> expected, Consumer<LineRecorder> timing)
            throws Exception {
        assertTimedRun(sample, expected, UnaryOperator.identity(), timing);
    }

    /**
     * As {@link #assertTimedRun(Captured.Main, List, Consumer)}, comparing the printed lines after
     * {@code normalize} (which blanks what is measured, such as times).
     */
    static void assertTimedRun(
            Captured.Main sample,
            List<String> expected,
            UnaryOperator<String> normalize,
            Consumer<LineRecorder> timing)
            throws Exception {
        AssertionFailedError last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            LineRecorder rec = Captured.run(sample).out();
            assertEquals(expected, rec.texts().stream().map(normalize).toList());
            try {
                timing.accept(rec);
                return;
            } catch (AssertionFailedError slow) {
                if (last != null) {
                    slow.addSuppressed(last);
                }
                last = slow;
            }
        }
        throw last;
    }
}
