package dev.weft.io.process;

import java.io.Serial;
import java.util.List;

/**
 * Thrown when a process writes more to an output than {@link Command#withOutputLimit(long) the
 * limit} allows while {@link Command#run()} or {@link Subprocess#collect()} collects it. The
 * process was ended (SIGTERM, grace period, SIGKILL) before this was thrown. Immutable once thrown.
 */
public final class ProcessOutputTooLargeException extends ProcessException {
    @Serial private static final long serialVersionUID = 1L;

    /** The limit that was exceeded, in bytes. */
    private final long limit;

    /** "stdout" or "stderr". */
    private final String stream;

    ProcessOutputTooLargeException(List<String> command, String stream, long limit) {
        super(command, "wrote more than " + limit + " bytes to " + stream + "; it was ended", null);
        this.limit = limit;
        this.stream = stream;
    }

    /**
     * Returns the limit that was exceeded.
     *
     * @return the limit in bytes
     */
    public long limit() {
        return limit;
    }

    /**
     * Returns which output exceeded it.
     *
     * @return {@code "stdout"} or {@code "stderr"}
     */
    public String stream() {
        return stream;
    }
}
