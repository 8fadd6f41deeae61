package dev.weft.internal;

import java.time.Duration;

/**
 * Core's rules for duration arguments and deadlines, for Weft's other modules: one rule for
 * negative and zero durations across the library (stated for users in {@code docs/timeouts.md}):
 * {@code null} is refused with {@link NullPointerException} and a negative duration with {@link
 * IllegalArgumentException}, both naming the argument, before anything starts; zero means "no time"
 * for a timeout, a wait bound or a deadline ({@link #requireNonNegative}); a period of repeated
 * work or a standing per-call limit (a poll interval, an HTTP phase timeout) must be positive
 * ({@link #requirePositive}).
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
     * Checks a duration argument that must be positive — a period of repeated work or a standing
     * per-call limit, where zero would spin or fail every call — as core's rule says.
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
     * The absolute deadline {@code d} from now on Weft's clock ({@link #now()}); waits beyond about
     * 146 years are capped. Compare it with the current time only through {@link #remaining}, as it
     * may wrap around the long range.
     *
     * @param d the duration
     * @return the deadline
     */
    public static long deadlineFromNow(Duration d) {
        return Access.core().deadlineFromNow(d);
    }

    /**
     * The current time of the clock every Weft wait reads, in nanoseconds (origin arbitrary): the
     * calling thread's virtual clock in a virtual-time test, {@link System#nanoTime()} otherwise.
     * Deadlines and elapsed times that Weft's modules compute must come from here, so that virtual
     * time covers them.
     *
     * @return the time
     */
    public static long now() {
        return Access.core().now();
    }

    /**
     * Nanoseconds left until {@code deadline} (from {@link #deadlineFromNow}); zero or negative
     * once it has passed.
     *
     * @param deadline the deadline
     * @return the time left
     */
    public static long remaining(long deadline) {
        return deadline - now();
    }
}
