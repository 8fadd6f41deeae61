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
class CancellationTest {
    @Test
    void theTenSecondSleepIsCancelledAfterOne(VirtualClock clock) throws Exception {
        LineRecorder rec = Captured.run(Cancellation::main).out();
        assertEquals(
                List.of("1.000 s Task was cancelled", "1.000 s Caught task cancellation"),
                rec.timeline());
        assertEquals(Duration.ofSeconds(1), clock.elapsed()); // not 10
    }
}
