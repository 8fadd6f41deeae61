package dev.weft.io.http;

import dev.weft.Weft;
import dev.weft.internal.Cancellations;
import dev.weft.internal.DurationRules;
import dev.weft.io.http.internal.BodyChannel;
import dev.weft.io.http.internal.Permits;
import dev.weft.io.http.internal.Redaction;
import dev.weft.io.http.internal.RetryAfter;
import dev.weft.io.http.internal.RetryBudget;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import javax.net.ssl.SSLHandshakeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs calls for an {@link HttpSession}: permits, the blocking send on the caller's thread,
 * redirects, status checks, retries with backoff, and the per-call log line and listener event.
 *
 * <p>The loop of one call: take a host and a session permit; send and wait for the headers;
 * on a redirect drain the small body, apply the redirect rules and loop; on an error status read
 * the first bytes for the exception, and either retry (after releasing the permits and pausing)
 * or throw; otherwise hand the open exchange to the terminal, which reads, caps and releases it.
 * Every wait is bounded by its phase's timeout and by the call's total deadline.
 */
final class HttpEngine {
    private static final Logger LOG = LoggerFactory.getLogger(HttpSession.class);
    private static final Set<Integer> RETRYABLE_STATUS = Set.of(429, 502, 503, 504);
    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE");
    private static final int PREFIX_BYTES = 1024;
    private static final long DRAIN_BYTES = 64 * 1024;

    /** Consumes the open exchange of a successful call. */
    interface Terminal<T> {
        /**
         * Consumes the exchange; {@code finish} reports the call (log, listeners) with the failure
         * that ended it, or null, and is called by a terminal that keeps the exchange open, when
         * it is closed.
         */
        T consume(Exchange exchange, Consumer<Throwable> finish);

        /** Whether the result keeps the exchange open (a streaming response closes it itself). */
        default boolean keepsOpen() {
            return false;
        }
    }

    private final HttpClient client;
    private final Permits permits;
    private final HttpTimeouts timeouts;
    private final HttpLimits limits;
    private final HttpRetry retry;
    private final RetryBudget budget;
    private final List<HttpListener> listeners;
    private final BooleanSupplier closed;

    HttpEngine(HttpClient client, HttpTimeouts timeouts, HttpLimits limits, HttpRetry retry,
            List<HttpListener> listeners, BooleanSupplier closed) {
        this.client = client;
        this.closed = closed;
        this.permits = new Permits(limits.maxConcurrent(), limits.maxPerHost());
        this.timeouts = timeouts;
        this.limits = limits;
        this.retry = retry;
        this.budget = new RetryBudget(retry.budget());
        this.listeners = List.copyOf(listeners);
    }

    Permits permits() {
        return permits;
    }

    /** Mutable state of one call across attempts and redirects. */
    private static final class State {
        final URI origin;
        String method;
        URI uri;
        byte[] body;
        final Map<String, List<String>> headers;
        final boolean markedIdempotent;
        final long cap;
        int retries;
        int redirects;
        int status;
        final Set<String> visited = new HashSet<>();

        State(CallSpec spec) {
            origin = spec.uri();
            method = spec.method();
            uri = spec.uri();
            body = spec.body();
            headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            headers.putAll(spec.headers());
            markedIdempotent = spec.markedIdempotent();
            cap = spec.maxResponseBytes();
            visited.add(method + " " + uri);
        }
    }

    /** The request never reached the server (HTTP/2 stream refused); safe to retry for any method. */
    private static final class StreamRefused extends Exception {
        private static final long serialVersionUID = 1L;
        final transient IOException cause;

        StreamRefused(IOException cause) {
            super(cause);
            this.cause = cause;
        }
    }

