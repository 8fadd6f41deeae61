package dev.weft.io.net.internal;

import dev.weft.CancelledException;
import dev.weft.internal.ArgumentRules;
import dev.weft.internal.Cancellations;

import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

import javax.net.ssl.SSLSocket;

/**
 * The buffered, locked reader and writer over one connected socket that {@code TcpConnection}
 * exposes.
 *
 * <h2>How cancellation reaches a blocked call</h2>
 *
 * The socket is always a {@link SocketChannel} (its {@linkplain SocketChannel#socket() adaptor},
 * with an {@link SSLSocket} layered on it for TLS), never a plain {@code new Socket()}: a channel
 * is an interruptible channel on every kind of thread, so interrupting the thread blocked in a
 * read, a write or a TLS handshake closes the channel and wakes it at once. A plain {@code Socket}
 * does that only on virtual threads; a platform thread (a JUnit thread, {@code Weft.withTimeout}
 * run on {@code main}) would stay blocked. The interrupt closes the connection for every user of
 * it, so a cancelled read or write leaves the connection closed: there is no way to resume a
 * half-read line on a byte stream anyway.
 *
 * <p>Every public operation is a cancellation point: {@link Cancellations#checkpoint()} first (the
 * sticky cancellation of a Weft task), then the lock, then the I/O. An I/O exception seen while the
 * thread is interrupted, or a {@link ClosedByInterruptException}, becomes core's {@link
 * CancelledException} ({@link Cancellations#interrupted}); over TLS the interrupt surfaces as an
 * {@code SSLException}, which is why the interrupt status is checked and not only the type.
 *
 * <h2>Buffer</h2>
 *
 * One byte array: {@code buf[pos, lim)} is read but not consumed. Lines need the whole line in the
 * buffer, which grows up to {@code maxLine + 2}; byte counts larger than half the buffer are read
 * straight into the caller's array.
 *
 * <h2>Closing</h2>
 *
 * {@link #close()} sends a TLS close_notify when no write is in progress (a writer blocked on a
 * peer that does not read holds the SSLSocket's record lock, and {@code SSLSocket.close()} would
 * wait for it forever), bounded by {@link Tls#CLOSE_NOTIFY_TIMEOUT}; then it closes the channel,
 * which releases the file descriptor and wakes any thread still blocked on the socket.
 */
public final class SocketStream {
    private static final int INITIAL_BUFFER = 8192;
    private static final int COMBINE_LIMIT = 64 * 1024;

    private final SocketChannel channel;
    private final Socket socket;
    private final @Nullable SSLSocket ssl;
    private final String peer;
    private final @Nullable InetSocketAddress remote;
    private final int maxLine;
    private final int maxFrame;
    private final ReentrantLock readLock = new ReentrantLock();
    private final ReentrantLock writeLock = new ReentrantLock();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile @Nullable InputStream in;
    private volatile @Nullable OutputStream out;

    private byte[] buf = new byte[INITIAL_BUFFER];
    private int pos;
    private int lim;
    private boolean eof;

    /**
     * Wraps a connected channel.
     *
     * @param channel the connected channel, owned from now on
     * @param ssl the TLS socket layered on the channel's adaptor, or null for plain TCP
     * @param peer how messages name the other end, such as {@code "example.com:443"}
     * @param maxLine the longest line {@link #readLine()} accepts, without its terminator
     * @param maxFrame the largest frame payload accepted or sent
     */
    public SocketStream(
            SocketChannel channel,
            @Nullable SSLSocket ssl,
            String peer,
            int maxLine,
            int maxFrame) {
        this.channel = channel;
        this.ssl = ssl;
        this.socket = ssl != null ? ssl : channel.socket();
        this.peer = peer;
        this.remote = remoteOf(channel);
        this.maxLine = maxLine;
        this.maxFrame = maxFrame;
    }

