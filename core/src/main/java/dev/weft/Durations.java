package dev.weft;

import java.time.Duration;
import java.util.Objects;

/** Duration helpers shared by the API. */
final class Durations {
    private Durations() {
    }

    /** Nanoseconds of {@code d}, saturated to the long range instead of overflowing. */
    static long toNanosSaturated(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    /** Checks that {@code d} is non-null and not negative, naming the argument. */
    static Duration requireNonNegative(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " is negative: " + d);
        }
        return d;
    }

    /** The absolute nanoTime deadline {@code d} from now, saturated. */
    static long deadlineFromNow(Duration d) {
        long nanos = toNanosSaturated(d);
        long now = System.nanoTime();
        long sum = now + nanos;
        if (nanos > 0 && sum < now) {
            return Long.MAX_VALUE;
        }
        return sum;
    }
}
