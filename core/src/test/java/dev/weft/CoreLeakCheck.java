package dev.weft;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The leak check after every test of core (registered through {@code META-INF/services} and JUnit's
 * extension auto-detection, which the build switches on). Users and Weft's other modules get the
 * same check from {@code dev.weft.test.junit.NoLeakedTasksExtension} in weft-test; core's tests
 * cannot depend on weft-test (which depends on core), so this adapter calls the one mechanism,
 * {@link Leaks}, directly.
 */
public final class CoreLeakCheck implements AfterEachCallback {
    @Override
    public void afterEach(ExtensionContext context) {
        String report = Leaks.closeLeaks(context.getDisplayName(), null);
        if (report != null) {
            throw new AssertionError(report);
        }
    }
}
