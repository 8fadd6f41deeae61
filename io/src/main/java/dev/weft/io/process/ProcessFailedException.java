package dev.weft.io.process;

import java.io.Serial;
import java.util.List;

/**
 * Thrown when a process the caller asked to check exited with a non-zero status ({@link
 * ProcessResult#requireSuccess()}, {@link Subprocess#waitForSuccess()}): Python's {@code
 * CalledProcessError}. The message names the command, the status and the last lines of its stderr.
 * Immutable once thrown.
 */
public final class ProcessFailedException extends ProcessException {
    @Serial private static final long serialVersionUID = 1L;

    /** The exit status. */
    private final int exitStatus;

    /** The last lines of stderr, possibly empty. */
    private final String stderrTail;

    ProcessFailedException(List<String> command, int exitStatus, String stderrTail) {
        super(
                command,
                "exited with status "
                        + exitStatus
                        + describe(exitStatus)
                        + (stderrTail.isEmpty() ? "" : "; stderr ends with:\n" + stderrTail),
                null);
        this.exitStatus = exitStatus;
        this.stderrTail = stderrTail;
    }

    private static String describe(int status) {
        return switch (status) {
            case 130 -> " (128 + 2: killed by SIGINT?)";
            case 137 -> " (128 + 9: killed by SIGKILL?)";
            case 143 -> " (128 + 15: killed by SIGTERM?)";
            default -> "";
        };
    }

    /**
     * Returns the exit status. A process ended by a signal reports 128 plus the signal's number
     * (143 for SIGTERM, 137 for SIGKILL), as the JDK does.
     *
     * @return the status, never 0
     */
    public int exitStatus() {
        return exitStatus;
    }

    /**
     * Returns the last lines of the process's stderr (at most 10 lines and 2000 characters), or an
     * empty string if stderr was redirected or empty.
     *
     * @return the tail of stderr
     */
    public String stderrTail() {
        return stderrTail;
    }
}
