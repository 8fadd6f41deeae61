package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

import java.util.concurrent.CountDownLatch;

class LeakCheckTest {

    /** Run only through the test kit below: it opens a scope and never closes it. */
    static class LeakingTests {
        static final CountDownLatch NEVER = new CountDownLatch(1);

        @Test
        void leaksAScopeWithABlockedTask() {
            Scope scope = Scope.open(ScopeOptions.defaults().withName("leaky"));
            scope.fork(
                    "stuck",
                    () -> {
                        NEVER.await();
                        return null;
                    });
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
    @Timeout(30)
    void failsATestThatLeavesATaskAliveAndPassesOneThatDoesNot() {
        EngineExecutionResults results =
                EngineTestKit.engine("junit-jupiter")
                        .configurationParameter(
                                "junit.jupiter.extensions.autodetection.enabled", "true")
                        .selectors(selectClass(LeakingTests.class))
                        .execute();

        assertEquals(1, results.testEvents().succeeded().count());
        assertEquals(1, results.testEvents().failed().count());
        Event failed = results.testEvents().failed().list().get(0);
        Throwable error =
                failed.getPayload(org.junit.platform.engine.TestExecutionResult.class)
                        .orElseThrow()
                        .getThrowable()
                        .orElseThrow();
        assertTrue(error.getMessage().contains("scope 'leaky'"), error.getMessage());
        assertTrue(error.getMessage().contains("task 'stuck'"), error.getMessage());
        // The extension force-closed the leak, so nothing is left for this test's own check.
        assertTrue(ScopeImpl.ROOTS.isEmpty());
    }
}
