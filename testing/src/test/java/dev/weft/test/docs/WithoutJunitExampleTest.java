package dev.weft.test.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.Weft;
import dev.weft.test.VirtualClock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

/** The testing guide's example of a virtual clock without JUnit's extension (docs/testing.md). */
@Timeout(30)
class WithoutJunitExampleTest {
    @Test
    void aVirtualClockInTryWithResources() {
        // region without-junit
        try (VirtualClock clock = VirtualClock.install()) {
            String answer =
                    Weft.run(
                            () ->
                                    Weft.withTimeoutOrEmpty(
                                                    Duration.ofMinutes(5),
                                                    () -> {
                                                        Weft.sleep(
                                                                Duration.ofHours(
                                                                        1)); // a call that would
                                                        // take an hour
                                                        return "late";
                                                    })
                                            .orElse("gave up"));
            assertEquals("gave up", answer);
            assertEquals(Duration.ofMinutes(5), clock.elapsed());
        } // close() throws DeadlockError or RealSleepError if the clock saw one
        // endregion
    }
}
