package dev.weft.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.CancelledException;
import dev.weft.Channel;
import dev.weft.Weft;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

@Timeout(60)
class VirtualTimeExtensionTest {
    static final List<String> SEEN = new CopyOnWriteArrayList<>();

    /** Run only through the test kit below. */
    @VirtualTime
    static class ClockTests {
        @BeforeEach
        void before(VirtualClock clock) {
            Weft.run(() -> Weft.sleep(Duration.ofSeconds(1)));
            SEEN.add("before at " + clock.elapsed());
        }

        @Test
        void twoHoursOfSleep(VirtualClock clock) {
            Weft.run(() -> Weft.sleep(Duration.ofHours(2)));
            SEEN.add("test at " + clock.elapsed());
        }

        @AfterEach
        void after(VirtualClock clock) {
            clock.advance(Duration.ofSeconds(5));
            SEEN.add("after at " + clock.elapsed());
        }

        @Nested
        class Inner {
            @Test
            void aFreshClockForEveryTest(VirtualClock clock) {
                SEEN.add("nested at " + clock.elapsed());
            }
        }
    }

    @Test
    void eachTestWithItsBeforeAndAfterMethodsRunsOnItsOwnClock() {
        SEEN.clear();
        EngineExecutionResults results = Kit.run(ClockTests.class);
        assertEquals(List.of(), Kit.failures(results));
        assertEquals(2, results.testEvents().succeeded().count());
        assertEquals(
                List.of(
                        "before at PT1S",
                        "test at PT2H1S",
                        "after at PT2H6S",
                        "before at PT1S",
                        "nested at PT1S",
                        "after at PT6S"),
                SEEN);
    }

    /** Run only through the test kit below: it deadlocks on purpose. */
    @VirtualTime(deadlockTimeoutMillis = 200)
    static class DeadlockTests {
        @Test
        void waitsForAnElementNobodySends() {
            Channel<String> never = Channel.unbounded();
            Weft.run(() -> never.receive());
        }
    }

    @Test
    void aDeadlockFailsTheTestWithTheReportInsteadOfTheCancellationItCaused() {
        List<Throwable> failures = Kit.failures(Kit.run(DeadlockTests.class));
        assertEquals(1, failures.size());
        DeadlockError e = assertInstanceOf(DeadlockError.class, failures.get(0));
        assertTrue(
                e.getMessage().contains("task 'main' waits in ChannelImpl.receive, called at "),
                e.getMessage());
        assertTrue(e.getMessage().contains("waitsForAnElementNobodySends"), e.getMessage());
        assertInstanceOf(CancelledException.class, e.getSuppressed()[0]);
    }

    /** Run only through the test kit below: it sleeps in real time on purpose. */
    @VirtualTime
    static class RealSleepTests {
        @Test
        void sleepsInRealTime() {
            Weft.run(
                    () -> {
                        Weft.fork(() -> Weft.sleep(Duration.ofSeconds(1)));
                        Thread.sleep(400);
                    });
        }
    }

    @Test
    void threadSleepFailsTheTestNamingTheLine() {
        List<Throwable> failures = Kit.failures(Kit.run(RealSleepTests.class));
        assertEquals(1, failures.size());
        RealSleepError e = assertInstanceOf(RealSleepError.class, failures.get(0));
        assertTrue(
                e.getMessage()
                        .contains(
                                "called Thread.sleep at dev.weft.test.VirtualTimeExtensionTest$RealSleepTests"),
                e.getMessage());
    }
}
