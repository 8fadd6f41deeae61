package dev.weft.test.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.DeadlineExceededException;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.test.NoLeakedTasks;
import dev.weft.test.VirtualClock;
import dev.weft.test.VirtualTime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** The testing guide's examples of virtual time (docs/testing.md quotes them). */
// region class
@VirtualTime
@NoLeakedTasks
@Timeout(30) // anything that blocks gets a timeout, in real time
class VirtualTimeExamplesTest {
    @Test
    void backsOffOneSecondThenTwo(VirtualClock clock) {
        AtomicInteger calls = new AtomicInteger();
        String body =
                Retries.fetch(
                        () -> {
                            if (calls.incrementAndGet() < 3) {
                                throw new IOException("flaky");
                            }
                            return "ok";
                        });
        assertEquals("ok", body);
        assertEquals(
                Duration.ofSeconds(3),
                clock.elapsed()); // 1 s + 2 s, exactly, in milliseconds of real time
    }

    @Test
    void givesUpAtTheDeadline(VirtualClock clock) {
        assertThrows(
                DeadlineExceededException.class,
                () ->
                        Retries.fetch(
                                () -> {
                                    throw new IOException("down");
                                }));
        assertEquals(Duration.ofSeconds(30), clock.elapsed());
    }

    // endregion

    // region advance
    @Test
    void stepsThroughTimeByHand(VirtualClock clock) {
        List<String> ticks = new CopyOnWriteArrayList<>();
        Weft.run(
                () -> {
                    Task<Void> ticker =
                            Weft.fork(
                                    () -> {
                                        for (int i = 1; i <= 3; i++) {
                                            Weft.sleep(Duration.ofSeconds(1));
                                            ticks.add("tick " + i);
                                        }
                                    });
                    clock.advance(Duration.ofMillis(1500));
                    assertEquals(List.of("tick 1"), ticks); // tick 2 is half a second away
                    clock.advance(Duration.ofSeconds(2));
                    assertEquals(List.of("tick 1", "tick 2", "tick 3"), ticks);
                    ticker.join();
                });
        assertEquals(Duration.ofMillis(3500), clock.elapsed());
    }
    // endregion
}
