package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.internal.VirtualClockControl;
import dev.weft.internal.VirtualClockControl.Problem;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The virtual clock under every timed wait of core: each test runs on a fresh clock and asserts
 * exact virtual times, which a real clock could never give. The public face of the clock is
 * weft-test's VirtualClock; these tests drive the engine directly (core cannot depend on
 * weft-test). Core's other timing tests run on it through {@link OnVirtualClock}.
 */
@Timeout(30)
class VirtualTimeTest {
    private static final Duration DEADLOCK = Duration.ofMillis(300);

    private static Duration s(double seconds) {
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }

    /** Runs {@code body} on a fresh clock and returns the problems the clock saw. */
    private static List<Problem> onClock(CheckedConsumer<VirtualClockControl> body)
            throws Exception {
        VirtualClockEngine clock = VirtualClockEngine.install(DEADLOCK);
        try {
            body.accept(clock);
        } finally {
            List<Problem> problems = clock.close();
            LAST.set(problems);
        }
        return LAST.get();
    }

    private static final AtomicReference<List<Problem>> LAST = new AtomicReference<>();

    private static void noProblems(List<Problem> problems) {
        assertEquals(List.of(), problems);
    }

    @Test
    void anHourOfSleepTakesNoRealTime() throws Exception {
        long start = System.nanoTime();
        noProblems(
                onClock(
                        clock -> {
                            Weft.run(() -> Weft.sleep(Duration.ofHours(1)));
                            assertEquals(Duration.ofHours(1), clock.elapsed());
                        }));
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(10).toNanos());
    }

    @Test
    void tasksWakeInTheOrderOfTheirDeadlinesAtExactTimes() throws Exception {
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        noProblems(
                onClock(
                        clock ->
                                Weft.run(
                                        () -> {
                                            Task<Void> t1 =
                                                    Weft.fork(
                                                            () -> {
                                                                Weft.sleep(s(1));
                                                                events.add(
                                                                        "task 1 at "
                                                                                + clock.elapsed());
                                                            });
                                            Task<Void> t2 =
                                                    Weft.fork(
                                                            () -> {
                                                                Weft.sleep(s(2));
                                                                events.add(
                                                                        "task 2 at "
                                                                                + clock.elapsed());
                                                            });
                                            Weft.sleep(s(0.5));
                                            events.add("main at " + clock.elapsed());
                                            t1.join();
                                            t2.join();
                                            events.add("joined at " + clock.elapsed());
                                        })));
        assertEquals(
                List.of("main at PT0.5S", "task 1 at PT1S", "task 2 at PT2S", "joined at PT2S"),
                events);
    }

    @Test
    void withTimeoutExpiresAtItsDeadline() throws Exception {
        noProblems(
                onClock(
                        clock -> {
                            DeadlineExceededException e =
                                    assertThrows(
                                            DeadlineExceededException.class,
                                            () ->
                                                    Weft.run(
                                                            () ->
                                                                    Weft.withTimeout(
                                                                            s(1),
                                                                            () -> {
                                                                                Weft.sleep(s(5));
                                                                                return "late";
                                                                            })));
                            assertInstanceOf(CancelledException.class, e.getCause());
                            assertEquals(s(1), clock.elapsed());
                            assertEquals(
                                    Optional.empty(),
                                    Weft.withTimeoutOrEmpty(
                                            s(2),
                                            () -> {
                                                Weft.sleep(s(3));
                                                return "late";
                                            }));
                            assertEquals(s(3), clock.elapsed());
                            assertEquals(
                                    "quick",
                                    Weft.withTimeout(
                                            s(10),
                                            () -> {
                                                Weft.sleep(s(4));
                                                return "quick";
                                            }));
                            assertEquals(s(7), clock.elapsed());
                        }));
    }

    @Test
    void scopeDeadlinesAndRescheduleFollowTheClock() throws Exception {
        noProblems(
                onClock(
                        clock -> {
                            List<Duration> progress = new ArrayList<>();
                            DeadlineExceededException e =
                                    assertThrows(
                                            DeadlineExceededException.class,
                                            () -> {
                                                try (Scope scope =
                                                        Scope.open(
                                                                ScopeOptions.defaults()
                                                                        .withTimeout(s(0.5)))) {
                                                    scope.fork(
                                                            () -> {
                                                                for (int i = 0; i < 3; i++) {
                                                                    Weft.sleep(s(0.3));
                                                                    progress.add(clock.elapsed());
                                                                    scope.reschedule(s(0.5)); // an
                                                                    // idle
                                                                    // timeout
                                                                }
                                                                Weft.sleep(s(10));
                                                            });
                                                    scope.join();
                                                }
                                            });
                            assertEquals(List.of(s(0.3), s(0.6), s(0.9)), progress);
                            assertEquals(s(1.4), clock.elapsed());
                            assertTrue(e.getMessage().contains("PT0.5S"), e.getMessage());
                        }));
    }

    @Test
    void joinWaitAndAsCompletedTimeOutAtTheirDeadlines() throws Exception {
        noProblems(
                onClock(
                        clock ->
                                Weft.run(
                                        () -> {
                                            Task<String> slow =
                                                    Weft.fork(
                                                            () -> {
                                                                Weft.sleep(s(10));
                                                                return "slow";
                                                            });
                                            Task<String> fast =
                                                    Weft.fork(
                                                            () -> {
                                                                Weft.sleep(s(1));
                                                                return "fast";
                                                            });
                                            assertThrows(
                                                    DeadlineExceededException.class,
                                                    () -> slow.join(s(0.25)));
                                            assertEquals(s(0.25), clock.elapsed());
                                            WaitResult<String> r =
                                                    Weft.wait(
                                                            List.of(slow, fast),
                                                            WaitMode.FIRST_COMPLETED,
                                                            s(5));
                                            assertEquals(List.of(fast), List.copyOf(r.done()));
                                            assertEquals(s(1), clock.elapsed());
                                            var it =
                                                    Weft.asCompleted(List.of(slow), s(2))
                                                            .iterator();
                                            assertThrows(DeadlineExceededException.class, it::next);
                                            assertEquals(s(3), clock.elapsed());
                                            assertEquals("slow", slow.join(s(100)));
                                            assertEquals(s(10), clock.elapsed());
                                        })));
    }

    @Test
    void timedChannelSelectLimiterAndEventOperationsUseTheClock() throws Exception {
        noProblems(
                onClock(
                        clock ->
                                Weft.run(
                                        () -> {
                                            Channel<String> ch = Channel.rendezvous();
                                            assertEquals(Optional.empty(), ch.tryReceive(s(1)));
                                            assertEquals(s(1), clock.elapsed());
                                            assertFalse(ch.trySend("x", s(1)));
                                            assertEquals(s(2), clock.elapsed());
                                            String picked =
                                                    Select.select(
                                                            Select.receive(ch, v -> "got " + v),
                                                            Select.timeout(s(1), () -> "idle"));
                                            assertEquals("idle", picked);
                                            assertEquals(s(3), clock.elapsed());
                                            Limiter limiter = new Limiter(1);
                                            try (Limiter.Permit held = limiter.acquire()) {
                                                assertEquals(
                                                        Optional.empty(), limiter.tryAcquire(s(1)));
                                                assertTrue(held != null);
                                            }
                                            assertEquals(s(4), clock.elapsed());
                                            Event event = new Event();
                                            assertFalse(event.await(s(1)));
                                            assertEquals(s(5), clock.elapsed());
                                            Weft.fork(
                                                    () -> {
                                                        Weft.sleep(s(2));
                                                        ch.send("late");
                                                        event.set();
                                                    });
                                            assertEquals(Optional.of("late"), ch.tryReceive(s(3)));
                                            assertTrue(event.await(s(3)));
                                            assertEquals(s(7), clock.elapsed());
                                        })));
    }

    @Test
    void mapWaitsForPermitsOnTheClock() throws Exception {
        noProblems(
                onClock(
                        clock -> {
                            List<Integer> out =
                                    Weft.run(
                                            () ->
                                                    Weft.map(
                                                            List.of(1, 2, 3, 4, 5),
                                                            2,
                                                            i -> {
                                                                Weft.sleep(s(1));
                                                                return i * 10;
                                                            }));
                            assertEquals(List.of(10, 20, 30, 40, 50), out);
                            assertEquals(s(3), clock.elapsed());
                        }));
    }

    @Test
    void advanceMovesTimeAndLetsTheWokenTasksSettleFirst() throws Exception {
        noProblems(
                onClock(
                        clock -> {
                            List<String> events = Collections.synchronizedList(new ArrayList<>());
                            try (Scope scope = Scope.open()) {
                                scope.fork(
                                        () -> {
                                            for (int i = 1; i <= 3; i++) {
                                                Weft.sleep(s(1));
                                                events.add("tick " + i);
                                            }
                                        });
                                clock.advance(Duration.ZERO);
                                assertEquals(List.of(), events);
                                clock.advance(s(1));
                                assertEquals(
                                        List.of("tick 1"),
                                        events); // the tick at 1 s has run: advance settles first
                                clock.advance(s(1.5));
                                assertEquals(List.of("tick 1", "tick 2"), events);
                                assertEquals(s(2.5), clock.elapsed());
                                scope.join();
                            }
                            assertEquals(List.of("tick 1", "tick 2", "tick 3"), events);
                            assertEquals(s(3), clock.elapsed());
                        }));
    }

    @Test
    void workOutsideWeftHoldsTimeStill() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Duration> seenByOutsider = new AtomicReference<>();
        noProblems(
                onClock(
                        clock -> {
                            Thread installer = Thread.currentThread();
                            // A thread outside the clock releases the latch once the installer
                            // blocks in it.
                            Thread outsider =
                                    Thread.ofPlatform()
                                            .start(
                                                    () -> {
                                                        while (installer.getState()
                                                                != Thread.State.WAITING) {
                                                            Thread.onSpinWait();
                                                        }
                                                        seenByOutsider.set(clock.elapsed());
                                                        release.countDown();
                                                    });
                            // The body blocks in a CountDownLatch, which Weft does not control: it
                            // counts as
                            // running, so the one-second deadline never comes.
                            assertEquals(
                                    "released",
                                    Weft.withTimeout(
                                            s(1),
                                            () -> {
                                                release.await();
                                                return "released";
                                            }));
                            outsider.join();
                            assertEquals(Duration.ZERO, clock.elapsed());
                        }));
        assertEquals(Duration.ZERO, seenByOutsider.get());
    }

    @Test
    void aDeadlockIsReportedAndItsTasksCancelled() throws Exception {
        AtomicReference<CancelledException> thrown = new AtomicReference<>();
        List<Problem> problems =
                onClock(
                        clock -> {
                            Channel<String> never = Channel.unbounded();
                            thrown.set(
                                    assertThrows(
                                            CancelledException.class,
                                            () ->
                                                    Weft.run(
                                                            () ->
                                                                    Weft.scoped(
                                                                            scope -> {
                                                                                scope.fork(
                                                                                        "consumer",
                                                                                        never
                                                                                                ::receive);
                                                                                return never
                                                                                        .receive();
                                                                            }))));
                        });
        assertEquals(1, problems.size(), problems.toString());
        Problem p = problems.get(0);
        assertEquals(Problem.Kind.DEADLOCK, p.kind());
        assertTrue(
                p.message().contains("task 'consumer' waits in ChannelImpl.receive"), p.message());
        assertTrue(p.message().contains("task 'main' waits in ChannelImpl.receive"), p.message());
        assertTrue(p.message().contains("(installed the clock) waits in Weft.run"), p.message());
        assertTrue(
                thrown.get().getMessage().contains("deadlock at virtual time 0.000 s"),
                thrown.get().getMessage());
        assertFalse(Thread.currentThread().isInterrupted());
    }

    @Test
    void threadSleepInAVirtualTimeTestIsReported() throws Exception {
        List<Problem> problems =
                onClock(
                        clock ->
                                Weft.run(
                                        () -> {
                                            Weft.fork(() -> Weft.sleep(s(1)));
                                            Thread.sleep(
                                                    500); // the mistake: real time, which virtual
                                            // time cannot skip
                                        }));
        assertEquals(1, problems.size(), problems.toString());
        assertEquals(Problem.Kind.REAL_SLEEP, problems.get(0).kind());
        assertTrue(
                problems.get(0)
                        .message()
                        .contains("task 'main' called Thread.sleep at dev.weft.VirtualTimeTest"),
                problems.get(0).message());
    }

    @Test
    void threadsOutsideTheClockKeepRealTime() throws Exception {
        noProblems(
                onClock(
                        clock -> {
                            AtomicReference<Long> realNanos = new AtomicReference<>();
                            Thread other =
                                    Thread.ofPlatform()
                                            .start(
                                                    () -> {
                                                        long t0 = System.nanoTime();
                                                        Weft.run(
                                                                () ->
                                                                        Weft.sleep(
                                                                                Duration.ofMillis(
                                                                                        50)));
                                                        realNanos.set(System.nanoTime() - t0);
                                                    });
                            other.join();
                            assertTrue(
                                    realNanos.get() >= Duration.ofMillis(50).toNanos(),
                                    "slept in real time: " + realNanos.get());
                            assertEquals(Duration.ZERO, clock.elapsed());
                        }));
    }

    @Test
    void aClockIsInstalledOncePerThreadAndClosedByItsInstaller() throws Exception {
        noProblems(
                onClock(
                        clock -> {
                            assertThrows(
                                    IllegalStateException.class,
                                    () -> VirtualClockEngine.install(DEADLOCK));
                            AtomicReference<Throwable> fromOther = new AtomicReference<>();
                            Thread.ofPlatform()
                                    .start(
                                            () -> {
                                                try {
                                                    clock.close();
                                                } catch (Throwable e) {
                                                    fromOther.set(e);
                                                }
                                            })
                                    .join();
                            assertInstanceOf(IllegalStateException.class, fromOther.get());
                        }));
        assertEquals(0, VirtualClockEngine.open);
    }

    @Test
    void cancellationWakesATaskParkedOnTheClock() throws Exception {
        noProblems(
                onClock(
                        clock ->
                                Weft.run(
                                        () -> {
                                            Task<Void> sleeper =
                                                    Weft.fork(() -> Weft.sleep(Duration.ofDays(1)));
                                            clock.advance(s(1));
                                            sleeper.cancel();
                                            assertThrows(CancelledException.class, sleeper::join);
                                            assertEquals(s(1), clock.elapsed());
                                        })));
    }

    /** Blocks until {@code t} is parked or blocked, without sleeping. */
    private static void awaitBlocked(Thread t) {
        while (t.getState() != Thread.State.WAITING && t.getState() != Thread.State.TIMED_WAITING) {
            Thread.onSpinWait();
        }
    }

    @Test
    void aPlatformThreadCallIsRealWorkThatHoldsTimeStill() throws Exception {
        noProblems(
                onClock(
                        clock -> {
                            long t0 = System.nanoTime();
                            String done =
                                    Weft.run(
                                            () ->
                                                    Weft.withTimeout(
                                                            s(1),
                                                            () ->
                                                                    Weft.onPlatformThread(
                                                                            () -> {
                                                                                Weft.sleep(
                                                                                        Duration
                                                                                                .ofMillis(
                                                                                                        30)); // a pool thread is not the clock's: real time
                                                                                return "done";
                                                                            })));
                            assertEquals("done", done);
                            assertTrue(System.nanoTime() - t0 >= Duration.ofMillis(30).toNanos());
                            assertEquals(Duration.ZERO, clock.elapsed());
                        }));
    }

    @Test
    void awaitingAFutureCompletedOutsideWeftHoldsTimeStill() throws Exception {
        java.util.concurrent.CompletableFuture<String> future =
                new java.util.concurrent.CompletableFuture<>();
        noProblems(
                onClock(
                        clock -> {
                            AtomicReference<Thread> waiter = new AtomicReference<>();
                            Thread outsider =
                                    Thread.ofPlatform()
                                            .start(
                                                    () -> {
                                                        while (waiter.get() == null) {
                                                            Thread.onSpinWait();
                                                        }
                                                        awaitBlocked(waiter.get());
                                                        future.complete("from outside");
                                                    });
                            String got =
                                    Weft.run(
                                            () ->
                                                    Weft.withTimeout(
                                                            s(1),
                                                            () -> {
                                                                waiter.set(Thread.currentThread());
                                                                return Weft.await(
                                                                        future); // not a Weft wait:
                                                                // the one-second
                                                                // deadline never
                                                                // comes
                                                            }));
                            outsider.join();
                            assertEquals("from outside", got);
                            assertEquals(Duration.ZERO, clock.elapsed());
                        }));
    }

    @Test
    void aPublisherOutsideWeftHoldsTimeStillWhileItWorks() throws Exception {
        noProblems(
                onClock(
                        clock -> {
                            java.util.concurrent.SubmissionPublisher<Integer> publisher =
                                    new java.util.concurrent.SubmissionPublisher<>();
                            AtomicReference<Thread> consumer = new AtomicReference<>();
                            Thread outsider =
                                    Thread.ofPlatform()
                                            .start(
                                                    () -> {
                                                        while (consumer.get() == null) {
                                                            Thread.onSpinWait();
                                                        }
                                                        awaitBlocked(consumer.get());
                                                        for (int i = 1; i <= 3; i++) {
                                                            publisher.submit(i);
                                                        }
                                                        publisher.close();
                                                    });
                            int sum =
                                    Weft.run(
                                            () ->
                                                    Weft.withTimeout(
                                                            s(1),
                                                            () -> {
                                                                Channel<Integer> ch =
                                                                        Flows.channel(publisher, 4);
                                                                consumer.set(
                                                                        Thread.currentThread());
                                                                int total = 0;
                                                                for (int i : ch) {
                                                                    total += i;
                                                                }
                                                                return total;
                                                            }));
                            outsider.join();
                            assertEquals(6, sum);
                            assertEquals(Duration.ZERO, clock.elapsed());
                        }));
    }

    @Test
    void aGeneratorClosedEarlyLeavesItsShieldedCleanupToTheRunOnTheClock() throws Exception {
        noProblems(
                onClock(
                        clock -> {
                            Weft.run(
                                    () -> {
                                        try (Generator<Integer> g =
                                                Generator.start(
                                                        out -> {
                                                            try {
                                                                for (int i = 0; ; i++) {
                                                                    out.emit(i);
                                                                }
                                                            } finally {
                                                                Weft.shield(
                                                                        () -> {
                                                                            Weft.sleep(
                                                                                    s(
                                                                                            2)); // cleanup that takes two seconds
                                                                            return null;
                                                                        });
                                                            }
                                                        })) {
                                            assertEquals(0, g.next());
                                        }
                                        assertEquals(
                                                Duration.ZERO,
                                                clock.elapsed()); // close waited for the
                                        // producer only
                                    });
                            assertEquals(
                                    s(2),
                                    clock.elapsed()); // the run waited for the shielded cleanup
                        }));
    }

    /**
     * Wake-ups between members are never lost to the clock's own lock: a member that finds the lock
     * taken (by the driver firing a timer, or another member parking) waits for it in AQS, whose
     * park can swallow the unpark of a counterpart that has just handed it an element. Before the
     * fix, about one pipeline run in a hundred ended in a false deadlock report with a receiver
     * still parked on a channel that had an element for it (or had been closed).
     */
    @Test
    void handOffsBetweenMembersAreNeverLostWhileTheClockIsBusy() throws Exception {
        for (int run = 0; run < 300; run++) {
            int r = run;
            noProblems(
                    onClock(
                            clock -> {
                                long sum =
                                        Weft.run(
                                                () -> {
                                                    Channel<Integer> jobs = Channel.bounded(2);
                                                    Channel<Integer> results = Channel.bounded(2);
                                                    return Weft.scoped(
                                                            s -> {
                                                                s.fork(
                                                                        () -> {
                                                                            try {
                                                                                for (int i = 1;
                                                                                        i <= 24;
                                                                                        i++) {
                                                                                    jobs.send(i);
                                                                                }
                                                                            } finally {
                                                                                jobs.close();
                                                                            }
                                                                        });
                                                                s.fork(
                                                                        () -> {
                                                                            try {
                                                                                Weft.scope(
                                                                                        workers -> {
                                                                                            for (int
                                                                                                            w =
                                                                                                                    0;
                                                                                                    w
                                                                                                            < 4;
                                                                                                    w++) {
                                                                                                workers
                                                                                                        .fork(
                                                                                                                () -> {
                                                                                                                    for (int
                                                                                                                            job :
                                                                                                                                    jobs) {
                                                                                                                        Weft
                                                                                                                                .sleep(
                                                                                                                                        Duration
                                                                                                                                                .ofMillis(
                                                                                                                                                        job
                                                                                                                                                                % 3));
                                                                                                                        results
                                                                                                                                .send(
                                                                                                                                        job);
                                                                                                                    }
                                                                                                                });
                                                                                            }
                                                                                        });
                                                                            } finally {
                                                                                results.close();
                                                                            }
                                                                        });
                                                                long total = 0;
                                                                for (int x : results) {
                                                                    total += x;
                                                                }
                                                                s.join();
                                                                return total;
                                                            });
                                                });
                                assertEquals(300L, sum, "run " + r);
                            }));
        }
    }
}
