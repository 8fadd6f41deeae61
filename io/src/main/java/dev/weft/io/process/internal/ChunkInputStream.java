package dev.weft.io.process.internal;

import dev.weft.Channel;
import dev.weft.ChannelClosedException;
import dev.weft.ChannelFailedException;

import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * An InputStream over a channel of byte chunks, filled by a pipe pump. A read waits in the
 * channel's receive, so it is a Weft cancellation point ({@link dev.weft.CancelledException}) and
 * parks only a virtual thread; the blocking pipe read happens on the pump's platform thread.
 * Closing it shuts the channel down, which stops the pump and closes the pipe (the process then
 * gets EPIPE / SIGPIPE if it writes more). For one reader thread at a time.
 */
public final class ChunkInputStream extends InputStream {
    private final Channel<byte[]> chunks;
    private final String what;
    private byte @Nullable [] chunk;
    private int pos;
    private boolean eof;

    public ChunkInputStream(Channel<byte[]> chunks, String what) {
        this.chunks = chunks;
        this.what = what;
    }

    /** Ensures a chunk with bytes left; false at the end of the stream. */
    private boolean fill() throws IOException {
        while (chunk == null || pos >= chunk.length) {
            if (eof) {
                return false;
            }
            try {
                chunk = chunks.receiveOrNull();
            } catch (ChannelFailedException e) {
                eof = true;
                throw new IOException(
                        "reading the process's " + what + " failed: " + e.getCause(), e.getCause());
            } catch (ChannelClosedException e) {
                eof = true;
                return false;
            }
            pos = 0;
            if (chunk == null) {
                eof = true;
                return false;
            }
        }
        return true;
    }

    @Override
    @SuppressWarnings("NullAway") // fill() returned true: chunk holds bytes from pos on
    public int read() throws IOException {
        return fill() ? chunk[pos++] & 0xFF : -1;
    }

    @Override
    @SuppressWarnings("NullAway") // fill() returned true: chunk holds bytes from pos on
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, chunk.length - pos);
        System.arraycopy(chunk, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public int available() {
        return chunk == null ? 0 : chunk.length - pos;
    }

    @Override
    public void close() {
        eof = true;
        chunk = null;
        chunks.shutdownNow();
    }
}
