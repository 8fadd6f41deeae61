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
class MirrorsTest {
    @Test
    void raceAsCompletedGatherSettledAndASupervisingScopeEachReportEveryMirror(VirtualClock clock)
            throws Exception {
        LineRecorder rec = Captured.run(Mirrors::main).out();
        assertEquals(
                List.of(
                        "0.000 s simulated mirrors, nothing is sent: eu answers after 100 ms, asia refuses at once, us answers after 10000 ms",
                        "0.100 s race: eu won after 100 ms; asia failed (connection refused); us was cancelled",
                        "0.100 s as_completed: asia failed (connection refused)",
                        "0.200 s as_completed: eu answered",
                        "0.600 s as_completed: no other answer within 500 ms; us was cancelled",
                        "1.100 s gather_settled: eu answered, asia failed (connection refused), us failed (no answer within 500 ms)",
                        "1.600 s supervised: eu synced; 2 mirrors failed: asia (connection refused), us (no answer within 500 ms)"),
                rec.timeline());
        assertEquals(Duration.ofMillis(1600), clock.elapsed()); // us alone would take 40 s
    }
}
