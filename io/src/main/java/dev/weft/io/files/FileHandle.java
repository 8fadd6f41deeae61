package dev.weft.io.files;

import dev.weft.CancelledException;
import dev.weft.internal.ArgumentRules;
import dev.weft.io.files.internal.Blocking;

import org.jspecify.annotations.Nullable;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * An open file, the counterpart of the object returned by Python's {@code open()} or aiofiles'
 * {@code aiofiles.open()}: read all, read {@code n} bytes, read a line, iterate lines, write,
 * flush, seek. Obtain one from {@link WeftFiles#open(Path, String)} or {@link WeftFiles#open(Path,
 * Charset, OpenOption...)} and close it with try-with-resources.
 *
 * <h2>Blocking</h2>
 *
 * Every method blocks the calling thread until the file system answers. For a regular file the call
 * runs on the caller's (virtual) thread; reads and writes are buffered (64 KiB reads, 8 KiB
 * writes), so iterating lines costs one system call per buffer, not per line. For a FIFO, a device
 * or a file of unknown type the open and every system call run on Weft's small offload pool while
 * the caller parks, so a read that never returns cannot hold a carrier thread.
 *
 * <h2>Cancellation</h2>
 *
 * Interrupting the calling thread (cancelling its Weft task) during a call makes the call throw
 * {@link CancelledException} (core's rule: interrupt status left cleared in a Weft task, set again
 * elsewhere), and <em>closes this handle</em>: the JDK closes a {@link FileChannel} whose thread is
 * interrupted, and a half-done read leaves the position undefined anyway. The handle owns its
 * channel, so no one else's channel is affected. Later calls throw {@link ClosedChannelException}.
 *
 * <h2>Text and bytes</h2>
 *
 * The handle offers both whatever its mode ({@code "b"} and {@code "t"} are accepted and change
 * nothing). Text is decoded with the handle's charset, reporting malformed input as {@link
 * java.nio.charset.CharacterCodingException}. Text reads buffer decoded characters ahead, so after
 * a text read, byte reads, writes and {@link #position()} need a {@link #seek(long)} first and
 * otherwise throw {@link IllegalStateException}.
 *
 * <p>Not thread-safe: use a handle from one thread at a time (its owning task). Every argument must
 * be non-null; {@code null} throws {@link NullPointerException} naming it.
 */
public final class FileHandle implements Closeable {
    private static final int READ_BUFFER = 64 * 1024;
    private static final int WRITE_BUFFER = 8 * 1024;

    private final Path path;
    private final FileChannel channel;
    private final boolean offloaded;
    private final boolean appendOnWrite;
    private final Charset charset;
    private final ByteBuffer readBuffer = ByteBuffer.allocate(READ_BUFFER).limit(0);
    private final ByteBuffer writeBuffer = ByteBuffer.allocate(WRITE_BUFFER);
    private @Nullable BufferedReader reader;
    private boolean closed;

    private FileHandle(
            Path path,
            FileChannel channel,
            boolean offloaded,
            boolean appendOnWrite,
            Charset charset) {
        this.path = path;
        this.channel = channel;
        this.offloaded = offloaded;
        this.appendOnWrite = appendOnWrite;
        this.charset = charset;
    }

    static FileHandle open(
            Path path, Set<? extends OpenOption> options, boolean appendOnWrite, Charset charset)
            throws IOException {
        String what = "opening " + path;
        Blocking.Kind kind = Blocking.kindOf(path);
        if (kind == Blocking.Kind.DIRECTORY) {
            throw Blocking.isDirectory(path);
        }
        boolean offload = kind == Blocking.Kind.OTHER;
        FileChannel ch =
                offload
                        ? Blocking.offloadOpen(what, () -> FileChannel.open(path, options))
                        : Blocking.direct(what, () -> FileChannel.open(path, options));
        return new FileHandle(path, ch, offload, appendOnWrite, charset);
    }

    /**
     * Returns the path this handle was opened on. Does not block.
     *
     * @return the path as given to open
     */
    public Path path() {
        return path;
    }

    /**
     * Returns the charset used by the text methods. Does not block.
     *
     * @return the charset given at open, UTF-8 by default
     */
    public Charset charset() {
        return charset;
    }

    /**
     * Reads every remaining byte, up to the end of the file. Blocks until the end of the file is
     * reached (for a FIFO: until every writer has closed it).
     *
     * @return the bytes from the current position to the end; empty at the end of the file
     * @throws ClosedChannelException if the handle is closed
     * @throws java.nio.channels.NonReadableChannelException if the handle was not opened for
     *     reading
     * @throws IllegalStateException if text was read since the last seek
     * @throws CancelledException if the calling thread is interrupted; the handle is then closed
     * @throws IOException if reading fails
     */
    public byte[] readAllBytes() throws IOException {
        requireByteMode();
        return view().readAllBytes();
    }

    /**
     * Reads up to {@code n} bytes: fewer only at the end of the file. Blocks until {@code n} bytes
     * have arrived or the end of the file is reached.
     *
     * @param n how many bytes to read, zero or more
     * @return the bytes read; empty at the end of the file
     * @throws IllegalArgumentException if {@code n} is negative
     * @throws ClosedChannelException if the handle is closed
     * @throws IllegalStateException if text was read since the last seek
     * @throws CancelledException if the calling thread is interrupted; the handle is then closed
     * @throws IOException if reading fails
     */
    public byte[] read(int n) throws IOException {
        ArgumentRules.requireNonNegative(n, "n");
        requireByteMode();
        return view().readNBytes(n);
    }

    /**
     * Reads the rest of the file as text in the handle's charset. Blocks like {@link
     * #readAllBytes()}.
     *
     * @return the remaining text; empty at the end of the file
     * @throws java.nio.charset.CharacterCodingException if the bytes are not valid in the charset
     * @throws ClosedChannelException if the handle is closed
     * @throws CancelledException if the calling thread is interrupted; the handle is then closed
     * @throws IOException if reading fails
     */
    public String readString() throws IOException {
        StringWriter out = new StringWriter();
        reader().transferTo(out);
        return out.toString();
    }

    /**
     * Reads the next line, without its terminator ({@code \n}, {@code \r\n} or {@code \r}). Blocks
     * until a whole line or the end of the file has arrived.
     *
     * @return the line, or {@code null} at the end of the file
     * @throws java.nio.charset.CharacterCodingException if the bytes are not valid in the charset
     * @throws ClosedChannelException if the handle is closed
     * @throws CancelledException if the calling thread is interrupted; the handle is then closed
     * @throws IOException if reading fails
     */
    public String readLine() throws IOException {
        return reader().readLine();
    }

    /**
     * Returns the remaining lines as a lazy stream that reads a buffer at a time as it is consumed.
     * Closing the stream does not close the handle; consume it before closing the handle. The call
     * itself does not block; consuming the stream blocks like {@link #readLine()}.
     *
     * @return the remaining lines, without terminators
     * @throws ClosedChannelException if the handle is closed
     * @throws java.io.UncheckedIOException while consuming, if reading fails
     * @throws CancelledException while consuming, if the calling thread is interrupted
     */
    public Stream<String> lines() throws IOException {
        return reader().lines();
    }

    /**
     * Writes all of {@code bytes} into the write buffer, which is written out when full, on {@link
     * #flush()}, on {@link #seek(long)}, before a read and on {@link #close()}. Blocks only when
     * the buffer is written out. In append mode every write goes to the end of the file.
     *
     * @param bytes the bytes to write
     * @throws NullPointerException if {@code bytes} is null
     * @throws ClosedChannelException if the handle is closed
     * @throws java.nio.channels.NonWritableChannelException if the handle was not opened for
     *     writing
     * @throws IllegalStateException if text was read since the last seek
     * @throws CancelledException if the calling thread is interrupted; the handle is then closed
     * @throws IOException if writing fails
     */
    public void write(byte[] bytes) throws IOException {
        Objects.requireNonNull(bytes, "bytes");
        requireByteMode();
        ensureOpen();
        dropReadAhead();
        int off = 0;
        while (off < bytes.length) {
            if (!writeBuffer.hasRemaining()) {
                flushWrites();
            }
            int n = Math.min(writeBuffer.remaining(), bytes.length - off);
            writeBuffer.put(bytes, off, n);
            off += n;
        }
    }

    /**
     * Encodes {@code text} in the handle's charset and writes it as {@link #write(byte[])} does.
     *
     * @param text the text to write
     * @throws NullPointerException if {@code text} is null
     * @throws java.nio.charset.CharacterCodingException if the text cannot be encoded in the
     *     charset
     * @throws ClosedChannelException if the handle is closed
     * @throws IllegalStateException if text was read since the last seek
     * @throws CancelledException if the calling thread is interrupted; the handle is then closed
     * @throws IOException if writing fails
     */
    public void writeString(CharSequence text) throws IOException {
        Objects.requireNonNull(text, "text");
        ByteBuffer encoded =
                charset.newEncoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .encode(CharBuffer.wrap(text));
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        write(bytes);
    }

    /**
     * Hands buffered writes to the operating system. Blocks until they are written (not until they
     * reach the disk: see {@link #sync()}).
     *
     * @throws ClosedChannelException if the handle is closed
     * @throws CancelledException if the calling thread is interrupted; the handle is then closed
     * @throws IOException if writing fails
     */
    public void flush() throws IOException {
        ensureOpen();
        flushWrites();
    }

    /**
     * Flushes, then forces the file's content and metadata to the storage device ({@code fsync}).
     * Blocks until the device confirms.
     *
     * @throws ClosedChannelException if the handle is closed
     * @throws CancelledException if the calling thread is interrupted; the handle is then closed
     * @throws IOException if writing or forcing fails
     */
    public void sync() throws IOException {
        flush();
        io(
                "forcing " + path,
                () -> {
                    channel.force(true);
                    return null;
                });
    }

    /**
     * Moves to byte offset {@code position}, after flushing writes and dropping read-ahead (text
     * included). Positions past the end are allowed: a later write fills the gap.
     *
     * @param position the new byte offset, zero or more
     * @throws IllegalArgumentException if {@code position} is negative
     * @throws ClosedChannelException if the handle is closed
     * @throws CancelledException if the calling thread is interrupted; the handle is then closed
     * @throws IOException if flushing or seeking fails (for example on a FIFO)
     */
    public void seek(long position) throws IOException {
        ArgumentRules.requireNonNegative(position, "position");
        ensureOpen();
        flushWrites();
        reader = null;
        readBuffer.limit(0);
        io("seeking in " + path, () -> channel.position(position));
    }

    /**
     * Returns the current byte offset, counting buffered reads and writes. Does not block on the
     * file system for more than a {@code lseek}.
     *
     * @return the offset where the next read or write happens
     * @throws ClosedChannelException if the handle is closed
     * @throws IllegalStateException if text was read since the last seek
     * @throws IOException if the position cannot be read (for example on a FIFO)
     */
    public long position() throws IOException {
        requireByteMode();
        ensureOpen();
        long raw = io("reading position of " + path, channel::position);
        return raw - readBuffer.remaining() + writeBuffer.position();
    }

    /**
     * Returns the current size of the file in bytes, counting buffered writes only once flushed.
     *
     * @return the file size
     * @throws ClosedChannelException if the handle is closed
     * @throws IOException if the size cannot be read
     */
    public long size() throws IOException {
        ensureOpen();
        return io("reading size of " + path, channel::size);
    }

    /**
     * Flushes buffered writes and closes the handle. Idempotent. Blocks while writing out the
     * buffer; the channel is closed even if that fails or is cancelled.
     *
     * @throws CancelledException if the calling thread is interrupted while flushing
     * @throws IOException if flushing or closing fails
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        try {
            if (channel.isOpen()) {
                flushWrites();
            }
        } finally {
            closed = true;
            channel.close();
        }
    }

    @Override
    public String toString() {
        return "FileHandle["
                + path
                + (closed ? ", closed" : "")
                + (offloaded ? ", offloaded" : "")
                + "]";
    }

    // ---- internals ----

    private void ensureOpen() throws ClosedChannelException {
        if (closed || !channel.isOpen()) {
            throw new ClosedChannelException();
        }
    }

    private void requireByteMode() {
        if (reader != null) {
            throw new IllegalStateException(
                    "text was read ahead from " + path + "; seek() before using bytes");
        }
    }

    private BufferedReader reader() throws IOException {
        ensureOpen();
        if (reader == null) {
            var decoder =
                    charset.newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT);
            reader = new BufferedReader(new InputStreamReader(view(), decoder));
        }
        return reader;
    }

    private InputStream view() throws IOException {
        ensureOpen();
        return new InputStream() {
            @Override
            public int read() throws IOException {
                return fill() ? readBuffer.get() & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                Objects.checkFromIndexSize(off, len, b.length);
                if (len == 0) {
                    return 0;
                }
                if (!fill()) {
                    return -1;
                }
                int n = Math.min(len, readBuffer.remaining());
                readBuffer.get(b, off, n);
                return n;
            }
        };
    }

    /** Makes sure read-ahead holds at least one byte; false at the end of the file. */
    private boolean fill() throws IOException {
        if (readBuffer.hasRemaining()) {
            return true;
        }
        ensureOpen();
        flushWrites();
        readBuffer.clear();
        int n;
        do {
            n = io("reading " + path, () -> channel.read(readBuffer));
        } while (n == 0);
        readBuffer.flip();
        return n > 0;
    }

    /** Before a write: move the channel back to the logical position, dropping read-ahead. */
    private void dropReadAhead() throws IOException {
        int ahead = readBuffer.remaining();
        if (ahead > 0) {
            readBuffer.limit(0);
            io("seeking in " + path, () -> channel.position(channel.position() - ahead));
        }
    }

    private void flushWrites() throws IOException {
        if (writeBuffer.position() == 0) {
            return;
        }
        writeBuffer.flip();
        try {
            io(
                    "writing " + path,
                    () -> {
                        if (appendOnWrite) {
                            channel.position(channel.size());
                        }
                        while (writeBuffer.hasRemaining()) {
                            channel.write(writeBuffer);
                        }
                        return null;
                    });
        } finally {
            writeBuffer.clear();
        }
    }

    private <T extends @Nullable Object> T io(String what, Blocking.IoCall<T> op)
            throws IOException {
        try {
            return offloaded ? Blocking.offload(what, op) : Blocking.direct(what, op);
        } catch (CancelledException e) {
            closed = true;
            Blocking.closeQuietly(channel, e);
            throw e;
        }
    }
}
