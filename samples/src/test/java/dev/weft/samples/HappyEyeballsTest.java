package dev.weft.samples;

import static dev.weft.samples.Timing.assertBetween;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class HappyEyeballsTest {
    @Test
    @Timeout(value = 40, unit = TimeUnit.SECONDS)
    void theThirdAddressWinsAndTheBlackHoleIsCancelledLongBeforeItsTenSeconds() throws Exception {
        List<String> expected = List.of(
                "attempt 1: connecting to 2001:db8::1",
                "attempt 2: connecting to 2001:db8::2",
                "attempt 2: 2001:db8::2 refused the connection",
                "attempt 3: connecting to 192.0.2.1",
                "attempt 3: connected to 192.0.2.1",
                "attempt 1: cancelled",
                "connected to 192.0.2.1 after 3 attempts");
        Timing.assertTimedRun(HappyEyeballs::run, expected,
                rec -> assertBetween(rec.elapsed(), 0.25, 5.0, "the race (the black hole alone is 10 s)"));
    }
}
