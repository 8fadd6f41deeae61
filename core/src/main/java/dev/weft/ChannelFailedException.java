package dev.weft;

import java.io.Serial;
import java.util.Objects;

/**
 * Thrown by a {@link Channel} that was closed with {@link Channel#fail(Throwable)}: to senders at
 * once, and to receivers once the elements sent before the failure are drained. The {@linkplain
 * #getCause() cause} is the failure given to {@code fail}, never {@code null}.
 *
 * <p>It is a {@link ChannelClosedException}, so a loop that only cares that the channel ended can
 * catch the superclass. Instances are immutable once thrown.
 */
public class ChannelFailedException extends ChannelClosedException {
    @Serial private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was refused, for example {@code "channel failed"}
     * @param cause the failure given to {@link Channel#fail(Throwable)}
     * @throws NullPointerException if {@code cause} is null
     */
    public ChannelFailedException(String message, Throwable cause) {
        super(message, Objects.requireNonNull(cause, "cause"));
    }

    /**
     * Returns the failure the channel was failed with.
     *
     * @return the channel's failure, never {@code null}
     */
    @Override
    public synchronized Throwable getCause() {
        return Objects.requireNonNull(super.getCause(), "a channel failure always has its cause");
    }

    /** Created by a channel, naming itself. */
    ChannelFailedException(String message, Throwable cause, Channel<?> channel) {
        super(message, Objects.requireNonNull(cause, "cause"), channel);
    }
}