    <T> T execute(CallSpec spec, Terminal<T> terminal) {
        long start = System.nanoTime();
        long deadline = DurationRules.deadlineFromNow(timeouts.total());
        State st = new State(spec);
        Throwable failure = null;
        long bytes = 0;
        boolean report = true;
        try {
            // Sticky cancellation: a task that caught CancelledException sends nothing more.
            Cancellations.checkpoint();
            while (true) {
                Exchange ex;
                try {
                    ex = open(st, deadline);
                } catch (HttpConnectException e) {
                    // A refused TLS handshake (bad certificate) will not get better by retrying.
                    if (!isTlsFailure(e) && mayRetry(st, deadline, Duration.ZERO)) {
                        continue;
                    }
                    throw e;
                } catch (HttpCallTimeoutException e) {
                    // A connect that timed out never sent the request either.
                    if (e.phase() == HttpPhase.CONNECT && mayRetry(st, deadline, Duration.ZERO)) {
                        continue;
                    }
                    throw e;
                } catch (StreamRefused e) {
                    if (mayRetry(st, deadline, Duration.ZERO)) {
                        continue;
                    }
                    throw new HttpTransportException(st.method, st.uri, e.cause);
                }
                st.status = ex.status;
                if (RedirectRule.isRedirect(ex.status) && limits.maxRedirects() > 0) {
                    String location = ex.headers.firstValue("location").orElse(null);
                    ex.drain(DRAIN_BYTES);
                    follow(st, ex.status, location);
                    continue;
                }
                if (ex.status >= 400) {
                    HttpHeaders headers = ex.headers;
                    String prefix = ex.prefix(PREFIX_BYTES);
                    HttpStatusException error = new HttpStatusException(st.method, st.uri, ex.status, headers, prefix);
                    if (RETRYABLE_STATUS.contains(ex.status)
                            && (st.markedIdempotent || retry.retryNonIdempotent() || IDEMPOTENT.contains(st.method))
                            && mayRetry(st, deadline, RetryAfter.of(headers, Instant.now()))) {
                        continue;
                    }
                    throw error;
                }
                if (st.retries == 0) {
                    budget.onFirstAttemptSuccess();
                }
                if (terminal.keepsOpen()) {
                    report = false;
                    String method = st.method;
                    URI uri = st.uri;
                    int retries = st.retries;
                    int redirects = st.redirects;
                    Consumer<Throwable> finish = error -> finished(method, uri, ex.status, System.nanoTime() - start,
                            retries, redirects, ex.received(), error);
                    try {
                        return terminal.consume(ex, finish);
                    } catch (RuntimeException | Error e) {
                        ex.close();
                        report = true;
                        throw e;
                    }
                }
                try {
                    return terminal.consume(ex, error -> {});
                } finally {
                    ex.close();
                    bytes = ex.received();
                }
            }
        } catch (RuntimeException | Error e) {
            failure = e;
            throw e;
        } finally {
            if (report) {
                finished(st.method, st.uri, st.status, System.nanoTime() - start, st.retries, st.redirects, bytes,
                        failure);
            }
        }
    }

    private void finished(String method, URI uri, int status, long nanos, int retries, int redirects, long bytes,
            Throwable failure) {
        Duration duration = Duration.ofNanos(nanos);
        if (LOG.isDebugEnabled()) {
            String outcome = failure == null ? String.valueOf(status) : failure.getClass().getSimpleName()
                    + (status > 0 ? " after status " + status : "");
            LOG.debug("{} {} -> {} in {} ms, {} retries, {} redirects, {} bytes", method, Redaction.uri(uri), outcome,
                    duration.toMillis(), retries, redirects, bytes);
        }
        if (listeners.isEmpty()) {
            return;
        }
        HttpCallEvent event = new HttpCallEvent(method, Redaction.uriObject(uri), status, duration, retries, redirects,
                bytes, failure);
        for (HttpListener listener : listeners) {
            try {
                listener.onCall(event);
            } catch (RuntimeException e) {
                LOG.warn("HTTP listener {} failed", listener, e);
            }
        }
    }

    private void follow(State st, int status, String location) {
        if (st.redirects >= limits.maxRedirects()) {
            throw new HttpRedirectException("more than " + limits.maxRedirects() + " redirects", st.method, st.uri);
        }
        URI target = RedirectRule.target(st.method, st.uri, location);
        String method = RedirectRule.methodAfter(status, st.method);
        if (!st.visited.add(method + " " + target)) {
            throw new HttpRedirectException("redirect loop back to " + Redaction.uri(target), st.method, st.uri);
        }
        if (!method.equals(st.method)) {
            st.body = null;
            st.headers.remove("Content-Type");
        }
        if (!RedirectRule.sameOrigin(st.origin, target)) {
            for (String name : Redaction.CREDENTIAL_HEADERS) {
                st.headers.remove(name);
            }
        }
        LOG.debug("{} {} redirected ({}) to {}", st.method, Redaction.uri(st.uri), status, Redaction.uri(target));
        st.method = method;
        st.uri = target;
        st.redirects++;
    }

    /** Pauses and returns true if another attempt is allowed; otherwise returns false at once. */
    private boolean mayRetry(State st, long deadline, Duration retryAfter) {
        if (st.retries + 1 >= retry.maxAttempts()) {
            return false;
        }
        Duration pause = backoff(st.retries + 1);
        if (retryAfter.compareTo(pause) > 0) {
            pause = retryAfter;
        }
        if (DurationRules.toNanosSaturated(pause) >= deadline - System.nanoTime()) {
            return false;
        }
        if (!budget.tryAcquire()) {
            LOG.debug("{} {}: retry budget exhausted, not retrying", st.method, Redaction.uri(st.uri));
            return false;
        }
        st.retries++;
        LOG.debug("{} {}: retry {} in {} ms", st.method, Redaction.uri(st.uri), st.retries, pause.toMillis());
        Weft.sleep(pause); // a core cancellation point: a cancelled task does not sleep through its backoff
        return true;
    }

