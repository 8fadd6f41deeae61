package dev.weft;

import org.jspecify.annotations.Nullable;

import java.io.Serial;
import java.util.Optional;

/**
 * Thrown when a {@link Channel} can no longer do what was asked: a send to a channel that was
 * closed (by {@link Channel#close()}, {@link Channel#fail(Throwable)} or {@link
 * Channel#shutdownNow()}), or a receive from a channel that is <em>done</em> — closed and drained.
 * asyncio's {@code QueueShutDown}, Go's "send on closed channel".
 *
 * <p>A channel that was closed with {@link Channel#fail(Throwable)} throws the subclass {@link
 * ChannelFailedException}, whose cause is the failure. Hot loops that want no exception for the
 * normal end of a stream use {@link Channel#receiveOrNull()} and {@link
 * Channel#sendOrClosed(Object)}.
 *
 * <p>{@link #channel()} names the channel that refused, so the handler of a {@link Select} knows
 * which of its channels ended without probing each with {@link Channel#isDone()}.
 *
 * <p>Each throw creates a new instance, so the stack trace shows the caller. Instances are
 * immutable once thrown.
 */
public class ChannelClosedException extends RuntimeException {
    @Serial private static final long serialVersionUID = 1L;

    /** The channel that refused; not serialized (channels are not). */
    private final transient @Nullable Channel<?> channel;

    /**
     * Creates the exception.
     *
     * @param message what was refused, for example {@code "channel is closed for sending"}
     */
    public ChannelClosedException(String message) {
        super(message);
        this.channel = null;
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what was refused
     * @param cause why the channel was closed, or {@code null}
     */
    public ChannelClosedException(String message, @Nullable Throwable cause) {
        super(message, cause);
        this.channel = null;
    }

    /** Created by a channel, naming itself. */
    ChannelClosedException(String message, @Nullable Throwable cause, Channel<?> channel) {
        super(message, cause);
        this.channel = channel;
    }

    /**
     * Returns the channel that refused the send or receive. Weft always sets it; it is empty for an
     * instance created by other code, and after deserialization.
     *
     * @return the channel, or empty
     */
    public Optional<Channel<?>> channel() {
        return Optional.ofNullable(channel);
    }
}
