package dev.weft.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.test.VirtualClock;
import dev.weft.test.VirtualTime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

@VirtualTime
@Timeout(30)
class GatherTest {
    @Test
    void gathersBothTasksInTwoSecondsNotThree(VirtualClock clock) throws Exception {
        LineRecorder rec = Captured.run(Gather::main).out();
        assertEquals(CreateTaskTest.TIMELINE, rec.timeline());
        assertEquals(Duration.ofSeconds(2), clock.elapsed());
    }
}
