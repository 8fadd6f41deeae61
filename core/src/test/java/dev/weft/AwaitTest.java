package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Weft.await on any CompletionStage, and a Task seen as a CompletableFuture. */
@Timeout(20)
class AwaitTest {

    @Test
    void awaitReturnsTheValueOnceTheStageCompletesLater() throws Exception {
        CompletableFuture<String> f = new CompletableFuture<>();
        try (Scope s = Scope.open()) {
            Task<String> waiter = s.fork(() -> Weft.await(f.thenApply(String::toUpperCase)));
            ChannelTesting.awaitTrue("the waiter parks", () -> f.getNumberOfDependents() > 0);
            assertFalse(waiter.isDone());
            f.complete("done");
            assertEquals("DONE", waiter.join());
            s.join();
        }
        assertEquals("ok", Weft.await(CompletableFuture.completedFuture("ok")));
        assertNull(Weft.await(CompletableFuture.<String>completedFuture(null)));
    }

    @Test
    void failuresArriveUnwrappedByTheTaskRules() {
        IllegalStateException unchecked = new IllegalStateException("bad");
        IOException checked = new IOException("disk");
        assertSame(
                unchecked,
                assertThrows(
                        IllegalStateException.class,
                        () -> Weft.await(CompletableFuture.failedFuture(unchecked))));
        assertSame(
                unchecked,
                assertThrows(
                        IllegalStateException.class,
                        () ->
                                Weft.await(
                                        CompletableFuture.supplyAsync(() -> "x")
                                                .thenApply(
                                                        x -> {
                                                            throw unchecked; // arrives as
                                                            // CompletionException(unchecked)
                                                        }))));
        assertSame(
                checked,
                assertThrows(
                                TaskFailedException.class,
                                () ->
                                        Weft.await(
                                                CompletableFuture.failedFuture(
                                                        new CompletionException(checked))))
                        .getCause());
        assertSame(
                checked,
                assertThrows(
                                TaskFailedException.class,
                                () ->
                                        Weft.await(
                                                CompletableFuture.failedFuture(
                                                        new ExecutionException(checked))))
                        .getCause());
    }

    @Test
    void aStageCancelledByItsOwnerIsACancellationForTheWaiter() {
        CompletableFuture<String> f = new CompletableFuture<>();
        f.cancel(true);
        CancelledException e = assertThrows(CancelledException.class, () -> Weft.await(f));
        assertInstanceOf(CancellationException.class, e.getCause());
    }

    @Test
    void cancellingTheWaiterStopsTheWaitAndCancelsTheFuture() throws Exception {
        CompletableFuture<String> f = new CompletableFuture<>();
        try (Scope s = Scope.open()) {
            Task<String> waiter = s.fork(() -> Weft.await(f));
            ChannelTesting.awaitTrue("the waiter parks", () -> f.getNumberOfDependents() > 0);
            waiter.cancel("no longer needed");
            assertEquals(
                    "no longer needed",
                    assertThrows(CancelledException.class, waiter::join).reason());
            s.join();
        }
        assertTrue(f.isCancelled(), "asyncio and Kotlin cancel the awaited future; so does Weft");
    }

    @Test
    void anAlreadyCancelledWaiterThrowsAtOnceAndCancelsTheFuture() throws Exception {
        CompletableFuture<String> f = new CompletableFuture<>();
        try (Scope s = Scope.open()) {
            assertInstanceOf(
                    CancelledException.class,
                    ChannelTesting.thrownAfterCancel(s, () -> Weft.await(f)));
        }
        assertTrue(f.isCancelled());
    }

    @Test
    void awaitingACopyLeavesASharedFutureAlone() throws Exception {
        CompletableFuture<String> shared = new CompletableFuture<>();
        try (Scope s = Scope.open()) {
            CompletableFuture<String> copy = shared.copy();
            Task<String> waiter = s.fork(() -> Weft.await(copy));
            ChannelTesting.awaitTrue("the waiter parks", () -> copy.getNumberOfDependents() > 0);
            waiter.cancel();
            assertThrows(CancelledException.class, waiter::join);
            assertTrue(copy.isCancelled());
        }
        assertFalse(shared.isDone());
        shared.complete("still usable");
        assertEquals("still usable", Weft.await(shared));
    }

