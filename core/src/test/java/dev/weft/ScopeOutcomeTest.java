package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What join and close report, and when: the same outcome on every join once it is final (issue 15,
 * item 3); close never drops work nobody joined without saying so (item 4).
 */
@Timeout(30)
class ScopeOutcomeTest {

    /**
     * Item 3: on the old main the second join threw CancelledException("task 'scope-1' failed:
     * ...").
     */
    @Test
    void joiningAFailedScopeAgainThrowsTheSameFailureAndCloseAddsNothing() {
        try (LogCapture log = new LogCapture()) {
            Scope s = Scope.open();
            s.fork(
                    () -> {
                        throw new IllegalStateException("boom");
                    });
            IllegalStateException first = assertThrows(IllegalStateException.class, s::join);
            assertEquals("boom", first.getMessage());
            assertSame(first, assertThrows(RuntimeException.class, s::join), "second join");
            assertSame(first, assertThrows(RuntimeException.class, s::join), "third join");
            s.close();
            assertEquals(0, first.getSuppressed().length, "close attached nothing");
            assertTrue(log.events().isEmpty(), "nothing logged: " + log.events());
        }
    }

    @Test
    void tryWithResourcesAroundAFailedJoinPropagatesTheJoinsExceptionUnchanged() {
        IllegalStateException e =
                assertThrows(
                        IllegalStateException.class,
                        () -> {
                            try (Scope s = Scope.open()) {
                                s.fork(
                                        () -> {
                                            throw new IllegalStateException("boom");
                                        });
                                try {
                                    s.join();
                                } catch (IllegalStateException first) {
                                    s.join(); // a retry reports the same failure, not a
                                    // cancellation
                                }
                            }
                        });
        assertEquals("boom", e.getMessage());
        assertEquals(0, e.getSuppressed().length);
    }

    @Test
    void joiningAnExpiredScopeAgainThrowsTheSameTimeout() {
        try (Scope s = Scope.open(ScopeOptions.defaults().withTimeout(Duration.ofMillis(1)))) {
            s.fork(() -> Weft.sleep(Duration.ofHours(1)));
            DeadlineExceededException first =
                    assertThrows(DeadlineExceededException.class, s::join);
            assertSame(first, assertThrows(DeadlineExceededException.class, s::join));
        }
    }

    @Test
    void joiningAScopeCancelledFromOutsideAgainThrowsTheSameCancellation() throws Exception {
        CountDownLatch joining = new CountDownLatch(1);
        AtomicReference<RuntimeException> first = new AtomicReference<>();
        AtomicReference<RuntimeException> second = new AtomicReference<>();
        try (Scope outer = Scope.open()) {
            Task<Void> owner =
                    outer.fork(
                            () -> {
                                try (Scope inner = Scope.open()) {
                                    inner.fork(
                                            () -> {
                                                joining.countDown();
                                                Weft.sleep(Duration.ofHours(1));
                                            });
                                    try {
                                        inner.join();
                                    } catch (CancelledException e) {
                                        first.set(e);
                                    }
                                    try {
                                        inner.join();
                                    } catch (CancelledException e) {
                                        second.set(e);
                                    }
                                }
                            });
            joining.await();
            owner.cancel("stop");
            outer.join();
        }
        assertEquals("stop", ((CancelledException) first.get()).reason());
        assertSame(first.get(), second.get());
    }

    @Test
    void aSupervisorReportsEachFailureOnceAcrossJoins() {
        try (Scope s = Scope.open(ScopeOptions.defaults().supervised())) {
            s.fork(
                    () -> {
                        throw new IllegalStateException("a");
                    });
            TaskGroupException first = assertThrows(TaskGroupException.class, s::join);
            assertEquals(1, first.failures().size());
            s.join(); // nothing new: not cancelled, so not final; each failure is reported once
            s.fork(
                    () -> {
                        throw new IllegalStateException("b");
                    });
            TaskGroupException second = assertThrows(TaskGroupException.class, s::join);
            assertEquals("b", second.failures().get(0).getMessage());
        }
    }

    /** Item 4: on the old main, close cancelled the unjoined task with no exception and no log. */
    @Test
    void closingAScopeWhoseRunningWorkNobodyJoinedCancelsWaitsAndThrows() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicReference<Task<Void>> work = new AtomicReference<>();
        java.util.concurrent.atomic.AtomicBoolean cleanedUp =
                new java.util.concurrent.atomic.AtomicBoolean();
        IllegalStateException e =
                assertThrows(
                        IllegalStateException.class,
                        () -> {
                            try (Scope s =
                                    Scope.open(ScopeOptions.defaults().withName("uploads"))) {
                                work.set(
                                        s.fork(
                                                () -> {
                                                    try {
                                                        started.countDown();
                                                        Weft.sleep(Duration.ofHours(1));
                                                    } finally {
                                                        cleanedUp.set(true);
                                                    }
                                                }));
                                s.fork(() -> {}).join(); // finished before close: not counted
                                started.await();
                            }
                        });
        assertTrue(e.getMessage().contains("scope 'uploads'"), e.getMessage());
        assertTrue(e.getMessage().contains("1 task(s)"), e.getMessage());
        assertEquals(Task.State.CANCELLED, work.get().state());
        assertTrue(cleanedUp.get(), "close waited for the cancelled task's cleanup");
    }

    @Test
    void whenTheBlockIsAlreadyThrowingTheDroppedWorkIsAttachedAsSuppressed() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        IllegalArgumentException body =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> {
                            try (Scope s = Scope.open()) {
                                s.fork(
                                        () -> {
                                            started.countDown();
                                            Weft.sleep(Duration.ofHours(1));
                                        });
                                started.await();
                                throw new IllegalArgumentException("body");
                            }
                        });
        assertEquals(1, body.getSuppressed().length);
        assertTrue(body.getSuppressed()[0] instanceof IllegalStateException);
        assertTrue(body.getSuppressed()[0].getMessage().contains("1 task(s)"));
    }

    @Test
    void closingAfterCancelOrAfterTheWorkEndedIsQuiet() throws Exception {
        try (LogCapture log = new LogCapture()) {
            CountDownLatch started = new CountDownLatch(1);
            try (Scope s = Scope.open()) {
                s.fork(
                        () -> {
                            started.countDown();
                            Weft.sleep(Duration.ofHours(1));
                        });
                started.await();
                s.cancel("dropped on purpose");
            }
            Task<Void> cancelledByItsOwner;
            CountDownLatch running = new CountDownLatch(1);
            try (Scope s = Scope.open()) {
                cancelledByItsOwner =
                        s.fork(
                                () -> {
                                    running.countDown();
                                    Weft.sleep(Duration.ofHours(1));
                                });
                running.await();
                cancelledByItsOwner.cancel("not wanted"); // cancelled on purpose, not by close
            }
            assertEquals(Task.State.CANCELLED, cancelledByItsOwner.state());
            Task<Integer> done;
            try (Scope s = Scope.open()) {
                done = s.fork(() -> 1);
                while (!done.isDone()) {
                    Thread.onSpinWait();
                }
            }
            assertEquals(1, done.resultNow());
            assertTrue(log.events().isEmpty(), "nothing logged: " + log.events());
        }
    }
}
