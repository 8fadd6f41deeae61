package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ShieldTest {

    @Test
    void shieldedWorkRunsToCompletionWhileTheCallerSeesTheCancellationAtOnce() throws Exception {
        CountDownLatch shieldedStarted = new CountDownLatch(1);
        CountDownLatch callerSawCancel = new CountDownLatch(1);
        AtomicBoolean shieldedFinished = new AtomicBoolean();
        AtomicReference<Throwable> callerError = new AtomicReference<>();
        try (Scope s = Scope.open()) {
            Task<String> caller = s.fork(() -> {
                try {
                    return Weft.shield(() -> {
                        shieldedStarted.countDown();
                        callerSawCancel.await(); // only finishes after the caller gave up
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

    @Test
    void shieldOutsideEveryScopeIsRefused() {
        assertThrows(IllegalStateException.class, () -> Weft.shield(() -> 1));
    }
}
