package dev.weft.io.net;

import dev.weft.internal.ArgumentRules;
import dev.weft.internal.DurationRules;
import dev.weft.io.http.internal.TrustAllCertificates;
import dev.weft.io.net.internal.Connector;
import dev.weft.io.net.internal.SocketStream;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

/**
 * A TCP connection, optionally over TLS, read and written with plain blocking calls: asyncio's
 * {@code StreamReader} and {@code StreamWriter} pair in one object. Open one with {@link
 * #open(String, int)} or {@link #builder(String, int)}; a {@link TcpServer} hands one to its
 * handler for each client.
 *
 * <pre>{@code
 * try (TcpConnection conn = TcpConnection.open("localhost", 7000)) {
 *     conn.writeLine("hello");
 *     String reply = conn.readLine();      // null once the server closed the connection
 * }
 * }</pre>
 *
 * <h2>Messages</h2>
 *
 * Three shapes of message are built in, each read and written whole:
 *
 * <ul>
 *   <li><b>lines</b>: {@link #readLine()} / {@link #writeLine(String)}, UTF-8, ended by {@code \n}
 *       (a {@code \r\n} is accepted when reading), at most {@link Builder#maxLineLength(int)} bytes
 *       (64 KiB by default, asyncio's limit);
 *   <li><b>frames</b>: {@link #readFrame()} / {@link #writeFrame(byte[])}, a 4-byte big-endian
 *       unsigned length and that many bytes, at most {@link Builder#maxFrameLength(int)} (16 MiB by
 *       default);
 *   <li><b>byte counts</b>: {@link #readExactly(int)}, and {@link #read(byte[], int, int)} / {@link
 *       #write(byte[])} for whatever is there.
 * </ul>
 *
 * Reads are buffered; the views {@link #inputStream()} and {@link #outputStream()} share the
 * buffer, so the shapes can be mixed and the connection handed to a stream-based parser. Every
 * write goes to the socket before it returns — there is no {@code flush} to forget (asyncio's
 * {@code write} followed by {@code drain}). TCP_NODELAY is on, since each write is a whole message.
 *
 * <h2>Blocking and back-pressure</h2>
 *
 * A read blocks until its message has arrived; a write blocks while the peer's receive window and
 * the local send buffer are full, so a peer that reads slowly slows the writer down instead of
 * filling memory. Each call parks only its virtual thread.
 *
 * <h2>Cancellation</h2>
 *
 * Every read and write is a cancellation point: it throws {@link dev.weft.CancelledException} at
 * once if the calling task is cancelled, and when the task is cancelled (its thread interrupted)
 * while the call is blocked — promptly, for plain and TLS connections, on virtual and platform
 * threads alike. A cancelled blocking call closes the connection: the bytes of a half-read message
 * cannot be put back, so a read that timed out under {@link dev.weft.Weft#withTimeout} leaves the
 * connection closed too. Further calls then throw {@link java.net.SocketException}.
 *
 * <h2>Closing</h2>
 *
 * {@link #close()} releases the socket at once, whatever other threads are doing with it: a thread
 * blocked reading or writing wakes with a {@link java.net.SocketException} saying the connection
 * was closed. Over TLS it first sends a close_notify alert if no write is in progress, waiting at
 * most 5 seconds for a peer that does not read (Go's rule). A connection that is neither closed nor
 * cancelled keeps its socket: use try-with-resources, or let the {@link TcpServer} close it.
 *
 * <h2>Exceptions</h2>
 *
 * I/O failures are {@link IOException}s: the JDK's own ({@link java.net.ConnectException}, {@link
 * java.net.UnknownHostException}, {@link java.net.SocketTimeoutException}, {@link
 * javax.net.ssl.SSLHandshakeException}, {@link java.net.SocketException} for a reset or a closed
 * connection), plus {@link IncompleteReadException} (the stream ended inside a message) and {@link
 * LimitOverrunException} (a line or frame over the limit). Bad arguments throw {@link
 * NullPointerException} or {@link IllegalArgumentException} naming them.
 *
 * <p>Thread safety: one thread may read while another writes. Reads are serialised with each other,
 * and so are writes: a message written by one call is never interleaved with another thread's.
 * {@link #close()} and the accessors may be called from any thread. No argument may be null; {@link
 * #readLine()} and {@link #readFrame()} return null at the end of the stream.
 */
