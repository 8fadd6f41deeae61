package dev.weft.test;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

import java.util.List;

/** Runs test classes that use the extensions, as a user's build would, and reads the outcomes. */
final class Kit {
    private Kit() {}

    /** Runs {@code testClass} with only its own annotations (no auto-detected extension). */
    static EngineExecutionResults run(Class<?> testClass) {
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "false")
                .selectors(selectClass(testClass))
                .execute();
    }

    /** What each failed test threw, in order. */
    static List<Throwable> failures(EngineExecutionResults results) {
        return results.testEvents().failed().list().stream().map(Kit::thrown).toList();
    }

    static Throwable thrown(Event e) {
        return e.getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
    }
}
