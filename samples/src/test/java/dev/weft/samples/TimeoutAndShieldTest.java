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
class TimeoutAndShieldTest {
    @Test
    void timeoutsCancelTheWorkTheShieldedSaveCompletesAndEveryPrintedTimeIsMeasured(
            VirtualClock clock) throws Exception {
        LineRecorder rec = Captured.run(TimeoutAndShield::main).out();
        assertEquals(
                List.of(
                        "0.010 s wait_for: the quick lookup returned 7",
                        "0.510 s wait_for: the slow lookup was cancelled",
                        "0.510 s wait_for: gave up after 500 ms (timeout 500 ms)",
                        "1.010 s move_on_after: no answer after 500 ms (timeout 500 ms), using the cached value 42",
                        "1.010 s shield: saving 3 records",
                        // The request's timeout fires on time while the shielded save goes on, and
                        // the run
                        // returns once the save is done.
                        "1.310 s shield: the request gave up after 300 ms (timeout 300 ms)",
                        "1.810 s shield: the shielded save still completed, 800 ms after it started"),
                rec.timeline());
        assertEquals(Duration.ofMillis(1810), clock.elapsed()); // its sleeps alone are 20 s
    }
}
