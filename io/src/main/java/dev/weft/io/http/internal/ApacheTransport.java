package dev.weft.io.http.internal;

import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SchemePortResolver;
import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.DefaultHttpClientConnectionOperator;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.io.HttpClientConnectionOperator;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.HostnameVerificationPolicy;
import org.apache.hc.client5.http.ssl.NoopHostnameVerifier;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.URIScheme;
import org.apache.hc.core5.http.config.RegistryBuilder;
import org.apache.hc.core5.http.impl.io.HttpRequestExecutor;
import org.apache.hc.core5.http.io.HttpClientConnection;
import org.apache.hc.core5.http.io.HttpResponseInformationCallback;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.io.entity.AbstractHttpEntity;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.ssl.SSLBufferMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpHeaders;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * The default transport: Apache HttpClient 5 classic, whose exchange is plain blocking socket I/O
 * on the calling virtual thread (the thread unmounts while it waits on the socket). Chosen by
 * measurement, see {@code docs/decisions/http-engine.md}.
 *
 * <p>How the session's rules map onto it:
 *
 * <ul>
 *   <li>HttpClient's own redirects, retries, cookies, compression and user agent are off: the
 *       session does those itself, the same way for every transport;
 *   <li>connect timeout and headers timeout are per request ({@link RequestConfig}); the body's
 *       idle and total bounds are set as the socket timeout before each read, through the
 *       connection that {@link SlotExecutor} hands to the call;
 *   <li>cancellation: every socket is a {@link SocketChannel}'s (see {@link #socket}), so an
 *       interrupt of the thread blocked on it — virtual or platform — closes it and wakes the
 *       thread; every failure or early close ends with {@link CloseMode#IMMEDIATE}, which discards
 *       the connection: a half-read connection never returns to the pool;
 *   <li>no thread of its own (idle connections are checked when leased after 2 s of inactivity), so
 *       {@link #shutdown()} only closes sockets.
 * </ul>
 */
public final class ApacheTransport implements Transport {
    private static final String SLOT = "dev.weft.io.http.slot";

    private final PoolingHttpClientConnectionManager pool;
    private final CloseableHttpClient client;
    private final boolean proxied;
    private volatile boolean closed;

    /**
     * Builds the transport.
     *
     * @param config what it is built from
     */
    public ApacheTransport(TransportConfig config) {
        pool =
                new PoolingHttpClientConnectionManagerBuilder() {
                    @Override
                    protected HttpClientConnectionOperator createConnectionOperator(
                            SchemePortResolver ports, DnsResolver dns, TlsSocketStrategy tls) {
                        return new DefaultHttpClientConnectionOperator(
                                ApacheTransport::socket,
                                ports,
                                dns,
                                RegistryBuilder.<TlsSocketStrategy>create()
                                        .register(URIScheme.HTTPS.id, tls)
                                        .build());
                    }
                }.setMaxConnTotal(config.maxConcurrent())
                        .setMaxConnPerRoute(config.maxPerHost())
                        .setTlsSocketStrategy(tls(config))
                        .setDefaultSocketConfig(SocketConfig.custom().setTcpNoDelay(true).build())
                        .setDefaultConnectionConfig(
                                ConnectionConfig.custom()
                                        .setValidateAfterInactivity(TimeValue.ofSeconds(2))
                                        .build())
                        .build();
        HttpClientBuilder b =
                HttpClients.custom()
                        .setConnectionManager(pool)
                        .setRequestExecutor(new SlotExecutor())
                        .disableAutomaticRetries()
                        .disableRedirectHandling()
                        .disableCookieManagement()
                        .disableContentCompression()
                        .disableDefaultUserAgent()
                        .disableConnectionState();
        ProxyConfig proxy = config.proxy();
        proxied = proxy != null;
        if (proxy != null) {
            HttpHost host = new HttpHost("http", proxy.host(), proxy.port());
            b.setProxy(host);
            if (proxy.user() != null) {
                BasicCredentialsProvider credentials = new BasicCredentialsProvider();
                credentials.setCredentials(
                        new AuthScope(host),
                        new UsernamePasswordCredentials(proxy.user(), proxy.password()));
                b.setDefaultCredentialsProvider(credentials);
            }
        } else {
            b.disableAuthCaching();
        }
        client = b.build();
    }

    /**
     * A new unconnected socket for HttpClient: the adaptor of a {@link SocketChannel}, not a plain
     * {@code new Socket()}. Interrupting a thread blocked on a channel closes the channel and wakes
     * the thread on every kind of thread; a plain socket does that on virtual threads only, so a
     * platform thread (code in {@code main}, or {@code Weft.withTimeout} run there) would stay
     * blocked until the socket timeout. TLS is layered on this socket, so the handshake and every
     * TLS read and write block in the channel too. The same rule as {@code dev.weft.io.net}'s
     * connections (docs/decisions/tcp-streams.md). HttpClient asks for a SOCKS socket only when its
     * socket config names a SOCKS proxy, which the session never does.
     */
    static Socket socket(@Nullable Proxy socks) throws IOException {
        return socks == null || socks.type() == Proxy.Type.DIRECT
                ? SocketChannel.open().socket()
                : new Socket(socks);
    }

    private static DefaultClientTlsStrategy tls(TransportConfig config) {
        SSLContext context = config.sslContext();
        if (config.insecure()) {
            context = TrustAllCertificates.sslContext();
        } else if (context == null) {
            try {
                context = SSLContext.getDefault();
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException("no default TLS context", e);
            }
        }
        SSLParameters parameters = config.sslParameters();
        boolean verify = !config.insecure();
        String[] protocols = parameters == null ? null : parameters.getProtocols();
        String[] ciphers = parameters == null ? null : parameters.getCipherSuites();
        // BUILTIN: the JDK checks the host name during the handshake (endpoint identification).
        return new DefaultClientTlsStrategy(
                context,
                protocols,
                ciphers,
                SSLBufferMode.STATIC,
                verify ? HostnameVerificationPolicy.BUILTIN : HostnameVerificationPolicy.CLIENT,
                NoopHostnameVerifier.INSTANCE) {
            @Override
            protected void initializeSocket(SSLSocket socket) {
                if (parameters != null) {
                    SSLParameters p = socket.getSSLParameters();
                    copy(parameters, p);
                    if (verify) {
                        p.setEndpointIdentificationAlgorithm("HTTPS");
                    }
                    socket.setSSLParameters(p);
                }
            }
        };
    }

    /** Copies what a caller may set, keeping what HttpClient chose where the caller set nothing. */
    static void copy(SSLParameters from, SSLParameters to) {
        if (from.getProtocols() != null) {
            to.setProtocols(from.getProtocols());
        }
        if (from.getCipherSuites() != null) {
            to.setCipherSuites(from.getCipherSuites());
        }
        if (from.getServerNames() != null) {
            to.setServerNames(from.getServerNames());
        }
        if (from.getApplicationProtocols() != null && from.getApplicationProtocols().length > 0) {
            to.setApplicationProtocols(from.getApplicationProtocols());
        }
        if (from.getAlgorithmConstraints() != null) {
            to.setAlgorithmConstraints(from.getAlgorithmConstraints());
        }
        to.setUseCipherSuitesOrder(from.getUseCipherSuitesOrder());
        if (from.getNamedGroups() != null) {
            to.setNamedGroups(from.getNamedGroups());
        }
        if (from.getSignatureSchemes() != null) {
            to.setSignatureSchemes(from.getSignatureSchemes());
        }
    }

    /** The connection a call's request runs on, handed over by {@link SlotExecutor}. */
    static final class Slot {
        volatile @Nullable HttpClientConnection connection;

        /** Set when the upload watchdog aborted a request body the server did not take in time. */
        volatile boolean uploadTimedOut;
    }

    /** Bodies up to this size fit in the socket buffers: their write never waits for the server. */
    private static final long WATCHED_UPLOAD = 64 * 1024;

    /**
     * HttpClient's request executor, which also tells the call which connection its request went
     * out on, so that body reads can set their own socket timeouts.
     */
    static final class SlotExecutor extends HttpRequestExecutor {
        @Override
        public ClassicHttpResponse execute(
                ClassicHttpRequest request,
                HttpClientConnection conn,
                HttpResponseInformationCallback informationCallback,
                HttpContext context)
                throws IOException, HttpException {
            if (!"CONNECT".equals(request.getMethod())
                    && context.getAttribute(SLOT) instanceof Slot slot) {
                slot.connection = conn;
            }
            return super.execute(request, conn, informationCallback, context);
        }
    }

    @Override
    @SuppressWarnings(
            "deprecation") // RequestConfig's per-request connect timeout: the pool's is per route
    public TransportResponse send(TransportRequest r)
            throws TransportException, InterruptedException {
        HttpUriRequestBase request = new HttpUriRequestBase(r.method(), r.uri());
        r.headers().forEach((name, values) -> values.forEach(v -> request.addHeader(name, v)));
        Slot slot = new Slot();
        if (r.body() != null) {
            try {
                long deadline = System.nanoTime() + r.headersTimeoutNanos();
                request.setEntity(
                        new Entity(
                                r.body(),
                                () -> {
                                    slot.uploadTimedOut = true;
                                    request.cancel();
                                },
                                deadline));
            } catch (IOException e) {
                throw new TransportException(
                        TransportException.Kind.BROKEN,
                        "the request body cannot be read: " + e.getMessage(),
                        e);
            }
        }
        HttpClientContext context = HttpClientContext.create();
        context.setRequestConfig(
                RequestConfig.custom()
                        .setConnectTimeout(timeout(r.connectTimeoutNanos()))
                        .setResponseTimeout(timeout(r.headersTimeoutNanos()))
                        .setConnectionRequestTimeout(timeout(r.connectTimeoutNanos()))
                        .setRedirectsEnabled(false)
                        .setExpectContinueEnabled(false)
                        .setProtocolUpgradeEnabled(false)
                        .build());
        context.setAttribute(SLOT, slot);
        ClassicHttpResponse response;
        try {
            response = client.executeOpen(null, request, context);
        } catch (IOException e) {
            if (Thread.currentThread().isInterrupted()) {
                InterruptedException ie =
                        new InterruptedException("interrupted during the exchange");
                ie.initCause(e);
                throw ie;
            }
            throw classify(e, slot, r);
        } catch (IllegalStateException e) {
            // The pool was shut down under the call (the session is closing).
            throw new TransportException(
                    TransportException.Kind.BROKEN,
                    "the session was closed",
                    new IOException(e.getMessage(), e));
        }
        CloseableHttpResponse open = (CloseableHttpResponse) response;
        if (slot.connection == null && proxied) {
            // The request itself never went out: this is the proxy's answer to CONNECT.
            open.close(CloseMode.IMMEDIATE);
            throw new TransportException(
                    TransportException.Kind.CONNECT_FAILED,
                    "the proxy refused the tunnel: "
                            + response.getCode()
                            + " "
                            + response.getReasonPhrase(),
                    new IOException("tunnel refused"));
        }
        ResponseHeaders headers = new Head(response);
        HttpEntity entity = response.getEntity();
        BodySource body;
        if (entity == null) {
            body = BodySource.EMPTY;
        } else {
            try {
                body =
                        new Body(
                                open,
                                entity.getContent(),
                                slot.connection,
                                entity.getContentLength(),
                                timeout(r.headersTimeoutNanos()));
            } catch (IOException | RuntimeException e) {
                open.close(CloseMode.IMMEDIATE);
                throw new TransportException(
                        TransportException.Kind.BROKEN,
                        String.valueOf(e.getMessage()),
                        e instanceof IOException io ? io : new IOException(e));
            }
        }
        return new TransportResponse(response.getCode(), headers, body);
    }

    private static TransportException classify(IOException e, Slot slot, TransportRequest r) {
        if (slot.uploadTimedOut) {
            return new TransportException(
                    TransportException.Kind.HEADERS_TIMEOUT,
                    "the server did not take the request body within the headers timeout",
                    e);
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getClass().getSimpleName().equals("TunnelRefusedException")) {
                return new TransportException(
                        TransportException.Kind.CONNECT_FAILED,
                        "the proxy refused the tunnel: " + t.getMessage(),
                        e);
            }
        }
        if (e instanceof ConnectTimeoutException) {
            return new TransportException(
                    TransportException.Kind.CONNECT_TIMEOUT, e.getMessage(), e);
        }
        TransportException.Kind kind = Failures.connectKind(e);
        if (kind == TransportException.Kind.TLS) {
            return new TransportException(kind, Failures.tlsReason(e, r.uri().getHost()), e);
        }
        if (kind != null) {
            return new TransportException(kind, e.getMessage(), e);
        }
        if (e instanceof SocketTimeoutException) {
            return slot.connection == null
                    ? new TransportException(
                            TransportException.Kind.CONNECT_TIMEOUT, e.getMessage(), e)
                    : new TransportException(
                            TransportException.Kind.HEADERS_TIMEOUT, e.getMessage(), e);
        }
        if (slot.connection == null
                && e instanceof org.apache.hc.client5.http.HttpHostConnectException) {
            return new TransportException(
                    TransportException.Kind.CONNECT_FAILED, e.getMessage(), e);
        }
        if (slot.connection == null && r.body() == null) {
            // Failed before the request went out, such as a proxy that refused the tunnel.
            return new TransportException(
                    TransportException.Kind.CONNECT_FAILED, String.valueOf(e.getMessage()), e);
        }
        return new TransportException(
                TransportException.Kind.BROKEN, String.valueOf(e.getMessage()), e);
    }

    private static Timeout timeout(long nanos) {
        // A socket timeout of 0 means "forever": never let a positive wait round down to it.
        return Timeout.of(
                Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos + 999_999)), TimeUnit.MILLISECONDS);
    }

    /** The response's headers, converted to the JDK's type only when asked for. */
    static final class Head implements ResponseHeaders {
        private final ClassicHttpResponse response;
        private volatile @Nullable HttpHeaders all;

        Head(ClassicHttpResponse response) {
            this.response = response;
        }

        @Override
        public @Nullable String first(String name) {
            Header h = response.getFirstHeader(name);
            return h == null ? null : h.getValue();
        }

        @Override
        public HttpHeaders all() {
            HttpHeaders h = all;
            if (h == null) {
                Map<String, List<String>> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                for (Header header : response.getHeaders()) {
                    map.computeIfAbsent(header.getName(), k -> new ArrayList<>(1))
                            .add(header.getValue());
                }
                h = HttpHeaders.of(map, (name, value) -> true);
                all = h;
            }
            return h;
        }
    }

    /** A response body read on the calling thread, each read bounded by the socket timeout. */
    static final class Body implements BodySource {
        private final CloseableHttpResponse response;
        private final InputStream in;
        private final @Nullable HttpClientConnection connection;
        private final byte[] buffer;
        private boolean finished;
        private boolean aborted;

        /**
         * The socket timeout in force (the headers timeout at first): set again only when it
         * changes.
         */
        private Timeout current;

        Body(
                CloseableHttpResponse response,
                InputStream in,
                @Nullable HttpClientConnection connection,
                long length,
                Timeout current) {
            this.response = response;
            this.in = in;
            this.connection = connection;
            this.current = current;
            // Sized to the body when it is small: a fixed 16 KiB buffer was 64 % of a 1 KiB call's
            // allocation (JFR allocation samples).
            this.buffer =
                    new byte
                            [(int)
                                    (length >= 0
                                            ? Math.max(1, Math.min(length, RequestBody.CHUNK))
                                            : RequestBody.CHUNK / 2)];
        }

        @Override
        public @Nullable ByteBuffer next(long timeoutNanos)
                throws IOException, TimeoutException, InterruptedException {
            if (finished) {
                return null;
            }
            if (aborted) {
                throw new IOException("the response was aborted");
            }
            try {
                Timeout wanted = timeout(timeoutNanos);
                if (connection != null && !wanted.equals(current)) {
                    connection.setSocketTimeout(
                            wanted); // a socket option call per change, not per read
                    current = wanted;
                }
                int n = in.read(buffer);
                if (n < 0) {
                    finished = true; // HttpClient has put the connection back in the pool
                    return null;
                }
                return ByteBuffer.wrap(buffer, 0, n);
            } catch (SocketTimeoutException e) {
                abort();
                TimeoutException t = new TimeoutException("no body bytes within the timeout");
                t.initCause(e);
                throw t;
            } catch (IOException e) {
                abort();
                if (Thread.currentThread().isInterrupted()) {
                    InterruptedException ie =
                            new InterruptedException("interrupted while reading the body");
                    ie.initCause(e);
                    throw ie;
                }
                throw e;
            }
        }

        @Override
        public boolean finished() {
            return finished;
        }

        @Override
        public void abort() {
            if (!finished && !aborted) {
                aborted = true;
                response.close(CloseMode.IMMEDIATE);
            }
        }
    }

    /**
     * A request body as HttpClient's entity: streamed, never buffered, replayable or not. A socket
     * write has no timeout of its own, so a body larger than the socket buffers (or of unknown
     * length) is written under a watchdog: a virtual thread that aborts the request if the write is
     * still going at the headers deadline, and is stopped and joined when the write ends.
     */
    static final class Entity extends AbstractHttpEntity {
        private final RequestBody body;
        private final long length;
        private final Runnable abort;
        private final long deadlineNanos;

        Entity(RequestBody body, Runnable abort, long deadlineNanos) throws IOException {
            super((String) null, null, body.length() < 0);
            this.body = body;
            this.length = body.length();
            this.abort = abort;
            this.deadlineNanos = deadlineNanos;
        }

        @Override
        public boolean isRepeatable() {
            return body.replayable();
        }

        @Override
        public long getContentLength() {
            return length;
        }

        @Override
        public InputStream getContent() throws IOException {
            return body.open();
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            if (length >= 0 && length <= WATCHED_UPLOAD) {
                body.writeTo(out);
                return;
            }
            java.util.concurrent.atomic.AtomicBoolean done =
                    new java.util.concurrent.atomic.AtomicBoolean();
            Thread watchdog =
                    Thread.ofVirtual()
                            .name("weft-http-upload-watchdog")
                            .start(
                                    () -> {
                                        long left;
                                        while (!done.get()
                                                && (left = deadlineNanos - System.nanoTime()) > 0) {
                                            java.util.concurrent.locks.LockSupport.parkNanos(left);
                                        }
                                        if (!done.get()) {
                                            abort.run();
                                        }
                                    });
            try {
                body.writeTo(out);
            } finally {
                done.set(true);
                java.util.concurrent.locks.LockSupport.unpark(watchdog);
                joinUninterruptibly(watchdog);
            }
        }

        @Override
        public boolean isStreaming() {
            return false;
        }

        @Override
        public void close() {
            // The call releases the body when it ends.
        }
    }

    /** Waits for a thread that is about to end, keeping the caller's interrupt status. */
    private static void joinUninterruptibly(Thread t) {
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public int idleConnections() {
        return pool.getTotalStats().getAvailable();
    }

    @Override
    public int leasedConnections() {
        return pool.getTotalStats().getLeased();
    }

    @Override
    public boolean shutdown() {
        closed = true;
        client.close(CloseMode.IMMEDIATE);
        return false;
    }

    @Override
    public boolean isTerminated() {
        return closed;
    }
}
