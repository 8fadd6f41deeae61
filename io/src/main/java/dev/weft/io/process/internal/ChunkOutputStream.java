package dev.weft.io.process.internal;

import dev.weft.Channel;
import dev.weft.ChannelClosedException;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * An OutputStream into a channel of byte chunks, drained into a process's stdin by a pipe pump.
 * Small writes are gathered into a buffer of {@link #CHUNK} bytes, sent when it fills, on {@link
 * #flush()} and on {@link #close()}. A send waits while the pump is behind (the process does not
 * read), so writes are Weft cancellation points and park only a virtual thread. Closing flushes and
 * closes the channel: the pump then closes the pipe and the process sees the end of its input. If
 * the pump stopped (the process closed its stdin or exited), writes throw an {@link IOException}
 * carrying the reason. For one writer thread at a time.
 */
public final class ChunkOutputStream extends OutputStream {
    static final int CHUNK = 8192;

    private final Channel<byte[]> chunks;
    private final byte[] buffer = new byte[CHUNK];
    private int count;
    private boolean closed;

    public ChunkOutputStream(Channel<byte[]> chunks) {
        this.chunks = chunks;
    }

    private void send(byte[] chunk) throws IOException {
        try {
            chunks.send(chunk);
        } catch (ChannelClosedException e) {
            Throwable cause = e.getCause();
            throw new IOException(
                    "the process's stdin is closed"
                            + (cause != null ? ": " + cause.getMessage() : ""),
                    cause != null ? cause : e);
        }
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("stdin was closed");
        }
    }

    @Override
    public void write(int b) throws IOException {
        ensureOpen();
        if (count == CHUNK) {
            flushBuffer();
        }
        buffer[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        ensureOpen();
        if (len >= CHUNK) {
            flushBuffer();
            for (int i = off; i < off + len; i += CHUNK) {
                send(Arrays.copyOfRange(b, i, Math.min(off + len, i + CHUNK)));
            }
            return;
        }
        if (count + len > CHUNK) {
            flushBuffer();
        }
        System.arraycopy(b, off, buffer, count, len);
        count += len;
    }

    private void flushBuffer() throws IOException {
        if (count > 0) {
            byte[] chunk = Arrays.copyOf(buffer, count);
            count = 0;
            send(chunk);
        }
    }

    @Override
    public void flush() throws IOException {
        ensureOpen();
        flushBuffer();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        try {
            flushBuffer();
        } finally {
            closed = true;
            chunks.close();
        }
    }
}
