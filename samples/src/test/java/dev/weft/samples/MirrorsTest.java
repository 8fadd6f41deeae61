package dev.weft.samples;

import static dev.weft.samples.Timing.assertBetween;
import static dev.weft.samples.Timing.millisAfter;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class MirrorsTest {
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void raceAsCompletedGatherSettledAndASupervisingScopeEachReportEveryMirror() throws Exception {
        List<String> expected = List.of(
                "simulated mirrors, nothing is sent: eu answers after 100 ms, asia refuses at once, us answers after 10000 ms",
                "race: eu won after _ ms; asia failed (connection refused); us was cancelled",
                "as_completed: asia failed (connection refused)",
                "as_completed: eu answered",
                "as_completed: no other answer within 500 ms; us was cancelled",
                "gather_settled: eu answered, asia failed (connection refused), us failed (no answer within 500 ms)",
                "supervised: eu synced; 2 mirrors failed: asia (connection refused), us (no answer within 500 ms)");
        Timing.assertTimedRun(Mirrors::main, expected, line -> line.replaceFirst("won after \\d+ ms", "won after _ ms"),
                rec -> {
                    assertBetween(millisAfter(rec.texts().get(1), "won after"), 0.1, 5.0, "the race (eu answers at 100 ms)");
                    assertBetween(rec.elapsed(), 1.5, 8.0, "the demo (us alone would take 40 s)");
                });
    }
}