    private Duration backoff(int retryNumber) {
        long initial = DurationRules.toNanosSaturated(retry.initialBackoff());
        long max = DurationRules.toNanosSaturated(retry.maxBackoff());
        long exp = initial << Math.min(30, retryNumber - 1);
        long cap = exp < 0 || exp > max ? max : exp;
        if (cap <= 1) {
            return Duration.ofNanos(Math.max(cap, 0));
        }
        long half = cap / 2;
        return Duration.ofNanos(half + ThreadLocalRandom.current().nextLong(cap - half + 1));
    }

    private Exchange open(State st, long deadline) throws StreamRefused {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            throw new HttpCallTimeoutException(st.method, st.uri, HttpPhase.TOTAL, timeouts.total(), null);
        }
        long permitWait = DurationRules.toNanosSaturated(timeouts.permit());
        Permits.Lease lease;
        try {
            // Core's Limiter: a cancellation point before and while waiting, by core's rule.
            lease = permits.acquire(st.uri, Duration.ofNanos(Math.min(permitWait, remaining)));
        } catch (TimeoutException e) {
            throw permitWait <= remaining
                    ? new HttpCallTimeoutException(st.method, st.uri, HttpPhase.PERMIT, timeouts.permit(), e)
                    : new HttpCallTimeoutException(st.method, st.uri, HttpPhase.TOTAL, timeouts.total(), e);
        }
        boolean handedOver = false;
        try {
            if (closed.getAsBoolean()) {
                throw new IllegalStateException("the HttpSession was closed while the call waited for a permit");
            }
            remaining = deadline - System.nanoTime();
            long headersWait = DurationRules.toNanosSaturated(timeouts.headers());
            if (remaining <= 0) {
                throw new HttpCallTimeoutException(st.method, st.uri, HttpPhase.TOTAL, timeouts.total(), null);
            }
            HttpRequest request = request(st, Duration.ofNanos(Math.min(headersWait, remaining)));
            if (LOG.isTraceEnabled()) {
                LOG.trace("{} {} request headers {}", st.method, Redaction.uri(st.uri), Redaction.headers(st.headers));
            }
            BodyChannel channel = new BodyChannel();
            HttpResponse<BodyChannel> response;
            try {
                response = client.send(request, info -> channel);
            } catch (InterruptedException e) {
                channel.cancel();
                throw Cancellations.interrupted("HTTP " + st.method + " " + Redaction.uri(st.uri), e);
            } catch (HttpConnectTimeoutException e) {
                throw new HttpCallTimeoutException(st.method, st.uri, HttpPhase.CONNECT, timeouts.connect(), e);
            } catch (HttpTimeoutException e) {
                throw headersWait <= remaining
                        ? new HttpCallTimeoutException(st.method, st.uri, HttpPhase.HEADERS, timeouts.headers(), e)
                        : new HttpCallTimeoutException(st.method, st.uri, HttpPhase.TOTAL, timeouts.total(), e);
            } catch (IOException e) {
                if (isConnectFailure(e)) {
                    throw new HttpConnectException(st.method, st.uri, e);
                }
                if (isStreamRefused(e)) {
                    throw new StreamRefused(e);
                }
                throw new HttpTransportException(st.method, st.uri, e);
            }
            if (LOG.isTraceEnabled()) {
                LOG.trace("{} {} response {} headers {}", st.method, Redaction.uri(st.uri), response.statusCode(),
                        Redaction.headers(response.headers()));
            }
            Exchange ex = new Exchange(st.method, st.uri, response.statusCode(), response.headers(), channel, lease,
                    deadline, timeouts, st.cap);
            handedOver = true;
            ex.checkDeclaredLength();
            return ex;
        } finally {
            if (!handedOver) {
                lease.close();
            }
        }
    }

    private HttpRequest request(State st, Duration headersTimeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(st.uri).timeout(headersTimeout);
        if ("http".equalsIgnoreCase(st.uri.getScheme())) {
            // No h2c upgrade dance on cleartext: almost no server speaks it, and it costs a round trip.
            b.version(HttpClient.Version.HTTP_1_1);
        }
        st.headers.forEach((name, values) -> values.forEach(v -> b.header(name, v)));
        b.method(st.method, st.body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(st.body));
        return b.build();
    }

    private static boolean isConnectFailure(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException
                    || t instanceof NoRouteToHostException || t instanceof UnresolvedAddressException
                    || t instanceof SSLHandshakeException) {
                return true;
            }
        }
        return false;
    }

    private static boolean isTlsFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof javax.net.ssl.SSLException) {
                return true;
            }
        }
        return false;
    }

    static boolean isStreamRefused(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && message.toLowerCase(Locale.ROOT).contains("too many concurrent streams")) {
                return true;
            }
        }
        return false;
    }
}
