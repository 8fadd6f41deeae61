package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

@Timeout(30)
class WeftRunTest {

    @Test
    void runReturnsTheRootValueOnAVirtualThreadNamedMain() {
        String name =
                Weft.run(
                        () ->
                                Thread.currentThread().isVirtual()
                                        + ":"
                                        + Thread.currentThread().getName());
        assertEquals("true:main", name);
    }

    @Test
    void runWaitsForTasksForkedWithWeftFork() {
        List<String> order = new CopyOnWriteArrayList<>();
        Weft.run(
                () -> {
                    Task<Void> a =
                            Weft.fork(
                                    () -> {
                                        Weft.sleep(Duration.ofMillis(20));
                                        order.add("a");
                                    });
                    Weft.fork(() -> order.add("b"));
                    a.join();
                    order.add("main");
                });
        assertEquals(3, order.size());
        assertTrue(order.indexOf("a") < order.indexOf("main"));
    }

    @Test
    void runRethrowsTheRootFailureAsItself() {
        IllegalStateException e =
                assertThrows(
                        IllegalStateException.class,
                        () ->
                                Weft.run(
                                        () -> {
                                            throw new IllegalStateException("root failed");
                                        }));
        assertEquals("root failed", e.getMessage());
    }

    @Test
    void interruptingTheCallerOfRunCancelsEverything() throws Exception {
        CountDownLatch blocked = new CountDownLatch(1);
        AtomicReference<Throwable> error = new AtomicReference<>();
        Thread caller =
                Thread.ofPlatform()
                        .start(
                                () -> {
                                    try {
                                        Weft.run(
                                                () -> {
                                                    Weft.fork(
                                                            () -> {
                                                                blocked.countDown();
                                                                Weft.sleep(Duration.ofHours(1));
                                                            });
                                                    Weft.sleep(Duration.ofHours(1));
                                                });
                                    } catch (Throwable t) {
                                        error.set(t);
                                    }
                                });
        blocked.await();
        caller.interrupt();
        caller.join();
        assertInstanceOf(CancelledException.class, error.get());
        assertTrue(ScopeImpl.ROOTS.isEmpty());
    }

    @Test
    void forkOutsideEveryScopeIsRefused() {
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> Weft.fork(() -> 1));
        assertTrue(e.getMessage().contains("Weft.run"), e.getMessage());
    }
}
