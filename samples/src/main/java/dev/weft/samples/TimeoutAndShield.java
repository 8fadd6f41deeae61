package dev.weft.samples;

import dev.weft.CancelledException;
import dev.weft.DeadlineExceededException;
import dev.weft.Weft;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Optional;

/**
 * Demo: timeouts and shielding. {@link Weft#withTimeout} is asyncio's {@code wait_for}: late work
 * is cancelled, waited for, and reported as {@link DeadlineExceededException}.
 * {@link Weft#withTimeoutOrEmpty} is Trio's {@code move_on_after}: empty instead of an exception.
 * {@link Weft#shield} protects work that must finish — a save — from the cancellation around it.
 * Prints:
 * <pre>
 * wait_for: the quick lookup returned 7
 * wait_for: the slow lookup was cancelled
 * wait_for: gave up after 500 ms
 * move_on_after: no answer within 500 ms, using the cached value 42
 * shield: saving 3 records
 * shield: the request timed out after 300 ms; the save goes on
 * shield: saved 3 records
 * </pre>
 * As with asyncio's {@code wait_for(shield(save()), 0.3)}, the timeout fires at 300 ms while the
 * save goes on. Unlike asyncio, where the shielded work then runs unowned in the background,
 * Weft's shielded task belongs to the outermost scope — here the one of {@link Weft#run} — which
 * waits for the save before it returns, so nothing outlives it.
 */
public final class TimeoutAndShield {
    private static final Duration LOOKUP_TIMEOUT = Duration.ofMillis(500);
    private static final Duration REQUEST_TIMEOUT = Duration.ofMillis(300);

    private TimeoutAndShield() {
    }

    /**
     * Runs the three parts one after another.
     *
     * @param out where to print
     * @param args ignored
     */
    public static void run(PrintStream out, String... args) {
        Weft.run(() -> {
            waitFor(out);
            moveOnAfter(out);
            shield(out);
        });
    }

    private static void waitFor(PrintStream out) {
        int quick = Weft.withTimeout(LOOKUP_TIMEOUT, () -> lookup(out, Duration.ofMillis(10)));
        out.println("wait_for: the quick lookup returned " + quick);
        try {
            Weft.withTimeout(LOOKUP_TIMEOUT, () -> lookup(out, Duration.ofSeconds(10)));
        } catch (DeadlineExceededException e) {
            out.println("wait_for: gave up after " + LOOKUP_TIMEOUT.toMillis() + " ms");
        }
    }

    private static void moveOnAfter(PrintStream out) {
        Optional<Integer> answer = Weft.withTimeoutOrEmpty(LOOKUP_TIMEOUT, TimeoutAndShield::slowQuietLookup);
        out.println("move_on_after: no answer within " + LOOKUP_TIMEOUT.toMillis()
                + " ms, using the cached value " + answer.orElse(42));
    }

    private static void shield(PrintStream out) {
        try {
            Weft.withTimeout(REQUEST_TIMEOUT, () -> Weft.shield(() -> save(out, 3)));
        } catch (DeadlineExceededException e) {
            out.println("shield: the request timed out after " + REQUEST_TIMEOUT.toMillis()
                    + " ms; the save goes on");
        }
    }

    private static int lookup(PrintStream out, Duration latency) {
        try {
            Weft.sleep(latency);
            return 7;
        } catch (CancelledException e) {
            out.println("wait_for: the slow lookup was cancelled");
            throw e;
        }
    }

    private static int slowQuietLookup() {
        Weft.sleep(Duration.ofSeconds(10));
        return 7;
    }

    private static int save(PrintStream out, int records) {
        out.println("shield: saving " + records + " records");
        Weft.sleep(Duration.ofMillis(800));
        out.println("shield: saved " + records + " records");
        return records;
    }
}
