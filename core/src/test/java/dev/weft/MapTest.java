package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

@Timeout(30)
class MapTest {

    @Test
    void resultsInInputOrderAndTheLimitHoldsAtEveryMoment() {
        List<Integer> items = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            items.add(i);
        }
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        List<Integer> doubled =
                Weft.map(
                        items,
                        7,
                        n -> {
                            int now = running.incrementAndGet();
                            maxRunning.accumulateAndGet(now, Math::max);
                            Weft.sleep(Duration.ofMillis(1));
                            running.decrementAndGet();
                            return n * 2;
                        });
        for (int i = 0; i < 200; i++) {
            assertEquals(i * 2, doubled.get(i));
        }
        assertTrue(maxRunning.get() <= 7, "max " + maxRunning.get());
        assertTrue(maxRunning.get() >= 2, "ran concurrently: max " + maxRunning.get());
    }

    @Test
    void failFastStopsStartingNewWork() {
        AtomicInteger started = new AtomicInteger();
        List<Integer> items = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            items.add(i);
        }
        IllegalStateException e =
                assertThrows(
                        IllegalStateException.class,
                        () ->
                                Weft.forEach(
                                        items,
                                        2,
                                        n -> {
                                            started.incrementAndGet();
                                            if (n == 3) {
                                                throw new IllegalStateException("item 3");
                                            }
                                            Weft.sleep(Duration.ofMillis(1));
                                        }));
        assertEquals("item 3", e.getMessage());
        assertTrue(started.get() < 1000, "stopped early: started " + started.get());
    }

    @Test
    void concurrencyMustBePositive() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Weft.map(List.of(1), 0, n -> n));
        assertTrue(e.getMessage().contains("concurrency"), e.getMessage());
    }
}
