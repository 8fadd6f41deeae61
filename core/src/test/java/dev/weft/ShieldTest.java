package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.internal.VirtualClockControl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

@Timeout(30)
class ShieldTest {

    @Test
    void shieldedWorkRunsToCompletionWhileTheCallerSeesTheCancellationAtOnce() throws Exception {
        CountDownLatch shieldedStarted = new CountDownLatch(1);
        CountDownLatch callerSawCancel = new CountDownLatch(1);
        AtomicBoolean shieldedFinished = new AtomicBoolean();
        AtomicReference<Throwable> callerError = new AtomicReference<>();
        try (Scope s = Scope.open()) {
            Task<String> caller =
                    s.fork(
                            () -> {
                                try {
                                    return Weft.shield(
                                            () -> {
                                                shieldedStarted.countDown();
                                                callerSawCancel
                                                        .await(); // only finishes after the caller
                                                // gave up
                                                shieldedFinished.set(true);
                                                return "saved";
                                            });
                                } catch (CancelledException e) {
                                    callerError.set(e);
                                    callerSawCancel.countDown();
                                    throw e;
                                }
                            });
            shieldedStarted.await();
            caller.cancel("caller cancelled");
            s.join(); // the shielded task belongs to this scope: join waits for it
            assertEquals(Task.State.CANCELLED, caller.state());
        }
        assertInstanceOf(CancelledException.class, callerError.get());
        assertTrue(shieldedFinished.get(), "the shielded work completed and did not leak");
    }

    @Test
    void shieldReturnsTheValueWhenNobodyCancels() {
        assertEquals(3, Weft.run(() -> Weft.shield(() -> 1 + 2)));
    }

    /**
     * Item 1 of issue 15: on the old main the failure also failed the run's scope, so the caller
     * that caught it was cancelled, its sibling too, and run threw IllegalStateException.
     */
    @Test
    void aFailureShieldRethrowsReachesItsCallerOnly() throws Exception {
        CountDownLatch caught = new CountDownLatch(1);
        AtomicReference<Task<String>> sibling = new AtomicReference<>();
        try (LogCapture log = new LogCapture()) {
            String result =
                    Weft.run(
                            () -> {
                                sibling.set(
                                        Weft.fork(
                                                () -> {
                                                    caught.await();
                                                    return "sibling done";
                                                }));
                                try {
                                    Weft.shield(
                                            () -> {
                                                throw new IllegalStateException("inner");
                                            });
                                } catch (IllegalStateException e) {
                                    assertEquals("inner", e.getMessage());
                                    caught.countDown();
                                }
                                Weft.checkpoint(); // not cancelled
                                return sibling.get().join() + ", ok";
                            });
            assertEquals("sibling done, ok", result);
            assertTrue(log.events().isEmpty(), "reported once, to the caller: " + log.events());
        }
        assertEquals(Task.State.SUCCEEDED, sibling.get().state());
    }

    @Test
    void aFailureTheCallerLetsEscapeFollowsTheNormalScopeRules() {
        IllegalStateException e =
                assertThrows(
                        IllegalStateException.class,
                        () ->
                                Weft.run(
                                        () -> {
                                            Weft.shield(
                                                    () -> {
                                                        throw new IllegalStateException("inner");
                                                    });
                                            return "unreachable";
                                        }));
        assertEquals("inner", e.getMessage());
        assertEquals(0, e.getSuppressed().length, "reported once");
    }

    /**
     * Item 2 of issue 15: on the old main withTimeout waited for the shielded work (it was a child
     * of the timeout's own scope), so "timed out" came after "work done".
     */
    @Test
    @OnVirtualClock
    void aTimeoutAroundShieldFiresOnTimeWhileTheWorkGoesOnOwnedByTheRun(VirtualClockControl clock) {
        Event timedOut = new Event();
        List<String> events = new CopyOnWriteArrayList<>();
        String result =
                Weft.run(
                        () -> {
                            try {
                                Weft.withTimeout(
                                        Duration.ofMillis(20),
                                        () ->
                                                Weft.shield(
                                                        () -> {
                                                            // Waits for the caller's timeout; on
                                                            // the old main it gave up after 10 s.
                                                            timedOut.await(Duration.ofSeconds(10));
                                                            events.add(
                                                                    "work done at "
                                                                            + clock.elapsed());
                                                            return 1;
                                                        }));
                            } catch (DeadlineExceededException e) {
                                events.add("timed out at " + clock.elapsed());
                                timedOut.set();
                            }
                            return "main returned";
                        });
        events.add("run returned");
        assertEquals("main returned", result);
        assertEquals(
                List.of("timed out at PT0.02S", "work done at PT0.02S", "run returned"),
                events,
                "the timeout fired at once, and Weft.run waited for the shielded work");
    }

    @Test
    @OnVirtualClock
    void aFailureAfterTheCallerGaveUpIsReportedByTheOwningScope() {
        Event gaveUp = new Event();
        List<String> events = new CopyOnWriteArrayList<>();
        IllegalStateException e =
                assertThrows(
                        IllegalStateException.class,
                        () ->
                                Weft.run(
                                        () -> {
                                            try {
                                                Weft.withTimeout(
                                                        Duration.ofMillis(20),
                                                        () ->
                                                                Weft.shield(
                                                                        () -> {
                                                                            gaveUp.await(
                                                                                    Duration
                                                                                            .ofSeconds(
                                                                                                    10)); // on the old main the caller never gave up
                                                                            events.add(
                                                                                    "work failed");
                                                                            throw new IllegalStateException(
                                                                                    "late failure");
                                                                        }));
                                            } catch (DeadlineExceededException expected) {
                                                events.add("caller gave up");
                                                gaveUp.set();
                                            }
                                            return "main returned";
                                        }));
        assertEquals("late failure", e.getMessage());
        assertEquals(List.of("caller gave up", "work failed"), events);
    }

    @Test
    void outsideEveryScopeShieldRunsTheWorkInAScopeOfItsOwn() {
        assertEquals(3, Weft.shield(() -> 1 + 2));
        assertTrue(ScopeImpl.ROOTS.isEmpty());
        IllegalStateException e =
                assertThrows(
                        IllegalStateException.class,
                        () ->
                                Weft.shield(
                                        () -> {
                                            throw new IllegalStateException("inner");
                                        }));
        assertEquals("inner", e.getMessage());
    }

    @Test
    void outsideEveryScopeAnInterruptDoesNotCutTheWaitShortAndIsKept() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interruptSent = new CountDownLatch(1);
        AtomicReference<String> value = new AtomicReference<>();
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        Thread caller =
                Thread.ofPlatform()
                        .start(
                                () -> {
                                    value.set(
                                            Weft.shield(
                                                    () -> {
                                                        started.countDown();
                                                        interruptSent.await();
                                                        return "saved";
                                                    }));
                                    stillInterrupted.set(Thread.currentThread().isInterrupted());
                                });
        started.await();
        caller.interrupt();
        interruptSent.countDown();
        caller.join();
        assertEquals("saved", value.get());
        assertTrue(stillInterrupted.get(), "the interrupt status was set again");
    }
}