    /** The TLS socket, or null for plain TCP. */
    public @Nullable SSLSocket ssl() {
        return ssl;
    }

    /** How messages name the other end. */
    public String peer() {
        return peer;
    }

    /** The largest frame payload accepted or sent. */
    public int maxFrame() {
        return maxFrame;
    }

    /**
     * The remote address, remembered when the stream was made (so known after close too), or null.
     */
    public @Nullable InetSocketAddress remoteAddress() {
        return remote;
    }

    private static @Nullable InetSocketAddress remoteOf(SocketChannel channel) {
        try {
            return (InetSocketAddress) channel.getRemoteAddress();
        } catch (IOException e) {
            return null;
        }
    }

    /** The local address, or null once closed. */
    public @Nullable InetSocketAddress localAddress() {
        try {
            return (InetSocketAddress) channel.getLocalAddress();
        } catch (IOException e) {
            return null;
        }
    }

    /** Whether the stream is open: not closed, and the channel not closed by an interrupt. */
    public boolean isOpen() {
        return !closed.get() && channel.isOpen();
    }

    // ---- reading ------------------------------------------------------------------------------

    /** A line without its terminator ({@code \n} or {@code \r\n}), UTF-8; null at end of stream. */
    public @Nullable String readLine() throws IOException {
        lockRead();
        try {
            int scanned = 0;
            while (true) {
                for (int i = pos + scanned; i < lim; i++) {
                    if (buf[i] == '\n') {
                        int end = i > pos && buf[i - 1] == '\r' ? i - 1 : i;
                        if (end - pos > maxLine) {
                            throw new dev.weft.io.net.LimitOverrunException(
                                    "line from " + peer + " is longer than " + maxLine + " bytes",
                                    maxLine);
                        }
                        String line = new String(buf, pos, end - pos, StandardCharsets.UTF_8);
                        pos = i + 1;
                        return line;
                    }
                }
                scanned = lim - pos;
                if (scanned > maxLine + 1) {
                    throw new dev.weft.io.net.LimitOverrunException(
                            "line from " + peer + " is longer than " + maxLine + " bytes", maxLine);
                }
                if (!fill(maxLine + 2)) {
                    if (lim == pos) {
                        return null;
                    }
                    String last = new String(buf, pos, lim - pos, StandardCharsets.UTF_8);
                    pos = lim;
                    return last;
                }
            }
        } finally {
            readLock.unlock();
        }
    }

    /** Exactly {@code n} bytes; {@code IncompleteReadException} if the stream ends first. */
    public byte[] readExactly(int n) throws IOException {
        ArgumentRules.requireNonNegative(n, "n");
        lockRead();
        try {
            return readExactlyLocked(n);
        } finally {
            readLock.unlock();
        }
    }

    /** One length-prefixed frame; null at a clean end of stream before its header. */
    public byte @Nullable [] readFrame() throws IOException {
        lockRead();
        try {
            while (lim - pos < 4) {
                if (!fill(4)) {
                    if (lim == pos) {
                        return null;
                    }
                    byte[] partial = Arrays.copyOfRange(buf, pos, lim);
                    pos = lim;
                    throw new dev.weft.io.net.IncompleteReadException(
                            "connection from " + peer + " ended inside a frame header", partial, 4);
                }
            }
            long length =
                    ((buf[pos] & 0xFFL) << 24)
                            | ((buf[pos + 1] & 0xFFL) << 16)
                            | ((buf[pos + 2] & 0xFFL) << 8)
                            | (buf[pos + 3] & 0xFFL);
            if (length > maxFrame) {
                throw new dev.weft.io.net.LimitOverrunException(
                        "frame from "
                                + peer
                                + " announces "
                                + length
                                + " bytes, more than the limit of "
                                + maxFrame,
                        maxFrame);
            }
            pos += 4;
            return readExactlyLocked((int) length);
        } finally {
            readLock.unlock();
        }
    }

