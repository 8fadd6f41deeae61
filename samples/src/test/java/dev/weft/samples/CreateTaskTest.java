package dev.weft.samples;

import static dev.weft.samples.Timing.assertBetween;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class CreateTaskTest {
    static final List<String> LINES = List.of("Task 1 completed", "Task 2 completed");

    @Test
    @Timeout(value = 40, unit = TimeUnit.SECONDS)
    void bothTasksRunAtOnceSoTheRunTakesTwoSecondsNotThree() throws Exception {
        Timing.assertTimedRun(CreateTask::main, LINES, CreateTaskTest::assertConcurrent);
    }

    /** Shared with the gather test: task 2 ends about a second after task 1, well before 3 s. */
    static void assertConcurrent(LineRecorder rec) {
        List<LineRecorder.Line> lines = rec.lines();
        assertBetween(lines.get(0).at(), 0.95, 10, "task 1");
        assertBetween(Timing.gap(lines.get(0), lines.get(1)), 0.5, 1.8, "task 2 after task 1");
        assertBetween(rec.elapsed(), 1.95, 2.8, "the whole run (one after the other would be 3 s)");
    }
}
