package dev.weft.internal;

import java.time.Duration;

/**
 * Core's rules for duration arguments and deadlines, for Weft's other modules: one rule for
 * negative and zero durations across the library.
 */
public final class DurationRules {
    private DurationRules() {}

    /**
     * Checks a duration argument that must not be negative, as core's own methods do.
     *
     * @param d the duration
     * @param name the argument's name, for the message
     * @return {@code d}
     * @throws NullPointerException if {@code d} is null
     * @throws IllegalArgumentException if {@code d} is negative
     */
    public static Duration requireNonNegative(Duration d, String name) {
        return Access.core().requireNonNegative(d, name);
    }

    /**
     * Checks a duration argument that must be positive, such as a polling interval or a timeout
     * of which zero would make the operation fail at once.
     *
     * @param d the duration
     * @param name the argument's name, for the message
     * @return {@code d}
     * @throws NullPointerException if {@code d} is null
     * @throws IllegalArgumentException if {@code d} is zero or negative
     */
    public static Duration requirePositive(Duration d, String name) {
        return Access.core().requirePositive(d, name);
    }

    /**
     * Nanoseconds of {@code d}, saturated to the long range instead of overflowing.
     *
     * @param d the duration
     * @return its nanoseconds
     */
    public static long toNanosSaturated(Duration d) {
        return Access.core().toNanosSaturated(d);
    }

    /**
     * The absolute {@link System#nanoTime()} deadline {@code d} from now, saturated.
     *
     * @param d the duration
     * @return the deadline
     */
    public static long deadlineFromNow(Duration d) {
        return Access.core().deadlineFromNow(d);
    }
}
