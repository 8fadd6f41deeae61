package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What join and close report, and when: the same outcome on every join once it is final
 * (issue 15, item 3).
 */
@Timeout(30)
class ScopeOutcomeTest {

    /** Item 3: on the old main the second join threw CancelledException("task 'scope-1' failed: ..."). */
    @Test
    void joiningAFailedScopeAgainThrowsTheSameFailureAndCloseAddsNothing() {
        try (LogCapture log = new LogCapture()) {
            Scope s = Scope.open();
            s.fork(() -> {
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
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> {
            try (Scope s = Scope.open()) {
                s.fork(() -> {
                    throw new IllegalStateException("boom");
                });
                try {
                    s.join();
                } catch (IllegalStateException first) {
                    s.join(); // a retry reports the same failure, not a cancellation
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
            DeadlineExceededException first = assertThrows(DeadlineExceededException.class, s::join);
            assertSame(first, assertThrows(DeadlineExceededException.class, s::join));
        }
    }

    @Test
    void joiningAScopeCancelledFromOutsideAgainThrowsTheSameCancellation() throws Exception {
        CountDownLatch joining = new CountDownLatch(1);
        AtomicReference<RuntimeException> first = new AtomicReference<>();
        AtomicReference<RuntimeException> second = new AtomicReference<>();
        try (Scope outer = Scope.open()) {
            Task<Void> owner = outer.fork(() -> {
                try (Scope inner = Scope.open()) {
                    inner.fork(() -> {
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
            s.fork(() -> {
                throw new IllegalStateException("a");
            });
            TaskGroupException first = assertThrows(TaskGroupException.class, s::join);
            assertEquals(1, first.failures().size());
            s.join(); // nothing new: not cancelled, so not final; each failure is reported once
            s.fork(() -> {
                throw new IllegalStateException("b");
            });
            TaskGroupException second = assertThrows(TaskGroupException.class, s::join);
            assertEquals("b", second.failures().get(0).getMessage());
        }
    }
}
