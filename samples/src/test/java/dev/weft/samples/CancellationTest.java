package dev.weft.samples;

import static dev.weft.samples.Timing.assertBetween;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class CancellationTest {
    @Test
    @Timeout(value = 40, unit = TimeUnit.SECONDS)
    void theTenSecondSleepIsCancelledAfterOne() throws Exception {
        Timing.assertTimedRun(Cancellation::main, List.of("Task was cancelled", "Caught task cancellation"), rec -> {
            assertBetween(rec.lines().get(0).at(), 0.95, 5.0, "the cancellation");
            assertBetween(rec.elapsed(), 0.95, 5.0, "the whole run (the task would sleep 10 s)");
        });
    }
}
