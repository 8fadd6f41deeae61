package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.DeadlineExceededException;
import dev.weft.Weft;
import dev.weft.test.NoLeakedTasks;
import dev.weft.test.VirtualClock;
import dev.weft.test.VirtualTime;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Tests with weft-test: every test runs on a virtual clock (sleeps and timeouts take no real
 * time and read exactly) and fails if it leaves a Weft task running.
 */
// region tests
@VirtualTime
@NoLeakedTasks
@Timeout(30)
class AppTest {
    @Test
    void mainWritesAndReadsBackEveryFile(VirtualClock clock) throws Exception {
        App.main(new String[] {"one", "two"});
        // Reading files is real work: virtual time stands still while it runs, so the program's
        // five-second deadline cannot fire early, however slow the machine.
        assertEquals(Duration.ZERO, clock.elapsed());
    }

    @Test
    void aStuckCallIsCutOffAtItsDeadline(VirtualClock clock) {
        assertThrows(DeadlineExceededException.class, () -> Weft.run(() -> Weft.withTimeout(Duration.ofSeconds(5), () -> {
            Weft.sleep(Duration.ofMinutes(1)); // a call that would take a minute
            return "too late";
        })));
        assertEquals(Duration.ofSeconds(5), clock.elapsed()); // exactly, in a few milliseconds of real time
    }
}
// endregion
