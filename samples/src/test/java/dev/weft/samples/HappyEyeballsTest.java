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
                "simulated network, nothing is sent: 2001:db8::1 answers after 10000 ms,"
                        + " 2001:db8::2 refuses after 20 ms, 192.0.2.1 answers after 50 ms, 192.0.2.2 answers after 50 ms",
                "attempt 1: connecting to 2001:db8::1",
                "attempt 2: connecting to 2001:db8::2",
                "attempt 2: 2001:db8::2 refused the connection",
                "attempt 3: connecting to 192.0.2.1",
                "attempt 3: connected to 192.0.2.1",
                "attempt 1: cancelled",
                "connected to 192.0.2.1 after 3 attempts, in _ ms");
        Timing.assertTimedRun(HappyEyeballs::main, expected, Timing.blankMillisAfter("in"), rec -> {
            assertBetween(rec.elapsed(), 0.25, 5.0, "the race (the black hole alone is 10 s)");
            assertBetween(Timing.millisAfter(rec.texts().get(7), "in"), 0.25, rec.elapsed().toNanos() / 1e9,
                    "the printed time (at least the 250 ms stagger, at most the whole run)");
        });
    }
}
