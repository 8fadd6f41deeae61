package dev.weft.test.http;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import dev.weft.internal.DurationRules;

import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.net.ssl.SSLContext;

/**
 * A local HTTP server shaped like <a
 * href="https://jsonplaceholder.typicode.com">jsonplaceholder</a>, for samples and tests (artifact
 * {@code dev.weft:weft-test}, test scope): it runs in-process on a free loopback port, one virtual
 * thread per exchange, and can inject the faults an HTTP client must survive.
 *
 * {@snippet :
 * try (JsonPlaceholderServer server = JsonPlaceholderServer.start();
 *      HttpSession http = HttpSession.builder().baseUri(server.baseUri()).build()) {
 *     System.out.println(http.get("/posts/1").text());
 * }
 * }
 *
 * <h2>Data</h2>
 *
 * <ul>
 *   <li>{@code GET /posts} (optionally {@code ?userId=}), {@code GET /posts/{id}} (1 to 100; post 1
 *       is the real site's: {@code userId} 1, {@code id} 1, its title and body), {@code GET
 *       /posts/{id}/comments}; {@code POST /posts} answers 201 with the body and {@code "id": 101};
 *       {@code PUT}/{@code PATCH /posts/{id}} echo the body with the id; {@code DELETE /posts/{id}}
 *       answers {@code {}}.
 *   <li>{@code GET /users}, {@code GET /users/{id}} (1 to 10).
 *   <li>{@code GET /comments?postId=} (500 comments, 5 per post).
 * </ul>
 *
 * Unknown paths answer 404 with {@code {}}. Bodies are pretty-printed JSON, as on the real site.
 *
 * <h2>Faults</h2>
 *
 * Query parameters honoured on every path:
 *
 * <ul>
 *   <li>{@code delayMs=N}: wait N ms before the response headers;
 *   <li>{@code chunkDelayMs=N} (with {@code chunks=K}, default 4): send the body in K chunks, N ms
 *       apart;
 *   <li>{@code stallAfterBytes=N}: send N bytes of the body, then hold the connection open, silent,
 *       until the server is closed.
 * </ul>
 *
 * Fault paths:
 *
 * <ul>
 *   <li>{@code /faults/status/{code}} (optionally {@code ?retryAfter=S}): that status, every time;
 *   <li>{@code /faults/flaky?key=K&failures=N&status=503&retryAfter=S}: the first N requests with
 *       key K fail with the status (and {@code Retry-After}), later ones succeed;
 *   <li>{@code /faults/reset}: the connection is closed without any response;
 *   <li>{@code /faults/truncated?bytes=N}: announces 2N bytes, sends N, closes;
 *   <li>{@code /faults/huge?bytes=N} (default 10 MiB; {@code chunked=true} hides the length): a
 *       large body;
 *   <li>{@code /faults/redirect?hops=N&status=302}: a chain of N redirects ending at {@code
 *       /posts/1};
 *   <li>{@code /faults/loop}: a redirect to itself;
 *   <li>{@code /faults/redirect-to?location=URL&status=302}: a redirect to any URL, such as an
 *       {@code http:} one to test a downgrade from an https front;
 *   <li>{@code /faults/echo}: the request's method, path, query, headers and body as JSON;
 *   <li>{@code /faults/set-cookie?name=N&value=V}: {@code {}} with {@code Set-Cookie: N=V; Path=/}.
 * </ul>
 *
 * <h2>Gauges</h2>
 *
 * {@link #inFlight()} and {@link #maxInFlight()} count requests from their arrival until their
 * response starts, so a test can check that a client never exceeded its concurrency limit.
 *
 * <p>Thread-safe. {@link #close()} stops the server and all its threads.
 */
