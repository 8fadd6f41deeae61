package dev.weft.internal;

import java.time.Duration;
import java.util.List;

/**
 * A virtual clock installed on one thread by {@link VirtualClocks#install}: the engine behind
 * {@code dev.weft.test}'s public {@code VirtualClock}. Implemented in {@code dev.weft}.
 *
 * <p>While it is installed, every time-based wait that goes through Weft on the installing thread
 * and on every task forked from it (transitively) reads this clock, and time jumps to the next
 * deadline as soon as every one of those threads is parked in a Weft wait. See {@code
 * docs/testing.md} for the rules users see.
 *
 * <p>Thread safety: {@link #elapsed}, {@link #advance} and {@link #takeProblems} may be called from
 * any thread; {@link #close} only by the installing thread.
 */
public interface VirtualClockControl {
    /**
     * Virtual time since the clock was installed: it stands still while any thread of the clock
     * runs, and jumps when they all wait in Weft.
     *
     * @return the elapsed virtual time
     */
    Duration elapsed();

    /**
     * Waits, as a Weft wait, until virtual time has moved {@code d} forward and every other thread
     * of the clock woken on the way has run until it waits again. {@code Duration.ZERO} lets
     * everything that can run at the current instant run, without moving time.
     *
     * @param d how far to move time
     * @throws dev.weft.CancelledException if the caller is cancelled or interrupted meanwhile
     * @throws IllegalArgumentException if {@code d} is negative
     * @throws NullPointerException if {@code d} is null
     */
    void advance(Duration d);

    /**
     * The problems seen so far and not yet taken; taking them marks them reported, so {@link
     * #close} does not return them again.
     *
     * @return the problems, oldest first
     */
    List<Problem> takeProblems();

    /**
     * Uninstalls the clock from the installing thread. Tasks of the clock still alive (leaked) go
     * on in real time, from the virtual time reached.
     *
     * @return the problems not yet taken, oldest first
     * @throws IllegalStateException if called by another thread than the installing one
     */
    List<Problem> close();

    /**
     * Whether {@link #close} has run.
     *
     * @return whether the clock is closed
     */
    boolean isClosed();

    /**
     * Something the clock saw that fails a virtual-time test.
     *
     * @param kind what it is
     * @param message the report, naming the tasks involved
     */
    record Problem(Kind kind, String message) {
        /** What a {@link Problem} is. */
        public enum Kind {
            /** Every thread of the clock waited in Weft with no deadline pending. */
            DEADLOCK,
            /**
             * A thread of the clock slept in real time ({@code Thread.sleep}), holding virtual time
             * up.
             */
            REAL_SLEEP
        }
    }
}
