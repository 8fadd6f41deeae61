package dev.weft;

import static dev.weft.ChannelTesting.awaitTrue;
import static dev.weft.ChannelTesting.thrownAfterCancel;
import static dev.weft.ChannelTesting.thrownBy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.internal.VirtualClockControl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

@Timeout(20)
class EventTest {

    @Test
    void setAndClearReportChanges() {
        Event e = new Event();
        assertFalse(e.isSet());
        assertTrue(e.set());
        assertFalse(e.set());
        assertTrue(e.isSet());
        assertEquals("Event[set]", e.toString());
        assertTrue(e.clear());
        assertFalse(e.clear());
        assertFalse(e.isSet());
    }

    @Test
    @OnVirtualClock
    void awaitReturnsAtOnceWhenSetAndTimesOutWhenNot(VirtualClockControl clock) {
        Event e = new Event();
        assertFalse(e.await(Duration.ZERO));
        assertFalse(e.await(Duration.ofMillis(20)));
        assertEquals(Duration.ofMillis(20), clock.elapsed());
        e.set();
        e.await();
        assertTrue(e.await(Duration.ZERO));
        assertTrue(e.await(Duration.ofSeconds(1)));
    }

    @Test
    void badArgumentsAreNamed() {
        Event e = new Event();
        assertEquals(
                "timeout",
                assertThrows(NullPointerException.class, () -> e.await(null)).getMessage());
        IllegalArgumentException neg =
                assertThrows(IllegalArgumentException.class, () -> e.await(Duration.ofMillis(-5)));
        assertTrue(neg.getMessage().contains("timeout"), neg.getMessage());
    }

    @Test
    void setWakesEveryWaiter() {
        Event e = new Event();
        int n = 1000;
        Weft.scope(
                s -> {
                    List<Task<Boolean>> waiters = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        boolean untimed = i % 2 == 0;
                        waiters.add(
                                s.fork(
                                        () ->
                                                untimed
                                                        ? waitUntimed(e)
                                                        : e.await(Duration.ofSeconds(30))));
                    }
                    awaitTrue(n + " waiters", () -> e.waiterCount() == n);
                    e.set();
                    for (Task<Boolean> w : waiters) {
                        assertTrue(w.join());
                    }
                });
    }

    private static boolean waitUntimed(Event e) {
        e.await();
        return true;
    }

    @Test
    void setThenClearStillReleasesThoseWhoWereWaiting() {
        Event e = new Event();
        Weft.scope(
                s -> {
                    Task<Boolean> untimed = s.fork(() -> waitUntimed(e));
                    Task<Boolean> timed = s.fork(() -> e.await(Duration.ofSeconds(30)));
                    awaitTrue("2 waiters", () -> e.waiterCount() == 2);
                    e.set();
                    e.clear();
                    assertTrue(untimed.join());
                    assertTrue(timed.join());
                });
        assertFalse(e.await(Duration.ZERO), "later waiters wait for the next set");
    }

    @Test
    void cancellingAWaiterEndsItsWait() {
        Event e = new Event();
        Weft.scope(
                s -> {
                    Task<Throwable> waiter = s.fork(() -> thrownBy(e::await));
                    awaitTrue("a waiter", () -> e.waiterCount() == 1);
                    waiter.cancel("stop");
                    assertEquals(
                            "stop",
                            assertInstanceOf(CancelledException.class, waiter.join()).reason());
                });
        assertEquals(0, e.waiterCount());
        assertFalse(e.isSet());
    }

    @Test
    void cancelledTaskThrowsEvenWhenTheEventIsSet() {
        Event e = new Event();
        e.set();
        Weft.scope(s -> assertInstanceOf(CancelledException.class, thrownAfterCancel(s, e::await)));
        Weft.scope(
                s ->
                        assertInstanceOf(
                                CancelledException.class,
                                thrownAfterCancel(s, () -> e.await(Duration.ZERO))));
    }

    @Test
    void interruptedPlatformThreadKeepsItsInterruptStatus() throws Exception {
        Event e = new Event();
        boolean[] result = new boolean[2];
        Thread t =
                Thread.ofPlatform()
                        .start(
                                () -> {
                                    result[0] = thrownBy(e::await) instanceof CancelledException;
                                    result[1] = Thread.currentThread().isInterrupted();
                                });
        awaitTrue("a waiter", () -> e.waiterCount() == 1);
        t.interrupt();
        t.join();
        assertTrue(result[0]);
        assertTrue(result[1]);
    }
}
