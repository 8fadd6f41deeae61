package dev.weft.io.net;

import java.io.EOFException;
import java.io.Serial;

/**
 * The connection ended before a read had all the bytes it needed: asyncio's {@code
 * IncompleteReadError}. Thrown by {@link TcpConnection#readExactly(int)} and {@link
 * TcpConnection#readFrame()} when the peer closed its side (or vanished) in the middle of a
 * message. The bytes that did arrive are consumed and kept in {@link #partial()}.
 *
 * <p>Immutable once thrown; safe to share between threads. {@link #partial()} is never null.
 */
public final class IncompleteReadException extends EOFException {
    @Serial private static final long serialVersionUID = 1L;

    /** The bytes that arrived before the end of the stream. */
    private final byte[] partial;

    /** How many bytes the read needed. */
    private final int expected;

    /**
     * Creates the exception.
     *
     * @param message what was being read, from whom
     * @param partial the bytes that arrived (copied)
     * @param expected how many bytes were needed
     * @throws NullPointerException if {@code partial} is null
     */
    public IncompleteReadException(String message, byte[] partial, int expected) {
        super(message);
        this.partial = partial.clone();
        this.expected = expected;
    }

    /**
     * Returns a copy of the bytes that arrived before the end of the stream (fewer than {@link
     * #expected()}). Does not block.
     *
     * @return the partial bytes, possibly empty
     */
    public byte[] partial() {
        return partial.clone();
    }

    /**
     * Returns how many bytes the read needed: the count given to {@code readExactly}, the frame's
     * announced length, or 4 for a frame header cut short.
     *
     * @return the expected byte count
     */
    public int expected() {
        return expected;
    }
}