public final class TcpConnection implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TcpConnection.class);

    /** The default connect timeout (covering the TLS handshake too). */
    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /** The default longest line: asyncio's stream limit. */
    static final int DEFAULT_MAX_LINE = 64 * 1024;

    /** The default largest frame payload. */
    static final int DEFAULT_MAX_FRAME = 16 * 1024 * 1024;

    private final SocketStream stream;
    private final InputStream inputView = new InputView();
    private final OutputStream outputView = new OutputView();

    TcpConnection(SocketStream stream) {
        this.stream = stream;
    }

    /**
     * Opens a plain TCP connection with the defaults: 10 s connect timeout, 64 KiB lines, 16 MiB
     * frames. asyncio's {@code open_connection(host, port)}.
     *
     * <p>Blocks until connected. The host's addresses are tried in order until one accepts.
     *
     * @param host a host name or address literal
     * @param port the port, 1 to 65535
     * @return the open connection; close it
     * @throws java.net.UnknownHostException if the host name does not resolve
     * @throws java.net.ConnectException if no address accepted the connection; the message names
     *     host, port and address, further addresses' failures are attached as suppressed
     * @throws java.net.SocketTimeoutException if the connect timeout passed
     * @throws dev.weft.CancelledException if the calling task was cancelled (nothing is left open)
     * @throws IOException another failure to connect
     * @throws NullPointerException if {@code host} is null
     * @throws IllegalArgumentException if {@code port} is out of range or {@code host} is blank
     */
    public static TcpConnection open(String host, int port) throws IOException {
        return builder(host, port).open();
    }

    /**
     * Returns a builder for a connection to {@code host:port}, for TLS, a connect timeout or other
     * limits. Does not block.
     *
     * @param host a host name or address literal; also the name TLS verifies and sends as SNI
     * @param port the port, 1 to 65535
     * @return a new builder with the defaults
     * @throws NullPointerException if {@code host} is null
     * @throws IllegalArgumentException if {@code port} is out of range or {@code host} is blank
     */
    public static Builder builder(String host, int port) {
        return new Builder(host, port);
    }

    // ---- reading ------------------------------------------------------------------------------

    /**
     * Reads one line: asyncio's {@code readline()}, without the line end. Decodes UTF-8 (malformed
     * bytes become U+FFFD); accepts {@code \n} and {@code \r\n} endings.
     *
     * <p>Blocks until a line end arrives or the peer ends the stream. A cancellation point.
     *
     * @return the line; the last, unterminated line at the end of the stream; {@code null} when the
     *     stream has ended and nothing is left
     * @throws LimitOverrunException if the line is longer than {@link Builder#maxLineLength(int)}
     *     bytes (nothing is consumed)
     * @throws dev.weft.CancelledException if the calling task is cancelled before or while waiting
     *     (the connection is then closed if the call was blocked)
     * @throws java.net.SocketException if the connection is closed or was reset
     * @throws IOException another read failure
     */
    public @Nullable String readLine() throws IOException {
        return stream.readLine();
    }

    /**
     * Reads exactly {@code n} bytes: asyncio's {@code readexactly(n)}.
     *
     * <p>Blocks until {@code n} bytes have arrived. A cancellation point. {@code n} is not limited:
     * it is the caller's to check when it comes from the peer.
     *
     * @param n how many bytes, 0 or more
     * @return a new array of {@code n} bytes
     * @throws IncompleteReadException if the stream ends first; it carries what arrived
     * @throws dev.weft.CancelledException if the calling task is cancelled before or while waiting
     *     (the connection is then closed if the call was blocked)
     * @throws java.net.SocketException if the connection is closed or was reset
     * @throws IOException another read failure
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public byte[] readExactly(int n) throws IOException {
        return stream.readExactly(n);
    }

    /**
     * Reads one frame written by {@link #writeFrame(byte[])}: a 4-byte big-endian unsigned length,
     * then that many bytes.
     *
     * <p>Blocks until the whole frame has arrived. A cancellation point.
     *
     * @return the payload; {@code null} if the stream ended cleanly before a new frame began
     * @throws IncompleteReadException if the stream ends inside the header or the payload
     * @throws LimitOverrunException if the header announces more than {@link
     *     Builder#maxFrameLength(int)} bytes (nothing is consumed)
     * @throws dev.weft.CancelledException if the calling task is cancelled before or while waiting
     *     (the connection is then closed if the call was blocked)
     * @throws java.net.SocketException if the connection is closed or was reset
     * @throws IOException another read failure
     */
    public byte @Nullable [] readFrame() throws IOException {
        return stream.readFrame();
    }

    /**
     * Reads what is there, at most {@code length} bytes: asyncio's {@code read(n)}.
     *
     * <p>Blocks until at least one byte has arrived or the stream ends. A cancellation point.
     *
     * @param buffer where to put the bytes
     * @param offset where in {@code buffer} the first byte goes
     * @param length the most bytes to read
     * @return how many bytes were read, 0 only if {@code length} is 0, or -1 at the end of the
     *     stream
     * @throws dev.weft.CancelledException if the calling task is cancelled before or while waiting
     *     (the connection is then closed if the call was blocked)
     * @throws java.net.SocketException if the connection is closed or was reset
     * @throws IOException another read failure
     * @throws IndexOutOfBoundsException if {@code offset} and {@code length} do not fit {@code
     *     buffer}
     */
    public int read(byte[] buffer, int offset, int length) throws IOException {
        Objects.requireNonNull(buffer, "buffer");
        return stream.read(buffer, offset, length);
    }

    /**
     * Returns this connection as an {@link InputStream} that shares its read buffer, for code that
     * wants a stream. Its reads behave as {@link #read(byte[], int, int)}; closing it closes the
     * connection. Does not block.
     *
     * @return the stream view, the same object each time
     */
    public InputStream inputStream() {
        return inputView;
    }

    // ---- writing ------------------------------------------------------------------------------

    /**
     * Writes all of {@code bytes}: asyncio's {@code write(data)} followed by {@code drain()}.
     *
     * <p>Blocks until the bytes are handed to the operating system, which waits while the peer does
     * not read (back-pressure). A cancellation point.
     *
     * @param bytes the bytes
     * @throws dev.weft.CancelledException if the calling task is cancelled before or while writing
     *     (the connection is then closed if the call was blocked; how much was sent is unknown)
     * @throws java.net.SocketException if the connection is closed or was reset
     * @throws IOException another write failure
     */
    public void write(byte[] bytes) throws IOException {
        Objects.requireNonNull(bytes, "bytes");
        stream.write(bytes, 0, bytes.length);
    }

    /**
     * Writes {@code length} bytes of {@code bytes} from {@code offset}. See {@link #write(byte[])}.
     *
     * @param bytes the bytes
     * @param offset the first byte to write
     * @param length how many to write
     * @throws dev.weft.CancelledException if the calling task is cancelled before or while writing
     * @throws java.net.SocketException if the connection is closed or was reset
     * @throws IOException another write failure
     * @throws IndexOutOfBoundsException if {@code offset} and {@code length} do not fit {@code
     *     bytes}
     */
    public void write(byte[] bytes, int offset, int length) throws IOException {
        Objects.requireNonNull(bytes, "bytes");
        stream.write(bytes, offset, length);
    }

    /**
     * Writes {@code line} in UTF-8 followed by {@code \n}, in one piece. See {@link
     * #write(byte[])}.
     *
     * @param line the line, without a line end
     * @throws IllegalArgumentException if {@code line} contains {@code \n} (it would arrive as two
     *     lines)
     * @throws dev.weft.CancelledException if the calling task is cancelled before or while writing
     * @throws java.net.SocketException if the connection is closed or was reset
     * @throws IOException another write failure
     */
    public void writeLine(String line) throws IOException {
        Objects.requireNonNull(line, "line");
        stream.writeLine(line);
    }

    /**
     * Writes {@code payload} as one frame: its length as 4 bytes big-endian, then the bytes, in one
     * piece. See {@link #write(byte[])}.
     *
     * @param payload the frame's bytes, at most {@link Builder#maxFrameLength(int)}
     * @throws IllegalArgumentException if {@code payload} is longer than the frame limit
     * @throws dev.weft.CancelledException if the calling task is cancelled before or while writing
     * @throws java.net.SocketException if the connection is closed or was reset
     * @throws IOException another write failure
     */
    public void writeFrame(byte[] payload) throws IOException {
        Objects.requireNonNull(payload, "payload");
        stream.writeFrame(payload);
    }

    /**
     * Returns this connection as an {@link OutputStream}: each {@code write} goes to the socket as
     * {@link #write(byte[], int, int)} does, {@code flush} does nothing, and closing it closes the
     * connection. Wrap it in a {@code BufferedOutputStream} to batch small writes. Does not block.
     *
     * @return the stream view, the same object each time
     */
    public OutputStream outputStream() {
        return outputView;
    }

    /**
     * Ends the stream in the write direction: the peer reads the end of the stream, while this side
     * can still read its answer (asyncio's {@code write_eof()}). Over TLS this sends close_notify;
     * TLS 1.2 peers may then close their side too.
     *
     * <p>Blocks like a write. A cancellation point.
     *
     * @throws dev.weft.CancelledException if the calling task is cancelled
     * @throws java.net.SocketException if the connection is closed
     * @throws IOException another failure
     */
    public void shutdownOutput() throws IOException {
        stream.shutdownOutput();
    }

    // ---- state --------------------------------------------------------------------------------

    /**
     * Returns the peer's address, known from the moment the connection opened (after it is closed
     * too). Does not block.
     *
     * @return the remote address
     */
    public InetSocketAddress remoteAddress() {
        // Read when the socket was connected, which gives it a remote address.
        return Objects.requireNonNull(
                stream.remoteAddress(), "a connected socket has a remote address");
    }

    /**
     * Returns this end's address. Does not block.
     *
     * @return the local address, or empty once the connection is closed
     */
    public Optional<InetSocketAddress> localAddress() {
        return Optional.ofNullable(stream.localAddress());
    }

    /**
     * Returns the TLS session (protocol, cipher suite, peer certificates) of a TLS connection. Does
     * not block: the handshake is done before a connection is handed out.
     *
     * @return the session, or empty for plain TCP
     */
    public Optional<SSLSession> tlsSession() {
        return stream.ssl() == null ? Optional.empty() : Optional.of(stream.ssl().getSession());
    }

    /**
     * Returns whether the connection is open: not closed, and not broken by a cancelled call. The
     * peer may have gone meanwhile; only a read or write finds that out. Does not block.
     *
     * @return {@code true} while open
     */
    public boolean isOpen() {
        return stream.isOpen();
    }

    /**
     * Closes the connection and releases its socket; idempotent. Over TLS, sends close_notify first
     * if no write is in progress, waiting at most 5 seconds for it. Threads blocked on the
     * connection wake with a {@link java.net.SocketException}. Never throws; a cancelled caller
     * skips the close_notify.
     */
    @Override
    public void close() {
        stream.close();
    }

    /** Closes at once, without TLS close_notify: what a server does with a connection it drops. */
    void abort() {
        stream.abort();
    }

    SocketStream stream() {
        return stream;
    }

    @Override
    public String toString() {
        return "TcpConnection["
                + stream.peer()
                + (stream.ssl() != null ? ", TLS" : "")
                + (isOpen() ? "" : ", closed")
                + "]";
    }

    private final class InputView extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return stream.read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return stream.read(b, off, len);
        }

        @Override
        public int available() {
            return stream.buffered();
        }

        @Override
        public void close() {
            TcpConnection.this.close();
        }
    }

    private final class OutputView extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            stream.write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            stream.write(b, off, len);
        }

        @Override
        public void close() {
            TcpConnection.this.close();
        }
    }

    /**
     * Settings of one client connection: TLS, connect timeout, message limits. Each setter returns
     * the builder; {@link #open()} connects. Not thread-safe; a builder may open several
     * connections. No argument may be null.
     */
    public static final class Builder {
        private final String host;
        private final int port;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private @Nullable SSLContext sslContext;
        private @Nullable SSLParameters sslParameters;
        private boolean tls;
        private boolean insecure;
        private int maxLine = DEFAULT_MAX_LINE;
        private int maxFrame = DEFAULT_MAX_FRAME;

        private Builder(String host, int port) {
            Objects.requireNonNull(host, "host");
            if (host.isBlank()) {
                throw new IllegalArgumentException("host is blank");
            }
            this.host = host;
            this.port = ArgumentRules.requireInRange(port, 1, 65535, "port");
        }

        /**
         * Sets how long connecting may take, the TLS handshake included (default 10 s). A Weft
         * timeout: on expiry the attempt is cancelled and its socket closed.
         *
         * @param timeout the timeout; zero fails at once
         * @return this builder
         * @throws IllegalArgumentException if {@code timeout} is negative
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = DurationRules.requireNonNegative(timeout, "timeout");
            return this;
        }

        /**
         * Turns TLS on with the JVM's default {@link SSLContext} (the default trust store).
         * Certificates and the host name are verified.
         *
         * @return this builder
         */
        public Builder tls() {
            this.tls = true;
            return this;
        }

        /**
         * Turns TLS on with {@code context}: a private CA in its trust managers, or a client
         * certificate in its key managers. The host name is verified unless {@link
         * #insecureTrustAllCertificatesForTestsOnly()} is called.
         *
         * @param context the TLS context
         * @return this builder
         */
        public Builder sslContext(SSLContext context) {
            this.sslContext = Objects.requireNonNull(context, "context");
            this.tls = true;
            return this;
        }

        /**
         * Turns TLS on and applies {@code parameters} (protocols, cipher suites, SNI names, ALPN)
         * to the socket. Host name verification stays on: an empty endpoint identification
         * algorithm is replaced by {@code HTTPS}.
         *
         * @param parameters the parameters, copied when the connection opens
         * @return this builder
         */
        public Builder sslParameters(SSLParameters parameters) {
            this.sslParameters = Objects.requireNonNull(parameters, "parameters");
            this.tls = true;
            return this;
        }

        /**
         * Turns TLS on and turns certificate and host name verification <b>off</b>: any server can
         * impersonate any host. For tests against self-signed servers only; a WARN line is logged
         * for each connection opened so.
         *
         * @return this builder
         */
        public Builder insecureTrustAllCertificatesForTestsOnly() {
            this.insecure = true;
            this.tls = true;
            return this;
        }

        /**
         * Sets the longest line {@link TcpConnection#readLine()} accepts, without its line end
         * (default 64 KiB).
         *
         * @param bytes the limit, at least 1
         * @return this builder
         * @throws IllegalArgumentException if {@code bytes} is less than 1 or too large to buffer
         */
        public Builder maxLineLength(int bytes) {
            this.maxLine = checkLimit(bytes, "bytes");
            return this;
        }

        /**
         * Sets the largest frame payload read or written (default 16 MiB).
         *
         * @param bytes the limit, at least 1
         * @return this builder
         * @throws IllegalArgumentException if {@code bytes} is less than 1 or too large to buffer
         */
        public Builder maxFrameLength(int bytes) {
            this.maxFrame = checkLimit(bytes, "bytes");
            return this;
        }

        /**
         * Connects. Blocks until connected (and, for TLS, until the handshake is done) or the
         * connect timeout passes.
         *
         * @return the open connection; close it
         * @throws java.net.UnknownHostException if the host name does not resolve
         * @throws java.net.ConnectException if no address accepted the connection
         * @throws java.net.SocketTimeoutException if the connect timeout passed
         * @throws javax.net.ssl.SSLHandshakeException if the TLS handshake failed (untrusted
         *     certificate, host name mismatch, no common protocol)
         * @throws dev.weft.CancelledException if the calling task was cancelled
         * @throws IOException another failure to connect
         */
        public TcpConnection open() throws IOException {
            Connector.TlsSettings settings = null;
            if (tls) {
                SSLContext context = sslContext;
                if (insecure) {
                    LOG.warn(
                            "TcpConnection to {}:{} opened with TLS verification OFF "
                                    + "(insecureTrustAllCertificatesForTestsOnly): any server can impersonate any host",
                            host,
                            port);
                    context = TrustAllCertificates.sslContext();
                } else if (context == null) {
                    try {
                        context = SSLContext.getDefault();
                    } catch (NoSuchAlgorithmException e) {
                        throw new IOException("no default TLS context in this JVM", e);
                    }
                }
                settings = new Connector.TlsSettings(context, sslParameters, insecure);
            }
            return new TcpConnection(
                    Connector.connect(host, port, connectTimeout, settings, maxLine, maxFrame));
        }
    }

    /** Checks a message-size limit: positive, and small enough that a line buffer can hold it. */
    static int checkLimit(int bytes, String name) {
        return ArgumentRules.requireInRange(bytes, 1, Integer.MAX_VALUE - 16, name);
    }
}
