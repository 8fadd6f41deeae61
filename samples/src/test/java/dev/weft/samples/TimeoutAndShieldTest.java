package dev.weft.samples;

import static dev.weft.samples.Timing.assertBetween;
import static dev.weft.samples.Timing.millisAfter;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class TimeoutAndShieldTest {
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void timeoutsCancelTheWorkTheShieldedSaveCompletesAndEveryPrintedTimeIsMeasured() throws Exception {
        List<String> expected = List.of(
                "wait_for: the quick lookup returned 7",
                "wait_for: the slow lookup was cancelled",
                "wait_for: gave up after _ ms (timeout 500 ms)",
                "move_on_after: no answer after _ ms (timeout 500 ms), using the cached value 42",
                "shield: saving 3 records",
                "shield: the request gave up after _ ms (timeout 300 ms)",
                "shield: the shielded save still completed, _ ms after it started");
        Timing.assertTimedRun(TimeoutAndShield::main, expected,
                line -> Timing.blankMillisAfter("after").apply(line).replaceFirst("completed, \\d+ ms", "completed, _ ms"),
                rec -> {
                    List<String> lines = rec.texts();
                    double whole = rec.elapsed().toNanos() / 1e9;
                    assertBetween(rec.elapsed(), 1.5, 8.0, "the demo (its sleeps alone are 20 s)");
                    // A timeout never fires early; each printed time is at most the whole run.
                    assertBetween(millisAfter(lines.get(2), "after"), 0.5, whole, "wait_for's printed time");
                    assertBetween(millisAfter(lines.get(3), "after"), 0.5, whole, "move_on_after's printed time");
                    assertBetween(millisAfter(lines.get(5), "after"), 0.3, whole, "the request's printed time");
                    assertBetween(millisAfter(lines.get(6), "completed,"), 0.8, whole, "the save's printed time");
                    // The request's timeout fires on time, while the shielded save goes on.
                    assertBetween(millisAfter(lines.get(5), "after"), 0.3,
                            millisAfter(lines.get(6), "completed,").toNanos() / 1e9, "the request, before the save ended");
                });
    }
}
