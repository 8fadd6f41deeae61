package dev.weft.io.http;

import org.jspecify.annotations.Nullable;

import java.io.Serial;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Thrown when a phase of an HTTP call takes longer than its limit in {@link HttpTimeouts}.
 *
 * <p>Immutable and thread-safe; no accessor returns null.
 */
public final class HttpCallTimeoutException extends HttpException {
    @Serial private static final long serialVersionUID = 1L;

    /** The phase that timed out. */
    private final HttpPhase phase;

    /** The limit that expired. */
    private final Duration limit;

    HttpCallTimeoutException(
            String method, URI uri, HttpPhase phase, Duration limit, @Nullable Throwable cause) {
        this(method, uri, phase, limit, 0, cause);
    }

    /** With {@code attempts} above 0, the message says how many connection attempts timed out. */
    HttpCallTimeoutException(
            String method,
            URI uri,
            HttpPhase phase,
            Duration limit,
            int attempts,
            @Nullable Throwable cause) {
        super(
                phase
                        + " timeout of "
                        + limit
                        + " expired"
                        + (attempts > 0
                                ? " (" + attempts + (attempts == 1 ? " attempt)" : " attempts)")
                                : ""),
                method,
                uri,
                cause);
        this.phase = Objects.requireNonNull(phase, "phase");
        this.limit = Objects.requireNonNull(limit, "limit");
    }

    /**
     * Returns the phase that timed out.
     *
     * @return the phase
     */
    public HttpPhase phase() {
        return phase;
    }

    /**
     * Returns the limit that expired.
     *
     * @return the limit of that phase
     */
    public Duration limit() {
        return limit;
    }
}
