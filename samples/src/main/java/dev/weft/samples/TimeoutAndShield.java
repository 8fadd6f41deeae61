package dev.weft.samples;

import dev.weft.CancelledException;
import dev.weft.DeadlineExceededException;
import dev.weft.Weft;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Demo: timeouts and shielding. {@link Weft#withTimeout} is asyncio's {@code wait_for}: late work
 * is cancelled, waited for, and reported as {@link DeadlineExceededException}. {@link
 * Weft#withTimeoutOrEmpty} is Trio's {@code move_on_after}: empty instead of an exception. {@link
 * Weft#shield} protects work that must finish — a save — from the cancellation around it: the
 * request around the save gives up, the save still completes, and {@link Weft#run} returns only
 * once it has, so nothing outlives the run. Every time printed is measured. Prints, for example:
 *
 * <pre>
 * wait_for: the quick lookup returned 7
 * wait_for: the slow lookup was cancelled
 * wait_for: gave up after 503 ms (timeout 500 ms)
 * move_on_after: no answer after 502 ms (timeout 500 ms), using the cached value 42
 * shield: saving 3 records
 * shield: the request gave up after 304 ms (timeout 300 ms)
 * shield: the shielded save still completed, 801 ms after it started
 * </pre>
 *
 * As with asyncio's {@code wait_for(shield(save()), 0.3)}, the timeout fires at 300 ms while the
 * save goes on. Unlike asyncio, where the shielded work then runs unowned in the background, Weft's
 * shielded task belongs to the outermost scope — here the one of {@link Weft#run} — which waits for
 * the save before it returns, so nothing outlives it: the last line is printed after {@code run}
 * has returned.
 */
public final class TimeoutAndShield {
    private static final Duration LOOKUP_TIMEOUT = Duration.ofMillis(500);
    private static final Duration REQUEST_TIMEOUT = Duration.ofMillis(300);
    private static final Duration SAVE_TIME = Duration.ofMillis(800);

    public static void main(String[] args) {
        AtomicLong saveMillis = new AtomicLong(-1);
        Weft.run(
                () -> {
                    waitFor();
                    moveOnAfter();
                    shield(saveMillis);
                });
        // Weft.run has returned: the shielded save is over, whenever the request gave up.
        if (saveMillis.get() >= 0) {
            System.out.println(
                    "shield: the shielded save still completed, "
                            + saveMillis.get()
                            + " ms after it started");
        } else {
            System.out.println("shield: the shielded save did not complete");
        }
    }

    private static void waitFor() {
        int quick = Weft.withTimeout(LOOKUP_TIMEOUT, () -> lookup(Duration.ofMillis(10)));
        System.out.println("wait_for: the quick lookup returned " + quick);
        long start = Weft.nanoTime();
        try {
            Weft.withTimeout(LOOKUP_TIMEOUT, () -> lookup(Duration.ofSeconds(10)));
        } catch (DeadlineExceededException e) {
            System.out.println(
                    "wait_for: gave up after "
                            + millisSince(start)
                            + " ms (timeout "
                            + LOOKUP_TIMEOUT.toMillis()
                            + " ms)");
        }
    }

    private static void moveOnAfter() {
        long start = Weft.nanoTime();
        Optional<Integer> answer =
                Weft.withTimeoutOrEmpty(LOOKUP_TIMEOUT, TimeoutAndShield::slowQuietLookup);
        System.out.println(
                "move_on_after: "
                        + (answer.isPresent() ? "answered" : "no answer")
                        + " after "
                        + millisSince(start)
                        + " ms (timeout "
                        + LOOKUP_TIMEOUT.toMillis()
                        + " ms), using "
                        + (answer.isPresent()
                                ? "the answer " + answer.get()
                                : "the cached value 42"));
    }

    private static void shield(AtomicLong saveMillis) {
        long start = Weft.nanoTime();
        try {
            Weft.withTimeout(REQUEST_TIMEOUT, () -> Weft.shield(() -> save(3, saveMillis)));
            System.out.println("shield: the request finished within its timeout");
        } catch (DeadlineExceededException e) {
            System.out.println(
                    "shield: the request gave up after "
                            + millisSince(start)
                            + " ms (timeout "
                            + REQUEST_TIMEOUT.toMillis()
                            + " ms)");
        }
    }

    private static int lookup(Duration latency) {
        try {
            Weft.sleep(latency);
            return 7;
        } catch (CancelledException e) {
            System.out.println("wait_for: the slow lookup was cancelled");
            throw e;
        }
    }

    private static int slowQuietLookup() {
        Weft.sleep(Duration.ofSeconds(10));
        return 7;
    }

    private static int save(int records, AtomicLong saveMillis) {
        System.out.println("shield: saving " + records + " records");
        long start = Weft.nanoTime();
        Weft.sleep(SAVE_TIME);
        saveMillis.set(millisSince(start));
        return records;
    }

    /** Milliseconds since {@code startNanos} on Weft's clock: the one its timeouts measure. */
    private static long millisSince(long startNanos) {
        return Duration.ofNanos(Weft.nanoTime() - startNanos).toMillis();
    }
}
