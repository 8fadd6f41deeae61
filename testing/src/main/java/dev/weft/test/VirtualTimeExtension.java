package dev.weft.test;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.platform.commons.support.AnnotationSupport;

import java.lang.reflect.AnnotatedElement;
import java.time.Duration;
import java.util.Optional;

/**
 * The JUnit 5 extension behind {@link VirtualTime}: installs a {@link VirtualClock} on the test's
 * thread before each test (before its {@code @BeforeEach} methods), resolves {@link VirtualClock}
 * parameters to it, and closes it after each test (after its {@code @AfterEach} methods), failing
 * the test with what the clock saw. Register it with {@code @VirtualTime} (which also reads the
 * deadlock timeout) or {@code @ExtendWith(VirtualTimeExtension.class)}.
 *
 * <p>Thread safety: JUnit calls it for one test at a time per thread; each test has its own clock,
 * kept in the test's extension store.
 */
// JUnit's types in this API are JUnit's contract: whoever registers it has JUnit (an optional
// dependency of this module, which therefore does not require it transitively).
@SuppressWarnings("exports")
public final class VirtualTimeExtension
        implements BeforeEachCallback,
                AfterEachCallback,
                ParameterResolver,
                TestExecutionExceptionHandler {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(VirtualTimeExtension.class);
    private static final String CLOCK = "clock";

    /** Creates the extension; JUnit does, when it is registered. */
    public VirtualTimeExtension() {}

    @Override
    public void beforeEach(ExtensionContext context) {
        Duration timeout =
                Duration.ofMillis(
                        annotation(context)
                                .map(VirtualTime::deadlockTimeoutMillis)
                                .orElse(VirtualClock.DEFAULT_DEADLOCK_TIMEOUT.toMillis()));
        context.getStore(NAMESPACE).put(CLOCK, VirtualClock.install(timeout));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        VirtualClock clock = context.getStore(NAMESPACE).remove(CLOCK, VirtualClock.class);
        if (clock != null) {
            clock.close();
        }
    }

    /**
     * Supports parameters of type {@link VirtualClock}.
     *
     * @param parameter the parameter
     * @param context the test's context
     * @return whether the parameter is a {@link VirtualClock}
     */
    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == VirtualClock.class;
    }

    /**
     * Returns the test's clock.
     *
     * @param parameter the parameter
     * @param context the test's context
     * @return the clock installed for this test
     * @throws ParameterResolutionException outside a test (a constructor or a class-level method)
     */
    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        VirtualClock clock = clockOf(context);
        if (clock == null) {
            throw new ParameterResolutionException(
                    "a VirtualClock exists only for the duration of each test: "
                            + "declare it on the test method or on a @BeforeEach or @AfterEach method");
        }
        return clock;
    }

    /** A deadlock makes the test's code throw a cancellation: report the deadlock instead. */
    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable thrown)
            throws Throwable {
        VirtualClock clock = clockOf(context);
        AssertionError seen = clock == null ? null : clock.takeError();
        if (seen != null) {
            seen.addSuppressed(thrown);
            throw seen;
        }
        throw thrown;
    }

    /** The clock of the test {@code context} belongs to, or null. */
    static VirtualClock clockOf(ExtensionContext context) {
        return context.getStore(NAMESPACE).get(CLOCK, VirtualClock.class);
    }

    private static Optional<VirtualTime> annotation(ExtensionContext context) {
        for (@Nullable ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
            Optional<? extends AnnotatedElement> e = c.getElement();
            if (e.isEmpty()) {
                break;
            }
            Optional<VirtualTime> found = AnnotationSupport.findAnnotation(e, VirtualTime.class);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }
}
