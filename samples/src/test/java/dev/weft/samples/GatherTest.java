package dev.weft.samples;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class GatherTest {
    @Test
    @Timeout(value = 40, unit = TimeUnit.SECONDS)
    void gathersBothTasksInTwoSecondsNotThree() throws Exception {
        Timing.assertTimedRun(Gather::main, CreateTaskTest.LINES, CreateTaskTest::assertConcurrent);
    }
}
