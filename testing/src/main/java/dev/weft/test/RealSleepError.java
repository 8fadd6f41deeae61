package dev.weft.test;

/**
 * Thrown when a thread of a {@link VirtualClock} called {@code Thread.sleep} while the clock's
 * other threads waited: a sleep in real time, which virtual time cannot skip, almost always meant
 * as {@code Weft.sleep}. The message names the line that called it.
 */
public final class RealSleepError extends AssertionError {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message the clock's report
     */
    public RealSleepError(String message) {
        super(message);
    }
}
