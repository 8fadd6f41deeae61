package dev.weft.samples;

import static dev.weft.samples.Timing.assertBetween;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ExceptionsTest {
    @Test
    @Timeout(value = 40, unit = TimeUnit.SECONDS)
    void catchesTheFailureAfterOneSecond() throws Exception {
        Timing.assertTimedRun(Exceptions::main, List.of("Caught an exception: An error occurred!"),
                rec -> assertBetween(rec.lines().get(0).at(), 0.95, 5.0, "the failure"));
    }
}