public final class JsonPlaceholderServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;
    private final PlaceholderHandler handler = new PlaceholderHandler();
    private final URI baseUri;
    private final AtomicBoolean closed = new AtomicBoolean();

    private JsonPlaceholderServer(HttpServer server, ExecutorService executor, String scheme) {
        this.server = server;
        this.executor = executor;
        server.createContext("/", handler);
        InetSocketAddress address = server.getAddress();
        this.baseUri =
                URI.create(
                        scheme
                                + "://"
                                + address.getAddress().getHostAddress()
                                + ":"
                                + address.getPort()
                                + "/");
    }

    /**
     * Starts a server on a free port of the loopback address. Blocks only while binding.
     *
     * @return the running server
     * @throws UncheckedIOException if no port can be bound
     */
    public static JsonPlaceholderServer start() {
        return start((SSLContext) null);
    }

    /**
     * Starts a server on a free port of the loopback address that speaks HTTPS with the given TLS
     * context, to test a client's certificate rules. Blocks only while binding.
     *
     * @param tls the server's TLS context (key and certificate)
     * @return the running server; its {@link #baseUri()} starts with {@code https:}
     * @throws NullPointerException if {@code tls} is null
     * @throws UncheckedIOException if no port can be bound
     */
    public static JsonPlaceholderServer startHttps(SSLContext tls) {
        return start(Objects.requireNonNull(tls, "tls"), false);
    }

    /**
     * Like {@link #startHttps(SSLContext)}, and the server also demands a client certificate that
     * the context's trust managers accept (mutual TLS): a client without one fails its handshake.
     * Blocks only while binding.
     *
     * @param tls the server's TLS context: its key and certificate, and the CAs it trusts for
     *     client certificates
     * @return the running server
     * @throws NullPointerException if {@code tls} is null
     * @throws UncheckedIOException if no port can be bound
     */
    public static JsonPlaceholderServer startHttpsWithClientAuth(SSLContext tls) {
        return start(Objects.requireNonNull(tls, "tls"), true);
    }

    private static JsonPlaceholderServer start(@Nullable SSLContext tls) {
        return start(tls, false);
    }

    /** Starts the server over TLS with the given context, or plain HTTP if null. */
    private static JsonPlaceholderServer start(@Nullable SSLContext tls, boolean clientAuth) {
        ExecutorService executor =
                Executors.newThreadPerTaskExecutor(
                        Thread.ofVirtual().name("weft-placeholder-", 0).factory());
        try {
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
            HttpServer server;
            if (tls == null) {
                server = HttpServer.create(address, 0);
            } else {
                HttpsServer https = HttpsServer.create(address, 0);
                https.setHttpsConfigurator(
                        new HttpsConfigurator(tls) {
                            @Override
                            public void configure(com.sun.net.httpserver.HttpsParameters params) {
                                javax.net.ssl.SSLParameters p = tls.getDefaultSSLParameters();
                                p.setNeedClientAuth(clientAuth);
                                params.setSSLParameters(p);
                            }
                        });
                server = https;
            }
            server.setExecutor(executor);
            JsonPlaceholderServer s =
                    new JsonPlaceholderServer(server, executor, tls == null ? "http" : "https");
            server.start();
            return s;
        } catch (IOException e) {
            executor.close();
            throw new UncheckedIOException("cannot start the placeholder server", e);
        }
    }

    /**
     * Returns the server's base URI, such as {@code http://127.0.0.1:41234/}.
     *
     * @return the base URI, ending with {@code /}
     */
    public URI baseUri() {
        return baseUri;
    }

    /**
     * Returns the URI of a path on this server.
     *
     * @param path a path such as {@code "/posts/1"}, optionally with a query
     * @return the absolute URI
     * @throws NullPointerException if {@code path} is null
     * @throws IllegalArgumentException if {@code path} is not a valid URI reference
     */
    public URI uri(String path) {
        Objects.requireNonNull(path, "path");
        return baseUri.resolve(path);
    }

    /**
     * Returns the number of requests received whose response has not started yet.
     *
     * @return the current gauge
     */
    public int inFlight() {
        return handler.inFlight.get();
    }

    /**
     * Returns the highest {@link #inFlight()} seen since start or the last {@link #resetGauges()}.
     *
     * @return the maximum
     */
    public int maxInFlight() {
        return handler.maxInFlight.get();
    }

    /**
     * Returns the number of requests received since start or the last {@link #resetGauges()}.
     *
     * @return the count
     */
    public long requestCount() {
        return handler.requests.get();
    }

    /**
     * Resets {@link #maxInFlight()} to the current in-flight count and the request count to zero.
     */
    public void resetGauges() {
        handler.maxInFlight.set(handler.inFlight.get());
        handler.requests.set(0);
    }

    /**
     * Waits until a request has arrived that no earlier call of this method consumed: one call per
     * request, so a test can order its steps on the server's side ("the call is on the wire now")
     * without sleeping. Blocks up to {@code timeout}.
     *
     * @param timeout the longest wait; zero checks without waiting
     * @return {@code true} if a request arrived, {@code false} if the timeout expired first
     * @throws NullPointerException if {@code timeout} is null
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws InterruptedException if the calling thread is interrupted while waiting
     */
    public boolean awaitArrival(Duration timeout) throws InterruptedException {
        long nanos =
                DurationRules.toNanosSaturated(
                        DurationRules.requireNonNegative(timeout, "timeout"));
        return handler.arrivals.tryAcquire(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Returns whether the server is closed and every one of its threads has ended. Does not block.
     *
     * @return {@code true} once {@link #close()} has stopped all threads
     */
    public boolean isTerminated() {
        return closed.get() && executor.isTerminated();
    }

    /**
     * Returns the most recent requests the server received (up to 256), oldest first. A snapshot.
     *
     * @return the recorded requests
     */
    public List<RecordedRequest> recordedRequests() {
        return handler.recorded();
    }

    /**
     * Stops the server: closes the listening socket and every connection, interrupts handlers still
     * running (stalled or delayed responses), and waits for its threads to end, for at most about 5
     * seconds; an interrupt ends the wait early and stays set. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "JsonPlaceholderServer[" + baseUri + "]";
    }
}
