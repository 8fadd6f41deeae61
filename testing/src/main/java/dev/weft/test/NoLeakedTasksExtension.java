package dev.weft.test;

import dev.weft.internal.LeakCheck;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The JUnit 5 extension behind {@link NoLeakedTasks}: after each test (after its {@code @AfterEach}
 * methods), fails the test with an {@link AssertionError} naming every Weft scope it left open with
 * its live tasks, and a virtual clock left installed on its thread, after closing them. Register it
 * with {@code @NoLeakedTasks}, {@code @ExtendWith}, or for every test of a project through JUnit's
 * extension auto-detection: list {@code dev.weft.test.NoLeakedTasksExtension} in {@code
 * src/test/resources/META-INF/services/org.junit.jupiter.api.extension.Extension} and set {@code
 * junit.jupiter.extensions.autodetection.enabled=true}. (weft-test itself registers nothing: a test
 * dependency never changes what runs until asked.)
 *
 * <p>The clock of a {@link VirtualTime} test is closed by its own extension, so it is not a leak.
 *
 * <p>Thread safety: stateless; JUnit may call it from any thread.
 */
// JUnit's types in this API are JUnit's contract: whoever registers it has JUnit (an optional
// dependency of this module, which therefore does not require it transitively).
@SuppressWarnings("exports")
public final class NoLeakedTasksExtension implements AfterEachCallback {
    /** Creates the extension; JUnit does, when it is registered. */
    public NoLeakedTasksExtension() {}

    @Override
    public void afterEach(ExtensionContext context) {
        VirtualClock managed = VirtualTimeExtension.clockOf(context);
        String report =
                LeakCheck.closeLeaks(
                        context.getDisplayName(), managed == null ? null : managed.control());
        if (report != null) {
            throw new AssertionError(report);
        }
    }
}
