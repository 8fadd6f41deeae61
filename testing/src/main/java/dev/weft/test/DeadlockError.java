package dev.weft.test;

/**
 * Thrown when a {@link VirtualClock} saw every thread of its test waiting in Weft with no deadline
 * pending, so that nothing inside the test could ever wake them: the message names each task and
 * the Weft call and line it waits in. The clock cancelled the test's tasks with the same message as
 * the reason, so the test ended instead of hanging.
 */
public final class DeadlockError extends AssertionError {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message the clock's report
     */
    public DeadlockError(String message) {
        super(message);
    }
}