    /**
     * Up to {@code len} bytes, at least one unless at the end of stream (-1) or {@code len} is 0.
     */
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        lockRead();
        try {
            if (len == 0) {
                return 0;
            }
            if (lim == pos) {
                if (len >= buf.length) {
                    return readDirect(b, off, len);
                }
                if (!fill(1)) {
                    return -1;
                }
            }
            int n = Math.min(len, lim - pos);
            System.arraycopy(buf, pos, b, off, n);
            pos += n;
            return n;
        } finally {
            readLock.unlock();
        }
    }

    /** Bytes read from the socket and not consumed yet. */
    public int buffered() {
        return lim - pos;
    }

    private byte[] readExactlyLocked(int n) throws IOException {
        byte[] result = new byte[n];
        int have = Math.min(n, lim - pos);
        System.arraycopy(buf, pos, result, 0, have);
        pos += have;
        while (have < n) {
            int want = n - have;
            int got;
            if (want >= buf.length / 2) {
                got = readDirect(result, have, want);
                if (got < 0) {
                    throw incomplete(result, have, n);
                }
            } else {
                if (!fill(1)) {
                    throw incomplete(result, have, n);
                }
                got = Math.min(want, lim - pos);
                System.arraycopy(buf, pos, result, have, got);
                pos += got;
            }
            have += got;
        }
        return result;
    }

    private dev.weft.io.net.IncompleteReadException incomplete(byte[] result, int have, int n) {
        return new dev.weft.io.net.IncompleteReadException(
                "connection from " + peer + " ended after " + have + " of " + n + " bytes",
                Arrays.copyOf(result, have),
                n);
    }

    /**
     * Reads more bytes into the buffer, compacting it, and growing it up to {@code need} bytes of
     * unconsumed data. Returns false at the end of the stream.
     */
    private boolean fill(int need) throws IOException {
        if (eof) {
            return false;
        }
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, lim - pos);
            lim -= pos;
            pos = 0;
        }
        if (lim == buf.length) {
            buf =
                    Arrays.copyOf(
                            buf,
                            (int) Math.min(Math.max(need, lim + 1), Math.max(lim + 1L, lim * 2L)));
        }
        int n = readDirect(buf, lim, buf.length - lim);
        if (n < 0) {
            eof = true;
            return false;
        }
        lim += n;
        return true;
    }

    private int readDirect(byte[] b, int off, int len) throws IOException {
        try {
            int n = input().read(b, off, len);
            if (n == 0) {
                // A blocking socket stream never returns 0 for len > 0; treat it as "try again".
                return readDirect(b, off, len);
            }
            return n;
        } catch (IOException e) {
            throw failure("reading", e);
        }
    }

    // ---- writing ------------------------------------------------------------------------------

    /** Writes {@code b[off, off+len)} in one piece: no other write is interleaved with it. */
    public void write(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        lockWrite();
        try {
            writeLocked(b, off, len);
        } finally {
            writeLock.unlock();
        }
    }

    /** Writes {@code line} in UTF-8 and a {@code \n}. */
    public void writeLine(String line) throws IOException {
        if (line.indexOf('\n') >= 0) {
            throw new IllegalArgumentException(
                    "line contains a line feed (\\n), which would end it early");
        }
        byte[] text = line.getBytes(StandardCharsets.UTF_8);
        byte[] out = Arrays.copyOf(text, text.length + 1);
        out[text.length] = '\n';
        write(out, 0, out.length);
    }

    /** Writes a 4-byte big-endian length and the payload, as one message. */
    public void writeFrame(byte[] payload) throws IOException {
        if (payload.length > maxFrame) {
            throw new IllegalArgumentException(
                    "payload is "
                            + payload.length
                            + " bytes, more than the connection's frame limit of "
                            + maxFrame);
        }
        byte[] header = {
            (byte) (payload.length >>> 24),
            (byte) (payload.length >>> 16),
            (byte) (payload.length >>> 8),
            (byte) payload.length
        };
        lockWrite();
        try {
            if (payload.length <= COMBINE_LIMIT) {
                byte[] all = new byte[4 + payload.length];
                System.arraycopy(header, 0, all, 0, 4);
                System.arraycopy(payload, 0, all, 4, payload.length);
                writeLocked(all, 0, all.length);
            } else {
                writeLocked(header, 0, 4);
                writeLocked(payload, 0, payload.length);
            }
        } finally {
            writeLock.unlock();
        }
    }

    /** Half-closes: the peer reads the end of the stream; reading goes on. */
    public void shutdownOutput() throws IOException {
        lockWrite();
        try {
            ensureOpen();
            try {
                socket.shutdownOutput();
            } catch (IOException e) {
                throw failure("shutting down output", e);
            }
        } finally {
            writeLock.unlock();
        }
    }

    private void writeLocked(byte[] b, int off, int len) throws IOException {
        ensureOpen();
        try {
            output().write(b, off, len);
        } catch (IOException e) {
            throw failure("writing", e);
        }
    }

    // ---- locks, failures, closing -------------------------------------------------------------

    private void lockRead() throws IOException {
        Cancellations.checkpoint();
        try {
            readLock.lockInterruptibly();
        } catch (InterruptedException e) {
            throw Cancellations.interrupted("waiting to read from " + peer, e);
        }
        if (closed.get()) {
            readLock.unlock();
            throw closedException("reading");
        }
    }

    private void lockWrite() throws IOException {
        Cancellations.checkpoint();
        try {
            writeLock.lockInterruptibly();
        } catch (InterruptedException e) {
            throw Cancellations.interrupted("waiting to write to " + peer, e);
        }
    }

    private void ensureOpen() throws IOException {
        if (closed.get() || !channel.isOpen()) {
            throw closedException("writing");
        }
    }

    private SocketException closedException(String doing) {
        return new SocketException(
                "cannot go on " + doing + ": the connection to " + peer + " is closed");
    }

    private InputStream input() throws IOException {
        InputStream s = in;
        if (s == null) {
            s = socket.getInputStream();
            in = s;
        }
        return s;
    }

    private OutputStream output() throws IOException {
        OutputStream s = out;
        if (s == null) {
            s = socket.getOutputStream();
            out = s;
        }
        return s;
    }

    /**
     * Maps an I/O failure: an interrupt (the task was cancelled) closes the stream and becomes
     * {@link CancelledException}; a failure caused by {@link #close()} from another thread says so;
     * anything else is returned as it is.
     */
    private IOException failure(String doing, IOException e) {
        if (Cancellations.causedByCancellation(e)) {
            abort();
            throw Cancellations.interrupted(doing + " (connection to " + peer + ")", e);
        }
        if (closed.get() || !channel.isOpen()) {
            closed.set(true);
            AsynchronousCloseException c = new AsynchronousCloseException();
            c.initCause(e);
            SocketException s =
                    new SocketException("connection to " + peer + " was closed while " + doing);
            s.initCause(c);
            return s;
        }
        return e;
    }

    /**
     * Closes gracefully: a TLS close_notify when it can be sent without waiting for another writer
     * (bounded in time), then the channel. Idempotent; never throws; never blocks longer than the
     * close_notify bound.
     */
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            if (ssl != null && channel.isOpen() && writeLock.tryLock()) {
                try {
                    Tls.closeNotify(ssl);
                } finally {
                    writeLock.unlock();
                }
            }
        } finally {
            closeChannel();
        }
    }

    /** Closes the channel at once, without a TLS close_notify. Idempotent; never throws. */
    public void abort() {
        closed.set(true);
        closeChannel();
    }

    private void closeChannel() {
        try {
            channel.close();
        } catch (IOException e) {
            // Closing a socket channel fails only if the fd is already broken; it is released
            // anyway.
        }
    }
}
