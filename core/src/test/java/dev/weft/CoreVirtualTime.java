package dev.weft;

import dev.weft.internal.VirtualClockControl;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.time.Duration;
import java.util.List;

/**
 * The extension behind {@link OnVirtualClock}: a fresh virtual clock (core's engine) on the test's
 * thread for each test, closed after it; a deadlock or a real sleep fails the test.
 */
public final class CoreVirtualTime
        implements BeforeEachCallback, AfterEachCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NS =
            ExtensionContext.Namespace.create(CoreVirtualTime.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NS).put("clock", VirtualClockEngine.install(Duration.ofSeconds(1)));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        VirtualClockEngine clock = context.getStore(NS).remove("clock", VirtualClockEngine.class);
        List<VirtualClockControl.Problem> problems = clock.close();
        if (!problems.isEmpty()) {
            throw new AssertionError("the virtual clock saw: " + problems);
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == VirtualClockControl.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getStore(NS).get("clock", VirtualClockEngine.class);
    }
}
