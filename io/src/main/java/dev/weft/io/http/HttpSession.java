package dev.weft.io.http;

import dev.weft.internal.ArgumentRules;
import dev.weft.io.http.internal.ApacheTransport;
import dev.weft.io.http.internal.JdkTransport;
import dev.weft.io.http.internal.JsonCodecs;
import dev.weft.io.http.internal.ProxyConfig;
import dev.weft.io.http.internal.Transport;
import dev.weft.io.http.internal.TransportConfig;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.CookieHandler;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * An HTTP client session, the counterpart of aiohttp's {@code ClientSession}: one per application
 * or per remote service, shared by every task, closed at the end.
 *
 * {@snippet :
 * try (HttpSession http = HttpSession.builder().baseUri("https://jsonplaceholder.typicode.com").build()) {
 *     String post = http.get("/posts/1").text();
 *     List<Comment> comments = http.get("/comments").query("postId", 1).json(COMMENT_LIST);
 * }
 * }
 *
 * <h2>Lifecycle</h2>
 *
 * <ol>
 *   <li><b>Build</b> it once with {@link #builder()} (or {@link #create()}): base URI, default
 *       headers, limits, timeouts, retries, listeners. The builder is not thread-safe; the session
 *       it builds is open, and its configuration never changes.
 *   <li><b>Use</b> it from any number of threads at once, each task on its own virtual thread;
 *       every call takes its permits from the session's shared {@link HttpLimits}.
 *   <li><b>Close</b> it when the application or service is done with it, best with
 *       try-with-resources. {@link #close()} marks the session closed, then closes every connection
 *       (with {@link Builder#http2()}, also shuts the JDK client down and waits at most about 10
 *       seconds for its threads to stop). Exchanges still running are aborted: a caller waiting for
 *       the response headers or reading the body gets {@link HttpTransportException}; streaming
 *       responses lose their connection, and closing them still returns their permits. A call that
 *       was waiting for a permit, or pausing before a retry, gets {@link IllegalStateException}
 *       when it obtains its next permit, without sending anything (or {@link
 *       HttpCallTimeoutException} if its permit wait runs out first). Every later verb ({@link
 *       #get} ...) and every terminal method of a call prepared before the close throws {@link
 *       IllegalStateException}. {@code close()} is idempotent; an interrupt during its wait ends
 *       the wait early and stays set.
 * </ol>
 *
 * <h2>Calls</h2>
 *
 * {@link #get}, {@link #post}, {@link #put}, {@link #delete}, {@link #head} and {@link #request}
 * return an {@link HttpCall} to which query parameters, headers and a body are added; one of its
 * terminal methods ({@link HttpCall#text()}, {@link HttpCall#bytes()}, {@link
 * HttpCall#json(Class)}, {@link HttpCall#download(java.nio.file.Path)}, {@link HttpCall#discard()},
 * {@link HttpCall#stream()}) then performs the exchange on the calling thread, which should be a
 * virtual thread: it blocks only that thread.
 *
 * <h2>Limits, timeouts and retries</h2>
 *
 * Each call first takes a permit for its host and one of the session ({@link HttpLimits}); every
 * phase is bounded ({@link HttpTimeouts}); failed attempts are retried as {@link HttpRetry} says.
 * Redirects are followed by the session itself, not its HTTP engine, so that https-to-http
 * downgrades are refused, credentials ({@code Authorization}, {@code Cookie}, {@code
 * Proxy-Authorization}) are dropped when the origin changes, and the hop count is capped.
 *
 * <h2>Cancellation</h2>
 *
 * Calls follow core's cancellation rule, as {@link dev.weft.Weft#sleep} does. A cancelled task
 * (cancellation is sticky, so also one that caught {@link dev.weft.CancelledException} earlier)
 * takes no permit, sends nothing and does not pause for a retry: the call throws {@code
 * CancelledException} at once. Cancelling a task blocked in a call (its thread is interrupted)
 * aborts the exchange, closes its connection, returns its permits, deletes a partial download and
 * throws {@code CancelledException}. In a Weft task the interrupt status is then left cleared, so
 * cleanup code can still block; in any other thread it is set again.
 *
 * <h2>Exceptions</h2>
 *
 * All failures of an exchange are unchecked and belong to the sealed family of {@link
 * HttpException}, which carries the {@linkplain HttpException#method() method} and the {@linkplain
 * HttpException#uri() URI} (after redirects, without user information); a {@code switch} over its
 * subtypes is exhaustive:
 *
 * <ul>
 *   <li>{@link HttpStatusException}: the final status is 400 or more (after retries); carries the
 *       status, the headers and the first 1 KiB of the body;
 *   <li>{@link HttpConnectException}: the connection could not be opened; its {@linkplain
 *       HttpConnectException#reason() reason} is refused, unknown host, no route, TLS handshake or
 *       other, and it says how many attempts were made;
 *   <li>{@link HttpCallTimeoutException}: a wait passed its bound; {@link
 *       HttpCallTimeoutException#phase() phase()} names the {@link HttpPhase} (connect, permit,
 *       headers, body idle or total);
 *   <li>{@link HttpTransportException}: the connection broke (reset, closed before the headers,
 *       body cut short), or the session was closed under the call;
 *   <li>{@link HttpBodyTooLargeException}: the body passed the response size cap;
 *   <li>{@link HttpRedirectException}: a redirect was refused (too many, a loop, https to http, a
 *       bad {@code Location}, a streamed body to resend);
 *   <li>{@link HttpJsonException}: {@link HttpCall#json(Class)} could not decode the body (not
 *       JSON, or JSON that does not map to the type).
 * </ul>
 *
 * Cancellation is not among them: it surfaces as {@link dev.weft.CancelledException} (see above).
 * Bad input fails at once, before anything is sent: a null argument throws {@link
 * NullPointerException} naming it; a malformed or non-http(s) URL, a relative path without a base
 * URI, a method that is not an HTTP token, or a negative size or duration throws {@link
 * IllegalArgumentException}; a closed session throws {@link IllegalStateException}.
 *
 * <h2>Memory effects</h2>
 *
 * A call runs on the thread that invokes its terminal method, and the request is built from the
 * {@link HttpCall}'s state on that thread, so everything that thread did before the terminal method
 * is visible to the request. Bodies of bytes are captured when they are set: {@link
 * HttpCall#body(byte[], String)} copies the array and {@link HttpCall#jsonBody(Object)} encodes the
 * value at once, so later changes to either are not sent; files and streams are read while the
 * request is sent. With the default engine the calling thread sends the request and reads the
 * response itself; with {@link Builder#http2()} the body arrives on the JDK client's threads and is
 * handed to the calling thread through a blocking queue. Either way the terminal method reads,
 * decodes ({@code text}, {@code json}) or writes it ({@code download}) on the calling thread: all
 * of that processing happens-before the terminal method returns, as do the release of the call's
 * connection and permits and the call's {@link HttpListener} notifications (for {@link
 * HttpCall#stream()}, these happen in {@link HttpStreamingResponse#close()} instead). A {@link
 * DownloadProgress} is called on the calling thread. Calls of different threads are not ordered:
 * two calls started at the same time may reach the server in either order.
 *
 * <h2>Security</h2>
 *
 * TLS certificates and host names are verified unless the builder's loudly named {@link
 * Builder#insecureTrustAllCertificatesForTestsOnly()} is called; {@link Builder#sslContext} sets a
 * private CA and a client certificate. There is no cookie jar unless {@link Builder#cookieJar}
 * gives one. Credential headers and credential-like query parameters are masked in logs and
 * exception messages.
 *
 * <h2>Engine</h2>
 *
 * The exchange runs blocking on the calling virtual thread, on Apache HttpClient 5 classic
 * (HTTP/1.1); {@link Builder#http2()} runs it on {@code java.net.http} instead.
 *
 * <h2>Observability</h2>
 *
 * Each call logs one SLF4J DEBUG line on logger {@code dev.weft.io.http.HttpSession} (method, URI,
 * status, duration, retries) and reports an {@link HttpCallEvent} to the {@link HttpListener}s.
 *
 * <p>Thread-safe: one session serves any number of concurrent calls. No argument may be null.
 */
public final class HttpSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpSession.class);
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    private final @Nullable URI baseUri;
    private final Map<String, List<String>> defaultHeaders;
    private final JsonCodec codec;
    private final HttpLimits limits;
    private final Transport transport;
    private final HttpEngine engine;
    private final AtomicBoolean closed = new AtomicBoolean();

    private HttpSession(Builder b) {
        this.baseUri = b.baseUri;
        this.defaultHeaders = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        b.headers.forEach((name, values) -> defaultHeaders.put(name, List.copyOf(values)));
        defaultHeaders.put("User-Agent", List.of(b.userAgent));
        this.codec =
                b.codec != null ? b.codec : JsonCodecs.detect(HttpSession.class.getClassLoader());
        this.limits = b.limits;
        if (b.insecure) {
            LOG.warn(
                    "HttpSession created with TLS verification OFF (insecureTrustAllCertificatesForTestsOnly): "
                            + "any server can impersonate any host");
        }
        TransportConfig config =
                new TransportConfig(
                        b.limits.maxConcurrent(),
                        b.limits.maxPerHost(),
                        b.sslContext,
                        b.sslParameters,
                        b.insecure,
                        b.proxy);
        this.transport =
                b.http2
                        ? new JdkTransport(config, b.timeouts.connect())
                        : new ApacheTransport(config);
        this.engine =
                new HttpEngine(
                        transport,
                        b.timeouts,
                        b.limits,
                        b.retry,
                        b.listeners,
                        b.cookies,
                        closed::get);
    }

    /**
     * Returns a new builder with the defaults of {@link HttpTimeouts#defaults()}, {@link
     * HttpLimits#defaults()} and {@link HttpRetry#defaults()}, no base URI and no listener.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Creates a session with every default and no base URI, so calls take absolute URLs.
     *
     * @return a new open session
     */
    public static HttpSession create() {
        return builder().build();
    }

    /**
     * Starts a GET call. Does not block; the returned call runs when a terminal method is called.
     *
     * @param pathOrUrl a path resolved against the base URI, or an absolute http(s) URL
     * @return the call, to be completed with a terminal method
     * @throws NullPointerException if {@code pathOrUrl} is null
     * @throws IllegalArgumentException if {@code pathOrUrl} is malformed, relative without a base
     *     URI, or not http(s)
     * @throws IllegalStateException if the session is closed
     */
    public HttpCall get(String pathOrUrl) {
        return request("GET", pathOrUrl);
    }

    /**
     * Starts a POST call. Does not block. POST is not retried on error status unless {@link
     * HttpCall#idempotent()} or {@link HttpRetry#retryNonIdempotent()} says so.
     *
     * @param pathOrUrl a path resolved against the base URI, or an absolute http(s) URL
     * @return the call, to be given a body and completed with a terminal method
     * @throws NullPointerException if {@code pathOrUrl} is null
     * @throws IllegalArgumentException if {@code pathOrUrl} is malformed, relative without a base
     *     URI, or not http(s)
     * @throws IllegalStateException if the session is closed
     */
    public HttpCall post(String pathOrUrl) {
        return request("POST", pathOrUrl);
    }

    /**
     * Starts a PUT call. Does not block.
     *
     * @param pathOrUrl a path resolved against the base URI, or an absolute http(s) URL
     * @return the call, to be given a body and completed with a terminal method
     * @throws NullPointerException if {@code pathOrUrl} is null
     * @throws IllegalArgumentException if {@code pathOrUrl} is malformed, relative without a base
     *     URI, or not http(s)
     * @throws IllegalStateException if the session is closed
     */
    public HttpCall put(String pathOrUrl) {
        return request("PUT", pathOrUrl);
    }

    /**
     * Starts a DELETE call. Does not block.
     *
     * @param pathOrUrl a path resolved against the base URI, or an absolute http(s) URL
     * @return the call, to be completed with a terminal method
     * @throws NullPointerException if {@code pathOrUrl} is null
     * @throws IllegalArgumentException if {@code pathOrUrl} is malformed, relative without a base
     *     URI, or not http(s)
     * @throws IllegalStateException if the session is closed
     */
    public HttpCall delete(String pathOrUrl) {
        return request("DELETE", pathOrUrl);
    }

    /**
     * Starts a HEAD call, usually completed with {@link HttpCall#discard()}. Does not block.
     *
     * @param pathOrUrl a path resolved against the base URI, or an absolute http(s) URL
     * @return the call, to be completed with a terminal method
     * @throws NullPointerException if {@code pathOrUrl} is null
     * @throws IllegalArgumentException if {@code pathOrUrl} is malformed, relative without a base
     *     URI, or not http(s)
     * @throws IllegalStateException if the session is closed
     */
    public HttpCall head(String pathOrUrl) {
        return request("HEAD", pathOrUrl);
    }

    /**
     * Starts a call with any method, such as {@code "PATCH"} or {@code "OPTIONS"}. Does not block.
     *
     * @param method the request method, an HTTP token; used as given (methods are case-sensitive)
     * @param pathOrUrl a path resolved against the base URI, or an absolute http(s) URL
     * @return the call, to be completed with a terminal method
     * @throws NullPointerException if {@code method} or {@code pathOrUrl} is null
     * @throws IllegalArgumentException if {@code method} is not an HTTP token, or {@code pathOrUrl}
     *     is malformed, relative without a base URI, or not http(s)
     * @throws IllegalStateException if the session is closed
     */
    public HttpCall request(String method, String pathOrUrl) {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(pathOrUrl, "pathOrUrl");
        if (!TOKEN.matcher(method).matches()) {
            throw new IllegalArgumentException("method is not an HTTP token: '" + method + "'");
        }
        ensureOpen();
        return new HttpCall(this, method, resolve(pathOrUrl));
    }

    /**
     * Closes the session: later calls, and calls still waiting for a permit, throw {@link
     * IllegalStateException}; exchanges still running are aborted (their callers get {@link
     * HttpTransportException}) and connections are closed. With the default engine this does not
     * block; with {@link Builder#http2()} it also stops the JDK client's threads and blocks until
     * they have stopped, for at most about 10 seconds (an interrupt ends that wait early and stays
     * set). Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (transport.shutdown()) {
            Thread.currentThread().interrupt();
        }
    }

    void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("the HttpSession is closed");
        }
    }

    boolean isTerminated() {
        return transport.isTerminated();
    }

    HttpEngine engine() {
        return engine;
    }

    JsonCodec codec() {
        return codec;
    }

    HttpLimits limits() {
        return limits;
    }

    Map<String, List<String>> defaultHeaders() {
        return defaultHeaders;
    }

    private URI resolve(String pathOrUrl) {
        URI ref;
        try {
            ref = new URI(pathOrUrl);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(
                    "pathOrUrl is not a valid URL or path: '" + pathOrUrl + "'", e);
        }
        if (ref.isAbsolute()) {
            return checkHttpUrl(ref, "pathOrUrl");
        }
        if (baseUri == null) {
            throw new IllegalArgumentException(
                    "pathOrUrl '" + pathOrUrl + "' is relative and the session has no base URI");
        }
        return baseUri.resolve(ref);
    }

    static URI checkHttpUrl(URI uri, String name) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException(
                    name + " must be an http or https URL: '" + uri + "'");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException(name + " has no host: '" + uri + "'");
        }
        return uri;
    }

    /**
     * Configures and creates an {@link HttpSession}.
     *
     * <p>Not thread-safe: configure it on one thread. No argument may be null.
     */
    public static final class Builder {
        private @Nullable URI baseUri;
        private final Map<String, List<String>> headers =
                new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        private String userAgent = "weft-http/0.1";
        private HttpTimeouts timeouts = HttpTimeouts.defaults();
        private HttpLimits limits = HttpLimits.defaults();
        private HttpRetry retry = HttpRetry.defaults();
        private @Nullable JsonCodec codec;
        private final List<HttpListener> listeners = new ArrayList<>();
        private boolean insecure;
        private @Nullable SSLContext sslContext;
        private @Nullable SSLParameters sslParameters;
        private @Nullable ProxyConfig proxy;
        private @Nullable String proxyUser;
        private char @Nullable [] proxyPassword;
        private @Nullable CookieHandler cookies;
        private boolean http2;

        private Builder() {}

        /**
         * Sets the base URI against which call paths are resolved (RFC 3986 rules: give the base a
         * trailing {@code /} and use relative paths to keep its path prefix).
         *
         * @param baseUri an absolute http or https URL
         * @return this builder
         * @throws NullPointerException if {@code baseUri} is null
         * @throws IllegalArgumentException if {@code baseUri} is malformed or not an http(s) URL
         */
        public Builder baseUri(String baseUri) {
            Objects.requireNonNull(baseUri, "baseUri");
            try {
                return baseUri(new URI(baseUri));
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException(
                        "baseUri is not a valid URL: '" + baseUri + "'", e);
            }
        }

        /**
         * Sets the base URI against which call paths are resolved.
         *
         * @param baseUri an absolute http or https URL
         * @return this builder
         * @throws NullPointerException if {@code baseUri} is null
         * @throws IllegalArgumentException if {@code baseUri} is not an absolute http(s) URL
         */
        public Builder baseUri(URI baseUri) {
            Objects.requireNonNull(baseUri, "baseUri");
            this.baseUri = checkHttpUrl(baseUri, "baseUri");
            return this;
        }

        /**
         * Adds a header sent with every call (a call's own header of the same name replaces it).
         *
         * @param name the header name
         * @param value the header value
         * @return this builder
         * @throws NullPointerException if {@code name} or {@code value} is null
         * @throws IllegalArgumentException if the name or value is not valid in HTTP, or the name
         *     is one the engine manages itself (such as {@code Host} or {@code Content-Length})
         */
        public Builder header(String name, String value) {
            HttpCall.checkHeader(name, value);
            headers.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            return this;
        }

        /**
         * Sets the {@code User-Agent} header; the default is {@code weft-http/0.1}.
         *
         * @param userAgent the value
         * @return this builder
         * @throws NullPointerException if {@code userAgent} is null
         * @throws IllegalArgumentException if it is not a valid header value
         */
        public Builder userAgent(String userAgent) {
            java.util.Objects.requireNonNull(userAgent, "userAgent");
            HttpCall.checkHeader("User-Agent", userAgent);
            this.userAgent = userAgent;
            return this;
        }

        /**
         * Sets the timeouts of every phase.
         *
         * @param timeouts the timeouts
         * @return this builder
         * @throws NullPointerException if {@code timeouts} is null
         */
        public Builder timeouts(HttpTimeouts timeouts) {
            this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
            return this;
        }

        /**
         * Sets the concurrency, size and redirect limits.
         *
         * @param limits the limits
         * @return this builder
         * @throws NullPointerException if {@code limits} is null
         */
        public Builder limits(HttpLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /**
         * Sets the retry policy; {@link HttpRetry#none()} disables retries.
         *
         * @param retry the policy
         * @return this builder
         * @throws NullPointerException if {@code retry} is null
         */
        public Builder retry(HttpRetry retry) {
            this.retry = Objects.requireNonNull(retry, "retry");
            return this;
        }

        /**
         * Sets the JSON codec, replacing the Jackson default.
         *
         * @param codec the codec
         * @return this builder
         * @throws NullPointerException if {@code codec} is null
         */
        public Builder jsonCodec(JsonCodec codec) {
            this.codec = Objects.requireNonNull(codec, "codec");
            return this;
        }

        /**
         * Adds a listener told about every finished call.
         *
         * @param listener the listener
         * @return this builder
         * @throws NullPointerException if {@code listener} is null
         */
        public Builder listener(HttpListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Turns OFF TLS certificate and host name verification, so a test can talk to a server with
         * a self-signed certificate. Never use it in production: anyone on the network path can
         * then read and change the traffic. The session logs a WARN line when it is built.
         *
         * @return this builder
         */
        public Builder insecureTrustAllCertificatesForTestsOnly() {
            this.insecure = true;
            return this;
        }

        /**
         * Sets the TLS context of every {@code https:} connection: the trusted certificate
         * authorities (a private CA) and the client's own key and certificate (mutual TLS). The
         * default is the JDK's ({@code SSLContext.getDefault()}: the JDK's CA certificates, no
         * client certificate). Host names are verified whatever the context.
         *
         * @param context the context, initialised
         * @return this builder
         * @throws NullPointerException if {@code context} is null
         */
        public Builder sslContext(SSLContext context) {
            this.sslContext = Objects.requireNonNull(context, "context");
            return this;
        }

        /**
         * Sets TLS parameters of every {@code https:} connection: protocols, cipher suites, server
         * names, signature schemes. Host name verification stays on: the endpoint identification
         * algorithm is always {@code HTTPS} (only {@link
         * #insecureTrustAllCertificatesForTestsOnly()} turns it off).
         *
         * @param parameters the parameters, read by every new connection: do not change them later
         * @return this builder
         * @throws NullPointerException if {@code parameters} is null
         */
        public Builder sslParameters(SSLParameters parameters) {
            this.sslParameters = Objects.requireNonNull(parameters, "parameters");
            return this;
        }

        /**
         * Sends every call through an HTTP proxy: {@code http:} requests go to it in absolute form,
         * {@code https:} ones through a {@code CONNECT} tunnel (the proxy sees the host name, never
         * the traffic). A proxy that cannot be reached or refuses the tunnel fails the call with
         * {@link HttpConnectException}.
         *
         * @param host the proxy's host name or address
         * @param port the proxy's port, 1 to 65535
         * @return this builder
         * @throws NullPointerException if {@code host} is null
         * @throws IllegalArgumentException if {@code host} is blank or {@code port} is out of range
         */
        public Builder proxy(String host, int port) {
            Objects.requireNonNull(host, "host");
            if (host.isBlank()) {
                throw new IllegalArgumentException("host is blank");
            }
            ArgumentRules.requireInRange(port, 1, 65535, "port");
            this.proxy = new ProxyConfig(host, port, null, null);
            return this;
        }

        /**
         * Sets the user and password the session answers a proxy's Basic authentication challenge
         * ({@code 407}) with. Needs {@link #proxy(String, int)}. The credentials go to the proxy
         * only, never to a server, and are never logged.
         *
         * @param user the user name
         * @param password the password; copied
         * @return this builder
         * @throws NullPointerException if {@code user} or {@code password} is null
         */
        public Builder proxyAuthentication(String user, char[] password) {
            this.proxyUser = Objects.requireNonNull(user, "user");
            this.proxyPassword = Objects.requireNonNull(password, "password").clone();
            return this;
        }

        /**
         * Gives the session a cookie jar: cookies that responses set are stored in it and sent with
         * later requests whose URI they match, on every call of the session, redirects included.
         * Off by default: a session is shared by every task of an application, so one jar would
         * carry one user's login into another user's calls; turn it on for a session that acts as
         * one client of one site (a login flow, a scraper). A {@code new java.net.CookieManager()}
         * is an in-memory jar that accepts cookies from the host that answered only; its {@code
         * getCookieStore()} shows and edits them.
         *
         * @param jar the jar, used from many threads at once (the JDK's {@code CookieManager} is
         *     thread-safe)
         * @return this builder
         * @throws NullPointerException if {@code jar} is null
         */
        public Builder cookieJar(CookieHandler jar) {
            this.cookies = Objects.requireNonNull(jar, "jar");
            return this;
        }

        /**
         * Runs the session on {@code java.net.http.HttpClient} instead of the default blocking
         * HTTP/1.1 engine, so that {@code https:} calls negotiate HTTP/2 (ALPN) and share one
         * connection per host. {@code http:} calls stay HTTP/1.1. Everything else (timeouts,
         * limits, retries, redirects, cookies, TLS settings, proxy) behaves the same, but the
         * session then owns a few virtual threads for the JDK client, and is measured slower for
         * many small calls (see {@code docs/decisions/http-engine.md}). For https through an
         * authenticating proxy, the JDK refuses Basic authentication of tunnels unless the system
         * property {@code jdk.http.auth.tunneling.disabledSchemes} is set to an empty string.
         *
         * @return this builder
         */
        public Builder http2() {
            this.http2 = true;
            return this;
        }

        /**
         * Creates the session. With the default engine it owns connections only, no thread; with
         * {@link #http2()} it owns a virtual-thread executor for the JDK client. Both are released
         * by {@link HttpSession#close()}.
         *
         * @return a new open session
         * @throws IllegalStateException if proxy authentication is set without a proxy
         */
        public HttpSession build() {
            if (proxyUser != null) {
                if (proxy == null) {
                    throw new IllegalStateException(
                            "proxyAuthentication needs a proxy: call proxy(host, port)");
                }
                proxy = new ProxyConfig(proxy.host(), proxy.port(), proxyUser, proxyPassword);
            }
            return new HttpSession(this);
        }
    }
}
