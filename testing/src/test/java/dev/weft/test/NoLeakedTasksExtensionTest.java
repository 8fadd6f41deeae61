package dev.weft.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Scope;
import dev.weft.ScopeOptions;
import dev.weft.Weft;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

@Timeout(60)
class NoLeakedTasksExtensionTest {
    static final CountDownLatch NEVER = new CountDownLatch(1);

    /** Run only through the test kit below: one test leaks a scope with a blocked task. */
    @NoLeakedTasks
    static class LeakingTests {
        @Test
        void leaksAScopeWithABlockedTask() {
            AtomicReference<Thread> stuck = new AtomicReference<>();
            Scope scope = Scope.open(ScopeOptions.defaults().withName("leaky"));
            scope.fork(
                    "stuck",
                    () -> {
                        stuck.set(Thread.currentThread());
                        NEVER.await();
                        return null;
                    });
            // Returns once the task blocks, so that the report can show where.
            while (stuck.get() == null || stuck.get().getState() != Thread.State.WAITING) {
                Thread.onSpinWait();
            }
        }

        @Test
        void closesItsScope() {
            try (Scope scope = Scope.open()) {
                scope.fork(() -> 1);
                scope.join();
            }
        }
    }

    @Test
    void failsATestThatLeavesATaskAliveNamingItAndWhereItIs() {
        EngineExecutionResults results = Kit.run(LeakingTests.class);
        assertEquals(1, results.testEvents().succeeded().count());
        List<Throwable> failures = Kit.failures(results);
        assertEquals(1, failures.size());
        String report = failures.get(0).getMessage();
        assertTrue(report.contains("scope 'leaky'"), report);
        assertTrue(
                report.contains(
                        "task 'stuck' RUNNING, its thread is in CountDownLatch.await, called at "
                                + "dev.weft.test.NoLeakedTasksExtensionTest$LeakingTests"),
                report);
    }

    /** Run only through the test kit below: it forgets to close its clock. */
    @NoLeakedTasks
    static class ClockLeakingTests {
        @Test
        void forgetsToCloseItsClock() {
            VirtualClock.install();
        }
    }

    @Test
    void failsATestThatLeavesAVirtualClockInstalled() {
        List<Throwable> failures = Kit.failures(Kit.run(ClockLeakingTests.class));
        assertEquals(1, failures.size());
        assertTrue(
                failures.get(0)
                        .getMessage()
                        .contains("test left a virtual clock installed on its thread"),
                failures.get(0).getMessage());
    }

    /** Run only through the test kit below: the leak check after the virtual clock's extension. */
    @NoLeakedTasks
    @VirtualTime
    static class CheckedAfterTheClock {
        @Test
        void sleeps(VirtualClock clock) {
            Weft.run(() -> Weft.sleep(Duration.ofSeconds(3)));
            assertEquals(Duration.ofSeconds(3), clock.elapsed());
        }
    }

    /** Run only through the test kit below: the leak check before the virtual clock's extension. */
    @VirtualTime
    @NoLeakedTasks
    static class CheckedBeforeTheClock {
        @Test
        void sleeps(VirtualClock clock) {
            Weft.run(() -> Weft.sleep(Duration.ofSeconds(3)));
            assertEquals(Duration.ofSeconds(3), clock.elapsed());
        }
    }

    @Test
    void theClockOfAVirtualTimeTestIsNotALeakWhicheverExtensionRunsFirst() {
        assertEquals(List.of(), Kit.failures(Kit.run(CheckedAfterTheClock.class)));
        assertEquals(List.of(), Kit.failures(Kit.run(CheckedBeforeTheClock.class)));
    }
}
