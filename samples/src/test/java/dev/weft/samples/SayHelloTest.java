package dev.weft.samples;

import static dev.weft.samples.Timing.assertBetween;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class SayHelloTest {
    @Test
    @Timeout(value = 40, unit = TimeUnit.SECONDS)
    void printsHelloThenWorldOneSecondApart() throws Exception {
        Timing.assertTimedRun(SayHello::main, List.of("Hello", "World"), rec -> {
            List<LineRecorder.Line> lines = rec.lines();
            assertBetween(Timing.gap(lines.get(0), lines.get(1)), 0.95, 5.0, "the pause between Hello and World");
        });
    }
}
