package dev.weft.internal;

/**
 * Core's rules for integer arguments — sizes, counts, capacities, limits, ports — used by core and
 * by Weft's other modules, worded like the duration rules ({@link DurationRules}) so that every
 * refusal reads the same: the argument's name, what is wrong, the value.
 *
 * <ul>
 *   <li>{@link #requireNonNegative}: {@code capacity is negative: -1};
 *   <li>{@link #requirePositive}: {@code permits is not positive: 0};
 *   <li>{@link #requireInRange}: {@code port is out of range 1..65535: 70000}.
 * </ul>
 *
 * Each throws {@link IllegalArgumentException} before anything starts or changes, and returns its
 * argument otherwise, so a check can sit in an assignment.
 */
public final class ArgumentRules {
    private ArgumentRules() {}

    /**
     * Checks an argument that must not be negative.
     *
     * @param value the value
     * @param name the argument's name, for the message
     * @return {@code value}
     * @throws IllegalArgumentException if {@code value} is negative
     */
    public static int requireNonNegative(int value, String name) {
        return (int) requireNonNegative((long) value, name);
    }

    /**
     * Checks an argument that must not be negative.
     *
     * @param value the value
     * @param name the argument's name, for the message
     * @return {@code value}
     * @throws IllegalArgumentException if {@code value} is negative
     */
    public static long requireNonNegative(long value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " is negative: " + value);
        }
        return value;
    }

    /**
     * Checks an argument that must be at least 1.
     *
     * @param value the value
     * @param name the argument's name, for the message
     * @return {@code value}
     * @throws IllegalArgumentException if {@code value} is zero or negative
     */
    public static int requirePositive(int value, String name) {
        return (int) requirePositive((long) value, name);
    }

    /**
     * Checks an argument that must be at least 1.
     *
     * @param value the value
     * @param name the argument's name, for the message
     * @return {@code value}
     * @throws IllegalArgumentException if {@code value} is zero or negative
     */
    public static long requirePositive(long value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " is not positive: " + value);
        }
        return value;
    }

    /**
     * Checks an argument that must lie between {@code min} and {@code max}, both included.
     *
     * @param value the value
     * @param min the smallest value allowed
     * @param max the largest value allowed
     * @param name the argument's name, for the message
     * @return {@code value}
     * @throws IllegalArgumentException if {@code value} is below {@code min} or above {@code max}
     */
    public static int requireInRange(int value, int min, int max, String name) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                    name + " is out of range " + min + ".." + max + ": " + value);
        }
        return value;
    }
}