    @Test
    void aMinimalStageCanBeAwaitedAndIsLeftAloneOnCancel() throws Exception {
        CompletableFuture<String> source = new CompletableFuture<>();
        CompletionStage<String> minimal = source.minimalCompletionStage();
        try (Scope s = Scope.open()) {
            Task<String> waiter = s.fork(() -> Weft.await(minimal));
            ChannelTesting.awaitTrue("the waiter parks", () -> source.getNumberOfDependents() > 0);
            waiter.cancel();
            assertThrows(CancelledException.class, waiter::join);
        }
        assertFalse(source.isCancelled());
        source.complete("x");
        assertEquals("x", Weft.await(minimal));
    }

    @Test
    void aPlainThreadInterruptedWhileWaitingKeepsItsInterruptStatus() throws Exception {
        CompletableFuture<String> f = new CompletableFuture<>();
        CompletableFuture<Boolean> statusAfter = new CompletableFuture<>();
        CountDownLatch waiting = new CountDownLatch(1);
        Thread t =
                Thread.ofPlatform()
                        .start(
                                () -> {
                                    waiting.countDown();
                                    try {
                                        Weft.await(f);
                                        statusAfter.complete(false);
                                    } catch (CancelledException e) {
                                        statusAfter.complete(
                                                Thread.currentThread().isInterrupted());
                                    }
                                });
        waiting.await();
        ChannelTesting.awaitTrue("the thread parks", () -> f.getNumberOfDependents() > 0);
        t.interrupt();
        assertTrue(
                statusAfter.get(10, TimeUnit.SECONDS),
                "a non-Weft thread's interrupt is not swallowed");
        t.join();
    }

    @Test
    void awaitAcceptsNoNull() {
        assertEquals(
                "stage",
                assertThrows(NullPointerException.class, () -> Weft.await(null)).getMessage());
    }

    // ---- a task as a CompletableFuture / CompletionStage ----------------------------------------

    @Test
    void aTasksFutureComposesAsACompletionStage() throws Exception {
        try (Scope s = Scope.open()) {
            Task<Integer> six = s.fork(() -> 6);
            Task<Integer> seven = s.fork(() -> 7);
            CompletionStage<Integer> product =
                    six.toCompletableFuture()
                            .thenCombine(seven.toCompletableFuture(), (a, b) -> a * b);
            assertEquals(42, Weft.await(product));
            s.join();
        }
    }

    @Test
    void cancellingTheTasksFutureCancelsTheTaskAndTheFutureIsCancelledAtOnce() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch inCleanup = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (Scope s = Scope.open()) {
            Task<String> slow =
                    s.fork(
                            () -> {
                                started.countDown();
                                try {
                                    Weft.sleep(Duration.ofMinutes(5));
                                    return "slow";
                                } finally {
                                    inCleanup.countDown();
                                    release.await();
                                }
                            });
            started.await();
            CompletableFuture<String> f = slow.toCompletableFuture();
            assertTrue(f.cancel(true));
            assertTrue(f.isCancelled(), "Future.cancel's contract: done once it returned true");
            inCleanup.await();
            assertFalse(
                    slow.isDone(), "the task still runs its cleanup: join the task to wait for it");
            assertEquals(
                    "cancelled through its CompletableFuture",
                    slow.cancellationReason().orElseThrow());
            release.countDown();
            assertThrows(CancelledException.class, slow::join);
            s.join();
        }
    }

    @Test
    void aTaskCancelledElsewhereCompletesItsFutureWithCancellationException() throws Exception {
        try (Scope s = Scope.open()) {
            Task<String> t =
                    s.fork(
                            () -> {
                                Weft.sleep(Duration.ofMinutes(5));
                                return "x";
                            });
            CompletableFuture<String> f = t.toCompletableFuture();
            t.cancel("elsewhere");
            assertThrows(CancellationException.class, f::join);
            assertTrue(f.isCancelled());
            Throwable e = f.handle((v, x) -> x).join();
            assertInstanceOf(CancellationException.class, e);
            assertEquals("elsewhere", e.getMessage());
        }
    }
}
