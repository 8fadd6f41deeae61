package dev.weft.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.CancelledException;
import dev.weft.Channel;
import dev.weft.Task;
import dev.weft.Weft;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

@Timeout(30)
class VirtualClockTest {
    @Test
    void sleepsAndTimeoutsTakeNoRealTimeAndTheClockReadsExactly() {
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        long t0 = System.nanoTime();
        try (VirtualClock clock = VirtualClock.install()) {
            Weft.run(
                    () -> {
                        Task<Void> a =
                                Weft.fork(
                                        () -> {
                                            Weft.sleep(Duration.ofMinutes(1));
                                            events.add("a " + clock.elapsed());
                                        });
                        Task<Void> b =
                                Weft.fork(
                                        () -> {
                                            Weft.sleep(Duration.ofMinutes(2));
                                            events.add("b " + clock.elapsed());
                                        });
                        a.join();
                        b.join();
                    });
            assertEquals(Duration.ofMinutes(2), clock.elapsed());
        }
        assertEquals(List.of("a PT1M", "b PT2M"), events);
        assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(10).toNanos());
    }

    @Test
    void advanceMovesTimeByHand() {
        try (VirtualClock clock = VirtualClock.install()) {
            clock.advance(Duration.ofSeconds(90));
            assertEquals(Duration.ofSeconds(90), clock.elapsed());
            clock.advance(Duration.ZERO);
            assertEquals(Duration.ofSeconds(90), clock.elapsed());
            assertThrows(
                    IllegalArgumentException.class, () -> clock.advance(Duration.ofSeconds(-1)));
            assertEquals(
                    "d",
                    assertThrows(NullPointerException.class, () -> clock.advance(null))
                            .getMessage());
            assertEquals("VirtualClock[90.000 s]", clock.toString());
        }
    }

    @Test
    void aDeadlockFailsCloseWithTheTasksNamedAndEndsTheTest() {
        Channel<String> never = Channel.unbounded();
        VirtualClock clock = VirtualClock.install(Duration.ofMillis(200));
        CancelledException cancelled =
                assertThrows(CancelledException.class, () -> Weft.run(never::receive));
        DeadlockError e = assertThrows(DeadlockError.class, clock::close);
        assertTrue(
                e.getMessage().contains("task 'main' waits in ChannelImpl.receive"),
                e.getMessage());
        assertEquals(e.getMessage(), cancelled.reason());
        assertTrue(clock.isClosed());
        clock.close(); // idempotent, and the problem is reported once
        assertFalse(Thread.currentThread().isInterrupted());
    }

    @Test
    void threadSleepFailsCloseNamingTheLine() {
        VirtualClock clock = VirtualClock.install();
        Weft.run(
                () -> {
                    Weft.fork(() -> Weft.sleep(Duration.ofSeconds(1)));
                    Thread.sleep(400); // the mistake under test
                });
        RealSleepError e = assertThrows(RealSleepError.class, clock::close);
        assertTrue(
                e.getMessage()
                        .contains(
                                "task 'main' called Thread.sleep at dev.weft.test.VirtualClockTest"),
                e.getMessage());
        assertTrue(e.getMessage().contains("Use Weft.sleep"), e.getMessage());
    }

    @Test
    void oneClockPerThreadClosedByItsInstaller() throws Exception {
        VirtualClock clock = VirtualClock.install();
        assertThrows(IllegalStateException.class, VirtualClock::install);
        Throwable[] fromOther = new Throwable[1];
        Thread t =
                Thread.ofPlatform()
                        .start(
                                () -> {
                                    try {
                                        clock.close();
                                    } catch (Throwable e) {
                                        fromOther[0] = e;
                                    }
                                });
        t.join();
        assertTrue(fromOther[0] instanceof IllegalStateException, String.valueOf(fromOther[0]));
        clock.close();
        VirtualClock closed = VirtualClock.install();
        closed.close();
        assertThrows(IllegalStateException.class, () -> closed.advance(Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> VirtualClock.install(Duration.ZERO));
    }
}
