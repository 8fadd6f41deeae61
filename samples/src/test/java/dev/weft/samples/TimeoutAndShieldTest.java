package dev.weft.samples;

import static dev.weft.samples.Timing.assertBetween;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class TimeoutAndShieldTest {
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void timeoutsCancelTheWorkAndTheShieldedSaveCompletes() throws Exception {
        List<String> expected = List.of(
                "wait_for: the quick lookup returned 7",
                "wait_for: the slow lookup was cancelled",
                "wait_for: gave up after 500 ms",
                "move_on_after: no answer within 500 ms, using the cached value 42",
                "shield: saving 3 records",
                "shield: the request timed out after 300 ms; the save goes on",
                "shield: saved 3 records");
        Timing.assertTimedRun(TimeoutAndShield::run, expected,
                rec -> assertBetween(rec.elapsed(), 1.5, 8.0, "the demo (its sleeps alone are 20 s)"));
    }
}
