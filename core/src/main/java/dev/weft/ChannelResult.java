package dev.weft;

import java.util.Objects;

/**
 * What {@link Channel#receiveOrClosed()} received: an element, or the end of the channel as a value
 * instead of an exception — Go's {@code v, ok := <-ch}, Jox's {@code receiveOrClosed}, Kotlin's
 * {@code ChannelResult}.
 *
 * <pre>{@code
 * while (true) {
 *     switch (lines.receiveOrClosed()) {
 *         case ChannelResult.Value<String>(var line) -> write(line);
 *         case ChannelResult.Closed<String> closed -> { return; }
 *         case ChannelResult.Failed<String>(var cause) -> throw new IOException("producer failed", cause);
 *     }
 * }
 * }</pre>
 *
 * <p>Results are immutable and thread-safe; their components are never null.
 *
 * @param <T> the channel's element type
 */
public sealed interface ChannelResult<T> {

    /**
     * An element was received.
     *
     * @param value the element
     * @param <T> the element type
     */
    record Value<T>(T value) implements ChannelResult<T> {
        /**
         * Validates the element.
         *
         * @throws NullPointerException if {@code value} is null
         */
        public Value {
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * The channel is done: it was closed (with {@link Channel#close()} or {@link
     * Channel#shutdownNow()}) and everything sent before was received.
     *
     * @param <T> the element type
     */
    record Closed<T>() implements ChannelResult<T> {}

    /**
     * The channel was closed with {@link Channel#fail(Throwable)} and everything sent before was
     * received.
     *
     * @param cause the failure given to {@code fail}
     * @param <T> the element type
     */
    record Failed<T>(Throwable cause) implements ChannelResult<T> {
        /**
         * Validates the cause.
         *
         * @throws NullPointerException if {@code cause} is null
         */
        public Failed {
            Objects.requireNonNull(cause, "cause");
        }
    }
}
