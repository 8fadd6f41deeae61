package dev.weft.io.http.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A request body as the transports send it. Three rules set the body kinds apart:
 *
 * <ul>
 *   <li><b>length</b>: known bodies are sent with {@code Content-Length}, the others chunked;
 *   <li><b>replay</b>: bytes and files can be sent again (retries, 307/308 redirects); a stream can
 *       be sent again only while not a byte of it has been read;
 *   <li><b>truth</b>: a body never sends other bytes than it announced: a file that changes size,
 *       or a stream that ends before or runs past its declared length, fails the attempt.
 * </ul>
 *
 * Not thread-safe: one call's attempts use it one after the other.
 */
public abstract class RequestBody {
    /** Buffer size of the copy loops. */
    static final int CHUNK = 16 * 1024;

    RequestBody() {}

    /**
     * The body's length for the attempt about to start, or -1 if unknown (sent chunked).
     *
     * @return the length
     * @throws IOException if a file's size cannot be read
     */
    public abstract long length() throws IOException;

    /**
     * Whether the body can be sent (again) now: always for bytes and files; for a stream, only
     * until its first byte was read.
     *
     * @return whether it can be sent
     */
    public abstract boolean replayable();

    /**
     * Writes the whole body, exactly {@link #length()} bytes when that is known.
     *
     * @param out the connection's stream
     * @throws IOException if the source fails or does not match its length
     */
    public abstract void writeTo(OutputStream out) throws IOException;

    /**
     * Opens the body as a stream, for a transport that pulls it.
     *
     * @return the stream
     * @throws IOException if the source cannot be opened
     */
    public abstract InputStream open() throws IOException;

    /** Releases the source (closes a caller's stream) when the call ends. Idempotent. */
    public void release() {}

    /**
     * A body of bytes.
     *
     * @param bytes the bytes, not copied
     * @return the body
     */
    public static RequestBody ofBytes(byte[] bytes) {
        return new Bytes(bytes);
    }

    /**
     * A body read from a file at each attempt.
     *
     * @param file the file
     * @return the body
     */
    public static RequestBody ofFile(Path file) {
        return new FileBody(file);
    }

    /**
     * A body read once from a stream, which is closed when the call ends.
     *
     * @param in the stream
     * @param length the declared length, or -1 for unknown (chunked)
     * @return the body
     */
    public static RequestBody ofStream(InputStream in, long length) {
        return new StreamBody(in, length);
    }

    /**
     * A body made of parts sent one after the other (multipart).
     *
     * @param parts the parts
     * @return the body
     */
    public static RequestBody concat(List<RequestBody> parts) {
        return new Concat(List.copyOf(parts));
    }

    static final class Bytes extends RequestBody {
        private final byte[] bytes;

        Bytes(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public long length() {
            return bytes.length;
        }

        @Override
        public boolean replayable() {
            return true;
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            out.write(bytes);
        }

        @Override
        public InputStream open() {
            return new java.io.ByteArrayInputStream(bytes);
        }
    }

    static final class FileBody extends RequestBody {
        private final Path file;
        private long announced = -1;

        FileBody(Path file) {
            this.file = file;
        }

        @Override
        public long length() throws IOException {
            announced = Files.size(file);
            return announced;
        }

        @Override
        public boolean replayable() {
            return true;
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            long expected = announced >= 0 ? announced : Files.size(file);
            try (InputStream in = Files.newInputStream(file)) {
                copyExactly(in, out, expected, "file " + file);
            }
        }

        @Override
        public InputStream open() throws IOException {
            return Files.newInputStream(file);
        }
    }

    static final class StreamBody extends RequestBody {
        private final InputStream in;
        private final long length;
        private boolean touched;
        private boolean released;

        StreamBody(InputStream in, long length) {
            this.in = in;
            this.length = length;
        }

        @Override
        public long length() {
            return length;
        }

        @Override
        public boolean replayable() {
            return !touched;
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            touched = true;
            if (length >= 0) {
                copyExactly(in, out, length, "the request body stream");
            } else {
                byte[] buf = new byte[CHUNK];
                for (int n; (n = in.read(buf)) >= 0; ) {
                    out.write(buf, 0, n);
                }
            }
        }

        @Override
        public InputStream open() {
            touched = true;
            return in;
        }

        @Override
        public void release() {
            if (!released) {
                released = true;
                try {
                    in.close();
                } catch (IOException e) {
                    // The caller's stream failed to close; the call's outcome is already decided.
                }
            }
        }
    }

    static final class Concat extends RequestBody {
        private final List<RequestBody> parts;

        Concat(List<RequestBody> parts) {
            this.parts = parts;
        }

        @Override
        public long length() throws IOException {
            long sum = 0;
            for (RequestBody p : parts) {
                long n = p.length();
                if (n < 0) {
                    return -1;
                }
                sum += n;
            }
            return sum;
        }

        @Override
        public boolean replayable() {
            for (RequestBody p : parts) {
                if (!p.replayable()) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            for (RequestBody p : parts) {
                p.writeTo(out);
            }
        }

        @Override
        public InputStream open() throws IOException {
            java.util.List<InputStream> streams = new java.util.ArrayList<>(parts.size());
            for (RequestBody p : parts) {
                streams.add(p.open());
            }
            return new java.io.SequenceInputStream(java.util.Collections.enumeration(streams));
        }

        @Override
        public void release() {
            parts.forEach(RequestBody::release);
        }
    }

    /** Copies exactly {@code expected} bytes, failing if the source has fewer or more. */
    static void copyExactly(InputStream in, OutputStream out, long expected, String what)
            throws IOException {
        byte[] buf = new byte[(int) Math.min(CHUNK, Math.max(1, expected + 1))];
        long sent = 0;
        while (sent < expected) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, expected - sent));
            if (n < 0) {
                throw new IOException(
                        what + " ended after " + sent + " of its " + expected + " bytes");
            }
            out.write(buf, 0, n);
            sent += n;
        }
        if (in.read() >= 0) {
            throw new IOException(what + " has more than its " + expected + " bytes");
        }
    }
}
