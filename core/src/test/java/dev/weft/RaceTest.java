package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

@Timeout(30)
class RaceTest {

    @Test
    void firstSuccessWinsAndLosersAreCancelledAndWaitedFor() {
        AtomicBoolean loserCleanedUp = new AtomicBoolean();
        CountDownLatch loserRunning = new CountDownLatch(1);
        String winner =
                Weft.race(
                        () -> {
                            try {
                                loserRunning.countDown();
                                Weft.sleep(Duration.ofHours(1));
                                return "slow";
                            } finally {
                                loserCleanedUp.set(true);
                            }
                        },
                        () -> {
                            loserRunning.await();
                            return "fast";
                        });
        assertEquals("fast", winner);
        assertTrue(loserCleanedUp.get(), "the loser finished before race returned");
    }

    @Test
    void failuresDoNotEndTheRace() {
        CountDownLatch failed = new CountDownLatch(1);
        String winner =
                Weft.race(
                        () -> {
                            failed.countDown();
                            throw new IllegalStateException("first attempt failed");
                        },
                        () -> {
                            failed.await();
                            return "second";
                        });
        assertEquals("second", winner);
    }

    @Test
    void allFailingReportsEveryFailure() {
        TaskGroupException e =
                assertThrows(
                        TaskGroupException.class,
                        () ->
                                Weft.race(
                                        () -> {
                                            throw new IllegalStateException("a");
                                        },
                                        () -> {
                                            throw new IllegalArgumentException("b");
                                        }));
        assertEquals(2, e.failures().size());
    }

    @Test
    void raceNeedsAContender() {
        assertThrows(IllegalArgumentException.class, () -> Weft.race(java.util.List.of()));
    }
}
