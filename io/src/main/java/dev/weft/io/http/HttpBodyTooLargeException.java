package dev.weft.io.http;

import java.io.Serial;
import java.net.URI;

/**
 * Thrown when a response body is larger than the call's cap ({@link HttpLimits#maxResponseBytes()}
 * or {@link HttpCall#maxResponseBytes(long)}). The exchange is aborted as soon as the cap is passed
 * (or at once when {@code Content-Length} announces too much), so the rest is never read.
 *
 * <p>Immutable and thread-safe.
 */
public final class HttpBodyTooLargeException extends HttpException {
    @Serial private static final long serialVersionUID = 1L;

    /** The cap that was passed, in bytes. */
    private final long limit;

    HttpBodyTooLargeException(String method, URI uri, long limit) {
        super("response body is larger than the cap of " + limit + " bytes", method, uri, null);
        this.limit = limit;
    }

    /**
     * Returns the cap that was passed.
     *
     * @return the cap in bytes
     */
    public long limit() {
        return limit;
    }
}
