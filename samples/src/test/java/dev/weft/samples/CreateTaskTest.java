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
class CreateTaskTest {
    static final List<String> TIMELINE =
            List.of("1.000 s Task 1 completed", "2.000 s Task 2 completed");

    @Test
    void bothTasksRunAtOnceSoTheRunTakesTwoSecondsNotThree(VirtualClock clock) throws Exception {
        LineRecorder rec = Captured.run(CreateTask::main).out();
        assertEquals(TIMELINE, rec.timeline());
        assertEquals(Duration.ofSeconds(2), clock.elapsed()); // one after the other would be 3 s
    }
}
