package dev.weft.io.http.internal;

import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeoutException;

/**
 * The body of one response as the engine reads it on the caller's thread, whatever the transport:
 * one chunk at a time, each wait bounded.
 *
 * <p>Used by one thread at a time; {@link #abort()} may also be called by that thread only.
 */
public interface BodySource {
    /**
     * Returns the next chunk of the body, or {@code null} at its end. The buffer is valid until the
     * next call.
     *
     * @param timeoutNanos the longest wait for the chunk, at least 1 ns
     * @return the chunk, or null at the end of the body
     * @throws TimeoutException if nothing arrived in time (the source is then aborted)
     * @throws InterruptedException if the calling thread was interrupted (the source is aborted)
     * @throws IOException if the connection broke or the body was cut short
     */
    @Nullable ByteBuffer next(long timeoutNanos)
            throws IOException, TimeoutException, InterruptedException;

    /**
     * Whether the end of the body was read (the connection then went back to its pool).
     *
     * @return true after the end
     */
    boolean finished();

    /**
     * Closes the connection unless the body was read to its end, so that a half-read connection
     * never goes back to the pool. Does not block on the network. Idempotent.
     */
    void abort();

    /** A body with nothing in it (HEAD, 204, 304). */
    BodySource EMPTY =
            new BodySource() {
                @Override
                public @Nullable ByteBuffer next(long timeoutNanos) {
                    return null;
                }

                @Override
                public boolean finished() {
                    return true;
                }

                @Override
                public void abort() {
                    // nothing to release
                }
            };
}
