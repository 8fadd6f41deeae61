package dev.weft.internal;

import org.jspecify.annotations.Nullable;

/**
 * The "no task outlives its test" check, for {@code dev.weft.test}'s JUnit extension and Weft's own
 * tests: one mechanism, whatever runs it.
 */
public final class LeakCheck {
    private LeakCheck() {}

    /**
     * Closes every Weft scope still open (cancelling and waiting for its tasks) and a virtual clock
     * left installed on the calling thread, and describes what it closed.
     *
     * @param test the test's name, used as the cancellation reason
     * @param managed a virtual clock the caller closes itself, so not a leak; or null
     * @return the report naming each leaked scope, task and clock, or null if nothing leaked
     */
    public static @Nullable String closeLeaks(String test, @Nullable VirtualClockControl managed) {
        return Access.core().closeLeaks(test, managed);
    }
}
