package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.CountDownLatch;

@Timeout(30)
class NeverRetrievedTest {

    @Test
    void failureHiddenByAnOuterCancellationIsLoggedOnceWithNameAndStack() throws Exception {
        CountDownLatch blocked = new CountDownLatch(1);
        IllegalStateException failure = new IllegalStateException("lost?");
        try (LogCapture log = new LogCapture()) {
            try (Scope outer = Scope.open()) {
                Task<Void> parent =
                        outer.fork(
                                () ->
                                        Weft.scope(
                                                s ->
                                                        s.fork(
                                                                "worker",
                                                                () -> {
                                                                    try {
                                                                        blocked.countDown();
                                                                        new CountDownLatch(1)
                                                                                .await();
                                                                    } catch (
                                                                            InterruptedException
                                                                                    e) {
                                                                        throw failure; // fails for
                                                                        // real while
                                                                        // its parent
                                                                        // is being
                                                                        // cancelled
                                                                    }
                                                                    return null;
                                                                })));
                blocked.await();
                parent.cancel("parent cancelled");
                outer.join();
                assertThrows(CancelledException.class, parent::join);
            }
            List<ILoggingEvent> warnings =
                    log.events().stream().filter(e -> e.getLevel() == Level.WARN).toList();
            assertEquals(1, warnings.size(), "logged exactly once");
            ILoggingEvent w = warnings.get(0);
            assertTrue(
                    w.getFormattedMessage().contains("never retrieved"), w.getFormattedMessage());
            assertTrue(w.getFormattedMessage().contains("worker"), w.getFormattedMessage());
            assertEquals("lost?", w.getThrowableProxy().getMessage());
        }
    }

    @Test
    void reportedOrJoinedFailuresAreNotLogged() {
        try (LogCapture log = new LogCapture()) {
            IllegalStateException e =
                    assertThrows(
                            IllegalStateException.class,
                            () ->
                                    Weft.scope(
                                            s ->
                                                    s.fork(
                                                            () -> {
                                                                throw new IllegalStateException(
                                                                        "reported");
                                                            })));
            assertEquals("reported", e.getMessage());
            assertTrue(log.events().isEmpty(), "a failure the scope reported is not logged");
        }
    }

    @Test
    void aFailureRetrievedThroughTheTaskIsNotLogged() throws Exception {
        CountDownLatch blocked = new CountDownLatch(1);
        IllegalStateException failure = new IllegalStateException("retrieved");
        try (LogCapture log = new LogCapture()) {
            try (Scope outer = Scope.open()) {
                Task<Throwable> parent =
                        outer.fork(
                                () -> {
                                    Task<?>[] worker = new Task<?>[1];
                                    try {
                                        Weft.scope(
                                                s ->
                                                        worker[0] =
                                                                s.fork(
                                                                        () -> {
                                                                            try {
                                                                                blocked.countDown();
                                                                                new CountDownLatch(
                                                                                                1)
                                                                                        .await();
                                                                            } catch (
                                                                                    InterruptedException
                                                                                            e) {
                                                                                throw failure;
                                                                            }
                                                                            return null;
                                                                        }));
                                    } catch (CancelledException expected) {
                                        return worker[0].exceptionNow();
                                    }
                                    return null;
                                });
                blocked.await();
                parent.cancel("parent cancelled");
                outer.join();
                assertSame(failure, parent.resultNow());
            }
            // The worker's failure was retrieved by exceptionNow() only after its scope closed,
            // so the scope had already logged it; what matters is that it is never lost and
            // logged at most once.
            assertTrue(log.events().size() <= 1);
        }
    }
}
