package dev.weft.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.test.VirtualClock;
import dev.weft.test.VirtualTime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;

@VirtualTime
@Timeout(30)
class HappyEyeballsTest {
    @Test
    void theThirdAddressWinsAndTheBlackHoleIsCancelledLongBeforeItsTenSeconds(VirtualClock clock)
            throws Exception {
        LineRecorder rec = Captured.run(HappyEyeballs::main).out();
        assertEquals(
                List.of(
                        "0.000 s simulated network, nothing is sent: 2001:db8::1 answers after 10000 ms,"
                                + " 2001:db8::2 refuses after 20 ms, 192.0.2.1 answers after 50 ms, 192.0.2.2 answers after 50 ms",
                        "0.000 s attempt 1: connecting to 2001:db8::1",
                        "0.250 s attempt 2: connecting to 2001:db8::2", // the 250 ms stagger
                        "0.270 s attempt 2: 2001:db8::2 refused the connection",
                        "0.270 s attempt 3: connecting to 192.0.2.1", // at once after a failure
                        "0.320 s attempt 3: connected to 192.0.2.1",
                        "0.320 s attempt 1: cancelled",
                        "0.320 s connected to 192.0.2.1 after 3 attempts, in 320 ms"),
                rec.timeline());
        assertEquals(Duration.ofMillis(320), clock.elapsed()); // the black hole alone is 10 s
    }
}
