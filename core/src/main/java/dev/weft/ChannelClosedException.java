package dev.weft;

import java.io.Serial;

/**
 * Thrown when a {@link Channel} can no longer do what was asked: a send to a channel that was
 * closed (by {@link Channel#close()}, {@link Channel#fail(Throwable)} or
 * {@link Channel#shutdownNow()}), or a receive from a channel that is <em>done</em> — closed
 * and drained. asyncio's {@code QueueShutDown}, Go's "send on closed channel".
 *
 * <p>A channel that was closed with {@link Channel#fail(Throwable)} throws the subclass
 * {@link ChannelFailedException}, whose cause is the failure. Hot loops that want no exception
 * for the normal end of a stream use {@link Channel#receiveOrNull()} and
 * {@link Channel#sendOrClosed(Object)}.
 *
 * <p>Each throw creates a new instance, so the stack trace shows the caller. Instances are
 * immutable once thrown.
 */
public class ChannelClosedException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was refused, for example {@code "channel is closed for sending"}
     */
    public ChannelClosedException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what was refused
     * @param cause why the channel was closed, or {@code null}
     */
    public ChannelClosedException(String message, Throwable cause) {
        super(message, cause);
    }
}
