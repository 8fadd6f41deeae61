package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

@Timeout(30)
class ScopeTest {

    @Test
    void lambdaFormWaitsForEveryChildWhenTheBodyReturns() {
        AtomicInteger done = new AtomicInteger();
        Weft.scope(
                s -> {
                    for (int i = 0; i < 50; i++) {
                        s.fork(
                                () -> {
                                    Weft.sleep(java.time.Duration.ofMillis(5));
                                    done.incrementAndGet();
                                });
                    }
                });
        assertEquals(50, done.get());
    }

    @Test
    void lambdaFormCancelsChildrenWhenTheBodyThrows() {
        CountDownLatch started = new CountDownLatch(1);
        AtomicReference<Task<?>> child = new AtomicReference<>();
        IllegalStateException e =
                assertThrows(
                        IllegalStateException.class,
                        () ->
                                Weft.scope(
                                        s -> {
                                            child.set(
                                                    s.fork(
                                                            () -> {
                                                                started.countDown();
                                                                new CountDownLatch(1).await();
                                                                return null;
                                                            }));
                                            started.await();
                                            throw new IllegalStateException("body failed");
                                        }));
        assertEquals("body failed", e.getMessage());
        assertEquals(Task.State.CANCELLED, child.get().state());
    }

    @Test
    void childFailureCancelsSiblingsAndBodyAndCallerSeesOnlyTheRealError() {
        CountDownLatch siblingsBlocked = new CountDownLatch(2);
        List<Task<?>> siblings = new ArrayList<>();
        AtomicBoolean bodyCancelled = new AtomicBoolean();
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                Weft.scope(
                                        s -> {
                                            for (int i = 0; i < 2; i++) {
                                                siblings.add(
                                                        s.fork(
                                                                () -> {
                                                                    siblingsBlocked.countDown();
                                                                    new CountDownLatch(1).await();
                                                                    return null;
                                                                }));
                                            }
                                            siblingsBlocked.await();
                                            s.fork(
                                                    () -> {
                                                        throw new IllegalArgumentException("boom");
                                                    });
                                            try {
                                                new CountDownLatch(1)
                                                        .await(); // the body blocks until the
                                                // failure cancels it
                                            } catch (InterruptedException ie) {
                                                bodyCancelled.set(true);
                                                throw ie;
                                            }
                                        }));
        assertEquals("boom", e.getMessage());
        assertEquals(0, e.getSuppressed().length, "sibling cancellations are not errors");
        assertTrue(bodyCancelled.get());
        for (Task<?> t : siblings) {
            assertEquals(Task.State.CANCELLED, t.state());
        }
        assertFalse(Thread.currentThread().isInterrupted(), "internal cancellation must not leak");
    }

    @Test
    void twoRealFailuresRacingAreBothReportedFirstWithSecondSuppressed() throws Exception {
        CyclicBarrier together = new CyclicBarrier(2);
        RuntimeException e =
                assertThrows(
                        RuntimeException.class,
                        () -> {
                            try (Scope s = Scope.open()) {
                                for (int i = 0; i < 2; i++) {
                                    int n = i;
                                    s.fork(
                                            () -> {
                                                together.await();
                                                throw new IllegalStateException("failure " + n);
                                            });
                                }
                                s.join();
                            }
                        });
        assertInstanceOf(IllegalStateException.class, e);
        // Both failed for real; neither is hidden. (The second may have seen the cancellation
        // only after it threw, so it is a real failure too.)
        int reported = 1 + e.getSuppressed().length;
        assertEquals(2, reported, "both real failures reported");
    }

    @Test
    void checkedFailureIsWrappedAndCanBeRethrownAsItsType() {
        TaskFailedException e =
                assertThrows(
                        TaskFailedException.class,
                        () ->
                                Weft.scope(
                                        s ->
                                                s.fork(
                                                        () -> {
                                                            throw new IOException("disk");
                                                        })));
        assertInstanceOf(IOException.class, e.getCause());
        IOException io = assertThrows(IOException.class, () -> e.rethrowIf(IOException.class));
        assertEquals("disk", io.getMessage());
    }

    @Test
    void errorsAreNeverWrapped() {
        StackOverflowError e =
                assertThrows(
                        StackOverflowError.class,
                        () ->
                                Weft.scope(
                                        s ->
                                                s.fork(
                                                        () -> {
                                                            throw new StackOverflowError("deep");
                                                        })));
        assertEquals("deep", e.getMessage());
    }

    @Test
    void supervisorLetsSiblingsFinishAndReportsAllFailures() {
        AtomicInteger finished = new AtomicInteger();
        CountDownLatch failuresDone = new CountDownLatch(2);
        TaskGroupException e =
                assertThrows(
                        TaskGroupException.class,
                        () -> {
                            try (Scope s = Scope.open(ScopeOptions.defaults().supervised())) {
                                s.fork(
                                        () -> {
                                            failuresDone.countDown();
                                            throw new IllegalStateException("one");
                                        });
                                s.fork(
                                        () -> {
                                            failuresDone.countDown();
                                            throw new IllegalArgumentException("two");
                                        });
                                s.fork(
                                        () -> {
                                            failuresDone
                                                    .await(); // still running after both failures
                                            finished.incrementAndGet();
                                            return null;
                                        });
                                s.join();
                            }
                        });
        assertEquals(1, finished.get());
        assertEquals(2, e.failures().size());
    }

    @Test
    void childrenForkIntoTheSameScopeFromInside() {
        ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();
        Weft.scope(
                s ->
                        s.fork(
                                () -> {
                                    seen.add("parent");
                                    s.fork(
                                            () -> {
                                                seen.add("child");
                                                s.fork(() -> seen.add("grandchild"));
                                            });
                                }));
        assertEquals(List.of("parent", "child", "grandchild"), List.copyOf(seen));
    }

    @Test
    void forkFromOutsideTheScopeIsRefused() throws Exception {
        try (Scope s = Scope.open()) {
            AtomicReference<Throwable> error = new AtomicReference<>();
            Thread outsider =
                    Thread.ofPlatform()
                            .start(
                                    () -> {
                                        try {
                                            s.fork(() -> 1);
                                        } catch (Throwable t) {
                                            error.set(t);
                                        }
                                    });
            outsider.join();
            assertInstanceOf(IllegalStateException.class, error.get());
        }
    }

    @Test
    void forkAfterCloseThrowsAndTheCallableNeverRuns() {
        Scope s = Scope.open();
        s.close();
        AtomicBoolean ran = new AtomicBoolean();
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> s.fork(() -> ran.getAndSet(true)));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertFalse(ran.get());
        assertThrows(IllegalStateException.class, s::join);
        s.close(); // idempotent
    }

    @Test
    void forkIntoACancelledScopeReturnsACancelledTaskThatNeverRuns() {
        AtomicBoolean ran = new AtomicBoolean();
        try (Scope s = Scope.open()) {
            s.cancel("stop");
            Task<Boolean> t = s.fork(() -> ran.getAndSet(true));
            assertEquals(Task.State.CANCELLED, t.state());
            assertEquals("stop", t.cancellationReason().orElseThrow());
            s.join(); // a scope absorbs its own cancel()
        }
        assertFalse(ran.get());
    }

    @Test
    void closeCancelsWhatStillRunsAndWaitsForBlockingCleanup() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch cleanupMayFinish = new CountDownLatch(1);
        AtomicBoolean cleanedUp = new AtomicBoolean();
        Thread[] helper = new Thread[1];
        IllegalStateException notJoined =
                assertThrows(
                        IllegalStateException.class,
                        () -> {
                            try (Scope s = Scope.open()) {
                                s.fork(
                                        () -> {
                                            try {
                                                started.countDown();
                                                new CountDownLatch(1).await();
                                            } finally {
                                                cleanupMayFinish
                                                        .await(); // cleanup blocks; close must wait
                                                // for it
                                                cleanedUp.set(true);
                                            }
                                            return null;
                                        });
                                started.await();
                                helper[0] = Thread.ofVirtual().start(cleanupMayFinish::countDown);
                            }
                        });
        assertTrue(notJoined.getMessage().contains("1 task(s)"), notJoined.getMessage());
        helper[0].join();
        assertTrue(cleanedUp.get());
    }

    @Test
    void nestedScopesMustCloseInOrder() {
        Scope outer = Scope.open(ScopeOptions.defaults().withName("outer"));
        Scope inner = Scope.open(ScopeOptions.defaults().withName("inner"));
        inner.fork(
                () -> {
                    new CountDownLatch(1).await();
                    return null;
                });
        IllegalStateException e = assertThrows(IllegalStateException.class, outer::close);
        assertTrue(e.getMessage().contains("inner"), e.getMessage());
        inner.close(); // already closed by the outer close: idempotent
    }

    @Test
    void cancellingAScopeCancelsNestedScopesOfItsTasks() throws Exception {
        CountDownLatch grandchildBlocked = new CountDownLatch(1);
        AtomicReference<Task<?>> grandchild = new AtomicReference<>();
        try (Scope s = Scope.open()) {
            s.fork(
                    () ->
                            Weft.scope(
                                    inner -> {
                                        grandchild.set(
                                                inner.fork(
                                                        () -> {
                                                            grandchildBlocked.countDown();
                                                            new CountDownLatch(1).await();
                                                            return null;
                                                        }));
                                    }));
            grandchildBlocked.await();
            s.cancel("shutting down");
            s.join();
        }
        assertEquals(Task.State.CANCELLED, grandchild.get().state());
        assertEquals("shutting down", grandchild.get().cancellationReason().orElseThrow());
    }

    @Test
    void cancellingTheParentGivesACancellationEvenWhenChildrenFailAtTheSameMoment()
            throws Exception {
        CountDownLatch childrenBlocked = new CountDownLatch(3);
        Task<Void> parent;
        try (Scope outer = Scope.open()) {
            parent =
                    outer.fork(
                            () ->
                                    Weft.scope(
                                            s -> {
                                                for (int i = 0; i < 3; i++) {
                                                    s.fork(
                                                            () -> {
                                                                try {
                                                                    childrenBlocked.countDown();
                                                                    new CountDownLatch(1).await();
                                                                } catch (InterruptedException e) {
                                                                    throw new IllegalStateException(
                                                                            "failing while being cancelled",
                                                                            e);
                                                                }
                                                                return null;
                                                            });
                                                }
                                            }));
            childrenBlocked.await();
            parent.cancel("parent cancelled");
            outer.join();
        }
        assertEquals(Task.State.CANCELLED, parent.state());
        assertThrows(CancelledException.class, parent::join);
    }

    @Test
    void interruptedOwnerJoinCancelsChildrenWaitsAndReportsTheInterrupt() throws Exception {
        CountDownLatch childBlocked = new CountDownLatch(1);
        AtomicReference<Throwable> joinError = new AtomicReference<>();
        AtomicBoolean interruptKept = new AtomicBoolean();
        AtomicReference<Task<?>> child = new AtomicReference<>();
        Thread owner =
                Thread.ofPlatform()
                        .start(
                                () -> {
                                    try (Scope s = Scope.open()) {
                                        child.set(
                                                s.fork(
                                                        () -> {
                                                            childBlocked.countDown();
                                                            new CountDownLatch(1).await();
                                                            return null;
                                                        }));
                                        try {
                                            s.join();
                                        } catch (Throwable t) {
                                            joinError.set(t);
                                            interruptKept.set(
                                                    Thread.currentThread().isInterrupted());
                                        }
                                    }
                                });
        childBlocked.await();
        owner.interrupt();
        owner.join();
        assertInstanceOf(CancelledException.class, joinError.get());
        assertTrue(interruptKept.get(), "a platform owner's interrupt is set again");
        assertEquals(Task.State.CANCELLED, child.get().state());
    }

    @Test
    void longLivedScopeDropsFinishedChildren() throws Exception {
        try (Scope s = Scope.open()) {
            WeakReference<Task<byte[]>> finished = forkAndJoin(s);
            for (int i = 0; i < 200 && finished.get() != null; i++) {
                System.gc();
                Thread.onSpinWait();
            }
            assertEquals(null, finished.get(), "a finished task is not retained by its open scope");
            assertTrue(((ScopeImpl) s).runningTasks().isEmpty());
        }
    }

    @Test
    void aFinishedTaskKeepsItsResultButNeitherItsWorkNorItsThread() throws Exception {
        List<WeakReference<Object>> gone = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Task<Integer>> kept = new ArrayList<>();
        Weft.scope(
                s -> {
                    for (int i = 0; i < 3; i++) {
                        byte[] captured = new byte[1 << 16];
                        gone.add(new WeakReference<>(captured));
                        kept.add(
                                s.fork(
                                        () -> {
                                            gone.add(new WeakReference<>(Thread.currentThread()));
                                            return captured.length;
                                        }));
                    }
                });
        for (int i = 0; i < 200 && gone.stream().anyMatch(r -> r.get() != null); i++) {
            System.gc();
            Thread.onSpinWait();
        }
        for (WeakReference<Object> r : gone) {
            Object left = r.get();
            assertTrue(
                    left == null,
                    () -> "a finished task still holds a " + left.getClass().getSimpleName());
        }
        for (Task<Integer> t : kept) {
            assertEquals(1 << 16, t.join(), "the result stays");
        }
    }

    private static WeakReference<Task<byte[]>> forkAndJoin(Scope s) {
        Task<byte[]> t = s.fork(() -> new byte[1 << 20]);
        t.join();
        return new WeakReference<>(t);
    }

    @Test
    void tenThousandTasksInOneScope() {
        AtomicInteger sum = new AtomicInteger();
        Weft.scope(
                s -> {
                    for (int i = 0; i < 10_000; i++) {
                        int n = i;
                        s.fork(() -> sum.addAndGet(n));
                    }
                });
        assertEquals(10_000 * 9_999 / 2, sum.get());
    }

    @Test
    void namedTasksNameTheirThreadsAndUnnamedOnesOnlyInDebugMode() {
        AtomicReference<String> threadName = new AtomicReference<>();
        Weft.scope(
                ScopeOptions.defaults().withName("crawl"),
                s -> {
                    s.fork("fetch-home", () -> threadName.set(Thread.currentThread().getName()))
                            .join();
                    Task<String> unnamed = s.fork(() -> Thread.currentThread().getName());
                    assertEquals(
                            "", unnamed.join(), "no string is built for a thread nobody named");
                    assertEquals("crawl-2", unnamed.name(), "the task's name is built when read");
                    assertSame(unnamed.name(), unnamed.name(), "and built once");
                });
        assertEquals("fetch-home", threadName.get());
        TaskTree.setDebug(true);
        try {
            Weft.scope(
                    ScopeOptions.defaults().withName("crawl"),
                    s -> {
                        Task<String> unnamed = s.fork(() -> Thread.currentThread().getName());
                        assertEquals("crawl-1", unnamed.join(), "debug mode names every thread");
                    });
        } finally {
            TaskTree.setDebug(false);
        }
    }

    @Test
    void joinAndCloseAreOwnerOnly() throws Exception {
        try (Scope s = Scope.open()) {
            Task<Throwable> t =
                    s.fork(
                            () -> {
                                try {
                                    s.join();
                                    return null;
                                } catch (Throwable e) {
                                    return e;
                                }
                            });
            s.join();
            assertInstanceOf(IllegalStateException.class, t.resultNow());
        }
    }

    @Test
    void closeReportsAFailureThatJoinDidNotAndTwrKeepsTheBodyExceptionPrimary() {
        IllegalStateException failure = new IllegalStateException("child");
        IllegalArgumentException body =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> {
                            try (Scope s = Scope.open()) {
                                Task<Object> t =
                                        s.fork(
                                                () -> {
                                                    throw failure;
                                                });
                                while (!t.isDone()) {
                                    Thread.onSpinWait();
                                }
                                throw new IllegalArgumentException("body");
                            }
                        });
        assertSame(failure, body.getSuppressed()[0]);
    }

    /**
     * Item 5 of issue 15: Weft.scoped did not exist (results went out through an AtomicReference).
     */
    @Test
    void scopedReturnsTheBodysValueAfterEveryTaskHasFinished() {
        AtomicBoolean childDone = new AtomicBoolean();
        CountDownLatch bodyReturned = new CountDownLatch(1);
        String value =
                Weft.scoped(
                        s -> {
                            s.fork(
                                    () -> {
                                        bodyReturned.await();
                                        childDone.set(true);
                                        return null;
                                    });
                            bodyReturned.countDown();
                            return "value";
                        });
        assertEquals("value", value);
        assertTrue(childDone.get(), "scoped waited for the child after the body returned");

        // An expression lambda that fits a void and a value body compiles with either name.
        Task<Integer> forked = Weft.scoped(s -> s.fork(() -> 1));
        assertEquals(1, forked.resultNow());
        Weft.scope(s -> s.fork(() -> 1));
    }

    @Test
    void scopedCancelsTheTasksAndRethrowsWhenTheBodyThrows() {
        AtomicReference<Task<Void>> child = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(1);
        IllegalStateException e =
                assertThrows(
                        IllegalStateException.class,
                        () ->
                                Weft.scoped(
                                        s -> {
                                            child.set(
                                                    s.fork(
                                                            () -> {
                                                                started.countDown();
                                                                new CountDownLatch(1).await();
                                                            }));
                                            started.await();
                                            throw new IllegalStateException("body failed");
                                        }));
        assertEquals("body failed", e.getMessage());
        assertEquals(Task.State.CANCELLED, child.get().state());
        assertThrows(
                DeadlineExceededException.class,
                () ->
                        Weft.scoped(
                                ScopeOptions.defaults().withTimeout(java.time.Duration.ofMillis(1)),
                                s -> {
                                    Weft.sleep(java.time.Duration.ofHours(1));
                                    return "late";
                                }));
    }
}
