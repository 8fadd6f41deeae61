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
class SayHelloTest {
    @Test
    void printsHelloThenWorldOneSecondApart(VirtualClock clock) throws Exception {
        LineRecorder rec = Captured.run(SayHello::main).out();
        assertEquals(List.of("0.000 s Hello", "1.000 s World"), rec.timeline());
        assertEquals(Duration.ofSeconds(1), clock.elapsed());
    }
}
