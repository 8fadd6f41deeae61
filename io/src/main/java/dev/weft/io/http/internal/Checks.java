package dev.weft.io.http.internal;


/**
 * Integer argument checks shared by the HTTP types; every message names the argument. Durations
 * are checked by core's rules ({@link dev.weft.internal.DurationRules}).
 */
public final class Checks {
    private Checks() {}

    public static long notNegative(long value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " is negative: " + value);
        }
        return value;
    }

    public static int atLeast(int value, int min, String name) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be at least " + min + ": " + value);
        }
        return value;
    }
}
