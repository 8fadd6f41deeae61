package dev.weft;

import org.jspecify.annotations.Nullable;

import java.io.Serial;
import java.time.Duration;

/**
 * Thrown when a timeout or deadline expired: by {@link Weft#withTimeout}, by the join of a {@link
 * Scope} opened with a timeout, and by {@link Weft#asCompleted} with an overall timeout. asyncio's
 * {@code TimeoutError}.
 *
 * <p>It is a failure, not a cancellation: the scope whose deadline expired turned the cancellation
 * of its work into this exception, whose {@linkplain #getCause() cause} is that {@link
 * CancelledException}. Outer scopes see a failure; a task that ends with it is {@link
 * Task.State#FAILED}.
 *
 * <p>Instances are immutable once thrown.
 */
public class DeadlineExceededException extends RuntimeException {
    @Serial private static final long serialVersionUID = 1L;

    private final transient Duration timeout;

    /**
     * Creates the exception.
     *
     * @param message what expired, for example {@code "scope 'fetch' timed out after PT2S"}
     * @param timeout the timeout that expired
     * @param cause the cancellation that stopped the work, or {@code null}
     */
    public DeadlineExceededException(
            String message, Duration timeout, @Nullable CancelledException cause) {
        super(message, cause);
        this.timeout = timeout;
    }

    /**
     * Returns the timeout that expired, as it was given (the last one set, after a reschedule).
     *
     * @return the timeout, or {@code null} when unknown
     */
    public Duration timeout() {
        return timeout;
    }
}
