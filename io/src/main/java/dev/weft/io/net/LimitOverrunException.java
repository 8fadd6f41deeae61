package dev.weft.io.net;

import java.io.IOException;
import java.io.Serial;

/**
 * A line or a frame from the peer is longer than the connection allows: asyncio's {@code
 * LimitOverrunError}. Thrown by {@link TcpConnection#readLine()} when no line end comes within
 * {@link TcpConnection.Builder#maxLineLength(int) maxLineLength} bytes, and by {@link
 * TcpConnection#readFrame()} when a frame header announces more than {@link
 * TcpConnection.Builder#maxFrameLength(int) maxFrameLength} bytes. The limit protects the reader's
 * memory from a peer that never ends its line or lies about a length.
 *
 * <p>Nothing of the offending line or frame is consumed: the read can be retried with no better
 * result, so the usual reaction is to close the connection.
 *
 * <p>Immutable once thrown; safe to share between threads.
 */
public final class LimitOverrunException extends IOException {
    @Serial private static final long serialVersionUID = 1L;

    /** The limit that was passed. */
    private final int limit;

    /**
     * Creates the exception.
     *
     * @param message what passed which limit, from whom
     * @param limit the limit, in bytes
     */
    public LimitOverrunException(String message, int limit) {
        super(message);
        this.limit = limit;
    }

    /**
     * Returns the limit that the line or frame passed, in bytes.
     *
     * @return the limit
     */
    public int limit() {
        return limit;
    }
}
