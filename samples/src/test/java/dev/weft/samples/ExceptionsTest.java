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
class ExceptionsTest {
    @Test
    void catchesTheFailureAfterOneSecond(VirtualClock clock) throws Exception {
        LineRecorder rec = Captured.run(Exceptions::main).out();
        assertEquals(List.of("1.000 s Caught an exception: An error occurred!"), rec.timeline());
        assertEquals(Duration.ofSeconds(1), clock.elapsed());
    }
}
