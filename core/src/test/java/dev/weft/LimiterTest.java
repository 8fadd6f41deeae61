package dev.weft;

import static dev.weft.ChannelTesting.awaitTrue;
import static dev.weft.ChannelTesting.thrownAfterCancel;
import static dev.weft.ChannelTesting.thrownBy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.internal.VirtualClockControl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

@Timeout(20)
class LimiterTest {

    @Test
    void badArgumentsAreNamed() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new Limiter(0));
        assertTrue(e.getMessage().contains("permits"), e.getMessage());
        Limiter limiter = new Limiter(1);
        assertEquals(
                "timeout",
                assertThrows(NullPointerException.class, () -> limiter.tryAcquire(null))
                        .getMessage());
        assertEquals(
                "work",
                assertThrows(NullPointerException.class, () -> limiter.run(null)).getMessage());
        IllegalArgumentException neg =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> limiter.tryAcquire(Duration.ofSeconds(-1)));
        assertTrue(neg.getMessage().contains("timeout"), neg.getMessage());
    }

    @Test
    void countsPermitsInUse() {
        Limiter limiter = new Limiter(3);
        assertEquals(3, limiter.permits());
        try (Limiter.Permit a = limiter.acquire();
                Limiter.Permit b = limiter.acquire()) {
            assertFalse(a.isReleased() || b.isReleased());
            assertEquals(2, limiter.inUse());
            assertEquals(1, limiter.available());
            assertEquals("Limiter[2/3 in use, 0 waiting]", limiter.toString());
        }
        assertEquals(0, limiter.inUse());
        assertEquals(3, limiter.available());
    }

    @Test
    void releasingTwiceFailsButCloseIsIdempotent() {
        Limiter limiter = new Limiter(1);
        Limiter.Permit p = limiter.acquire();
        p.release();
        assertTrue(p.isReleased());
        IllegalStateException e = assertThrows(IllegalStateException.class, p::release);
        assertTrue(e.getMessage().contains("already released"), e.getMessage());
        p.close();
        assertEquals(1, limiter.available(), "no permit was created by the extra releases");
        try (Limiter.Permit q = limiter.acquire()) {
            q.release(); // released early; the implicit close does nothing
        }
        assertEquals(1, limiter.available());
    }

    @Test
    @OnVirtualClock
    void tryAcquireFailsWhenExhaustedAndTimesOut(VirtualClockControl clock) {
        Limiter limiter = new Limiter(1);
        Optional<Limiter.Permit> first = limiter.tryAcquire();
        assertTrue(first.isPresent());
        assertEquals(Optional.empty(), limiter.tryAcquire());
        assertEquals(Optional.empty(), limiter.tryAcquire(Duration.ofMillis(20)));
        assertEquals(Duration.ofMillis(20), clock.elapsed());
        first.get().release();
        Optional<Limiter.Permit> again = limiter.tryAcquire(Duration.ofSeconds(5));
        assertTrue(again.isPresent());
        again.get().close();
    }

    @Test
    void runReleasesThePermitHoweverWorkEnds() throws Exception {
        Limiter limiter = new Limiter(2);
        assertEquals(
                "ok",
                limiter.run(
                        () -> {
                            assertEquals(1, limiter.inUse());
                            return "ok";
                        }));
        IOException boom = new IOException("boom");
        assertSame(
                boom,
                assertThrows(
                        IOException.class,
                        () ->
                                limiter.run(
                                        () -> {
                                            throw boom;
                                        })));
        assertEquals(0, limiter.inUse());
    }

    @Test
    void neverExceedsItsPermitsUnderThousandsOfTasks() {
        Limiter limiter = new Limiter(5);
        AtomicInteger current = new AtomicInteger();
        AtomicInteger max = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        Weft.scope(
                s -> {
                    for (int i = 0; i < 3000; i++) {
                        s.fork(
                                () ->
                                        limiter.run(
                                                () -> {
                                                    int now = current.incrementAndGet();
                                                    max.accumulateAndGet(now, Math::max);
                                                    Thread.yield();
                                                    current.decrementAndGet();
                                                    return done.incrementAndGet();
                                                }));
                    }
                });
        assertEquals(3000, done.get());
        assertTrue(max.get() <= 5, "max concurrent " + max.get());
        assertTrue(max.get() >= 1);
        assertEquals(5, limiter.available());
    }

    @Test
    void waitersAreServedFirstComeFirstServed() {
        Limiter limiter = new Limiter(1);
        List<Integer> order = new CopyOnWriteArrayList<>();
        Limiter.Permit held = limiter.acquire();
        Weft.scope(
                s -> {
                    for (int i = 0; i < 20; i++) {
                        int id = i;
                        s.fork(() -> limiter.run(() -> order.add(id)));
                        int queued = i + 1;
                        awaitTrue(queued + " queued", () -> limiter.waiting() == queued);
                    }
                    held.release();
                });
        assertEquals(IntStream.range(0, 20).boxed().toList(), order);
    }

    @Test
    void tryAcquireDoesNotJumpTheQueue() {
        Limiter limiter = new Limiter(1);
        Limiter.Permit held = limiter.acquire();
        CountDownLatch done = new CountDownLatch(1);
        Weft.scope(
                s -> {
                    s.fork(
                            () ->
                                    limiter.run(
                                            () -> {
                                                done.await(); // holds the permit until the
                                                // check is over
                                                return "waited";
                                            }));
                    awaitTrue("a waiter", () -> limiter.waiting() == 1);
                    held.release();
                    // the waiter is either still queued (ahead of us) or already holds the permit
                    assertEquals(Optional.empty(), limiter.tryAcquire(), "the waiter comes first");
                    done.countDown();
                });
        assertEquals(1, limiter.available());
    }

    @Test
    void cancellingAWaiterTakesNoPermit() {
        Limiter limiter = new Limiter(1);
        Limiter.Permit held = limiter.acquire();
        Weft.scope(
                s -> {
                    Task<Throwable> waiter = s.fork(() -> thrownBy(limiter::acquire));
                    awaitTrue("a waiter", () -> limiter.waiting() == 1);
                    waiter.cancel("enough");
                    CancelledException e =
                            assertInstanceOf(CancelledException.class, waiter.join());
                    assertEquals("enough", e.reason());
                });
        held.release();
        assertEquals(1, limiter.available());
        assertEquals(0, limiter.waiting());
    }

    @Test
    void cancelledTaskCannotAcquireEvenWhenFree() {
        Limiter limiter = new Limiter(1);
        Weft.scope(
                s -> {
                    assertInstanceOf(
                            CancelledException.class, thrownAfterCancel(s, limiter::acquire));
                    assertInstanceOf(
                            CancelledException.class, thrownAfterCancel(s, limiter::tryAcquire));
                });
        assertEquals(1, limiter.available());
    }

    /** Cancellation racing a release: every permit is accounted for afterwards. */
    @Test
    void cancellationRacingReleaseLeaksNoPermit() {
        Limiter limiter = new Limiter(2);
        AtomicInteger acquired = new AtomicInteger();
        Weft.scope(
                s -> {
                    for (int round = 0; round < 200; round++) {
                        Task<Void> t =
                                s.fork(
                                        () -> {
                                            try (Limiter.Permit p = limiter.acquire()) {
                                                acquired.incrementAndGet();
                                                assertFalse(p.isReleased());
                                            }
                                        });
                        if (round % 2 == 0) {
                            t.cancel();
                        }
                    }
                });
        assertEquals(2, limiter.available());
        assertEquals(0, limiter.inUse());
        assertTrue(acquired.get() >= 100, "uncancelled tasks all acquired: " + acquired.get());
    }
}
