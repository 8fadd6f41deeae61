package dev.weft;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Weft's one rule for durations, and the clock every timed wait of core reads.
 *
 * <p>The rule (stated for users in {@code docs/timeouts.md}, "Zero and negative durations"):
 *
 * <ul>
 *   <li>{@code null} is refused with {@link NullPointerException} naming the argument;
 *   <li>a negative duration is refused with {@link IllegalArgumentException} naming the argument
 *       and showing the value, before anything starts or waits ({@link #requireNonNegative});
 *   <li>zero means "no time": a wait checks once without blocking, a deadline has already passed;
 *   <li>a duration that paces repeated work or is a standing per-call limit of a session (a poll
 *       interval, an HTTP phase timeout) must be positive: zero is refused too ({@link
 *       #requirePositive}).
 * </ul>
 *
 * <p>Clock: every time-based wait of Weft takes the time from {@link #now()}, computes deadlines
 * with {@link #deadlineFromNow} and {@link #remaining}, parks with {@link #park}, {@link
 * #parkUntil} or {@link #parkPolling} and wakes a parked thread with {@link #unpark}; scope
 * deadlines go through {@link Timer} and {@link Weft#sleep} through {@link #sleep}. That is where a
 * virtual clock ({@link VirtualClockEngine}) is put behind them. With no virtual clock installed
 * anywhere in the JVM, each of these costs one read of a static volatile field more than the JDK
 * call it makes.
 */
final class Durations {
    private Durations() {}

    /** Nanoseconds of {@code d}, saturated to the long range instead of overflowing. */
    static long toNanosSaturated(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    /**
     * The rule for every timeout, wait bound and deadline: non-null and not negative; zero is
     * allowed and means "no time".
     *
     * @throws NullPointerException naming {@code name} if {@code d} is null
     * @throws IllegalArgumentException naming {@code name} if {@code d} is negative
     */
    static Duration requireNonNegative(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " is negative: " + d);
        }
        return d;
    }

    /**
     * The rule for a period of repeated work or a standing per-call limit, where zero would spin or
     * fail every call: non-null and positive.
     *
     * @throws NullPointerException naming {@code name} if {@code d} is null
     * @throws IllegalArgumentException naming {@code name} if {@code d} is zero or negative
     */
    static Duration requirePositive(Duration d, String name) {
        requireNonNegative(d, name);
        if (d.isZero()) {
            throw new IllegalArgumentException(name + " is not positive: " + d);
        }
        return d;
    }

    /**
     * The current time of the calling thread's clock, in nanoseconds (origin arbitrary): the
     * virtual clock it runs under, or {@link System#nanoTime()}.
     */
    static long now() {
        if (VirtualClockEngine.open != 0) {
            VirtualClockEngine clock = VirtualClockEngine.bound();
            if (clock != null) {
                return clock.now();
            }
        }
        return System.nanoTime();
    }

    /**
     * The longest wait a deadline expresses, about 146 years: longer ones wait that long. Keeps
     * {@code deadline - now()} exact even though deadlines may wrap around the long range, as
     * {@link System#nanoTime()} values may.
     */
    private static final long MAX_WAIT_NANOS = Long.MAX_VALUE / 2;

    /** The absolute deadline {@code d} from now, in {@link #now()} nanoseconds. */
    static long deadlineFromNow(Duration d) {
        return deadlineIn(toNanosSaturated(d));
    }

    /**
     * The absolute deadline {@code nanos} (not negative) from now, in {@link #now()} nanoseconds;
     * compare it only through {@link #remaining}.
     */
    static long deadlineIn(long nanos) {
        return now() + Math.min(nanos, MAX_WAIT_NANOS);
    }

    /** Nanoseconds left until {@code deadline}; zero or negative once it has passed. */
    static long remaining(long deadline) {
        return deadline - now();
    }

    /**
     * Parks the calling thread until {@code deadline}, an unpark, an interrupt or a spurious
     * wake-up, as {@link LockSupport#parkNanos(Object, long)} does; returns at once if the deadline
     * has passed.
     */
    static void parkUntil(Object blocker, long deadline) {
        if (VirtualClockEngine.open != 0) {
            VirtualClockEngine clock = VirtualClockEngine.bound();
            if (clock != null) {
                clock.parkUntil(blocker, deadline);
                return;
            }
        }
        long left = deadline - System.nanoTime();
        if (left > 0) {
            LockSupport.parkNanos(blocker, left);
        }
    }

    /**
     * Parks the calling thread in a Weft wait with no deadline, until an unpark (through {@link
     * #unpark}), an interrupt or a spurious wake-up, as {@link LockSupport#park(Object)}.
     */
    static void park(Object blocker) {
        if (VirtualClockEngine.open != 0) {
            VirtualClockEngine clock = VirtualClockEngine.bound();
            if (clock != null) {
                clock.park(blocker);
                return;
            }
        }
        LockSupport.park(blocker);
    }

    /**
     * Parks the calling thread in a Weft wait with no deadline that re-checks its condition every
     * {@code realNanos} of real time as well (a safety net, not a deadline: a virtual clock does
     * not count it as one).
     */
    static void parkPolling(Object blocker, long realNanos) {
        if (VirtualClockEngine.open != 0) {
            VirtualClockEngine clock = VirtualClockEngine.bound();
            if (clock != null) {
                clock.parkPolling(blocker, realNanos);
                return;
            }
        }
        LockSupport.parkNanos(blocker, realNanos);
    }

    /**
     * Wakes {@code thread} from a Weft wait, as {@link LockSupport#unpark}; a virtual clock counts
     * it as running from this moment, so that time does not move before it has run.
     */
    static void unpark(Thread thread) {
        if (VirtualClockEngine.open != 0) {
            VirtualClockEngine.unparking(thread);
        }
        LockSupport.unpark(thread);
    }

    /**
     * Marks the calling thread's Weft waits, until {@link #endExternal}, as waits for work outside
     * Weft: a virtual clock counts the thread as running meanwhile, so time does not jump while
     * that work goes on. Returns whether there was anything to mark (pass it to endExternal).
     */
    static boolean beginExternal() {
        if (VirtualClockEngine.open != 0) {
            VirtualClockEngine.beginExternal();
            return true;
        }
        return false;
    }

    /** Ends {@link #beginExternal} if it returned true. */
    static void endExternal(boolean begun) {
        if (begun) {
            VirtualClockEngine.endExternal();
        }
    }

    /**
     * Sleeps {@code nanos} (positive) on the calling thread's clock, as {@link Weft#sleep}.
     *
     * @throws InterruptedException if interrupted meanwhile (on the real clock)
     * @throws CancelledException if interrupted meanwhile (on a virtual clock)
     */
    static void sleep(long nanos) throws InterruptedException {
        if (VirtualClockEngine.open != 0) {
            VirtualClockEngine clock = VirtualClockEngine.bound();
            if (clock != null) {
                clock.sleep(nanos);
                return;
            }
        }
        TimeUnit.NANOSECONDS.sleep(nanos);
    }
}
