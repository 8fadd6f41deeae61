package dev.weft.io.http;

import dev.weft.Weft;
import dev.weft.internal.Cancellations;
import dev.weft.internal.DurationRules;
import dev.weft.io.http.internal.Permits;
import dev.weft.io.http.internal.Redaction;
import dev.weft.io.http.internal.RequestBody;
import dev.weft.io.http.internal.RetryAfter;
import dev.weft.io.http.internal.RetryBudget;
import dev.weft.io.http.internal.Transport;
import dev.weft.io.http.internal.TransportException;
import dev.weft.io.http.internal.TransportRequest;
import dev.weft.io.http.internal.TransportResponse;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.CookieHandler;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Runs calls for an {@link HttpSession}: permits, the blocking send on the caller's thread,
 * redirects, status checks, retries with backoff, and the per-call log line and listener event.
 *
 * <p>The loop of one call: take a host and a session permit; send and wait for the headers; on a
 * redirect drain the small body, apply the redirect rules and loop; on an error status read the
 * first bytes for the exception, and either retry (after releasing the permits and pausing) or
 * throw; otherwise hand the open exchange to the terminal, which reads, caps and releases it. Every
 * wait is bounded by its phase's timeout and by the call's total deadline.
 */
final class HttpEngine {
    private static final Logger LOG = LoggerFactory.getLogger(HttpSession.class);
    private static final Set<Integer> RETRYABLE_STATUS = Set.of(429, 502, 503, 504);
    private static final Set<String> IDEMPOTENT =
            Set.of("GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE");
    private static final int PREFIX_BYTES = 1024;
    private static final long DRAIN_BYTES = 64 * 1024;

    /** Consumes the open exchange of a successful call. */
    interface Terminal<T> {
        /**
         * Consumes the exchange; {@code finish} reports the call (log, listeners) with the failure
         * that ended it, or null, and is called by a terminal that keeps the exchange open, when it
         * is closed.
         */
        T consume(Exchange exchange, Consumer<Throwable> finish);

        /** Whether the result keeps the exchange open (a streaming response closes it itself). */
        default boolean keepsOpen() {
            return false;
        }
    }

    private final Transport transport;
    private final @Nullable CookieHandler cookies;
    private final Permits permits;
    private final HttpTimeouts timeouts;
    private final HttpLimits limits;
    private final HttpRetry retry;
    private final RetryBudget budget;
    private final List<HttpListener> listeners;
    private final BooleanSupplier closed;

    HttpEngine(
            Transport transport,
            HttpTimeouts timeouts,
            HttpLimits limits,
            HttpRetry retry,
            List<HttpListener> listeners,
            @Nullable CookieHandler cookies,
            BooleanSupplier closed) {
        this.transport = transport;
        this.cookies = cookies;
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

    Transport transport() {
        return transport;
    }

    /** Mutable state of one call across attempts and redirects. */
    private static final class State {
        final URI origin;
        String method;
        URI uri;
        @Nullable RequestBody body;
        final @Nullable RequestBody originalBody;
        final Map<String, List<String>> headers;
        final boolean markedIdempotent;
        final long cap;
        int retries;
        int redirects;
        int status;

        /** Method and URI of every hop, made on the first redirect (most calls have none). */
        @Nullable Set<String> visited;

        State(CallSpec spec) {
            origin = spec.uri();
            method = spec.method();
            uri = spec.uri();
            body = spec.body();
            originalBody = body;
            headers = spec.headers(); // a fresh case-insensitive map of this call's own
            markedIdempotent = spec.markedIdempotent();
            cap = spec.maxResponseBytes();
        }
    }

    /**
     * The request never reached the server (HTTP/2 stream refused); safe to retry for any method.
     */
    private static final class StreamRefused extends Exception {
        private static final long serialVersionUID = 1L;
        final transient TransportException cause;

        StreamRefused(TransportException cause) {
            super(cause);
            this.cause = cause;
        }
    }

    <T> T execute(CallSpec spec, Terminal<T> terminal) {
        long start = DurationRules.now(); // Weft's clock: virtual in a virtual-time test
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
                    if (e.reason() != HttpConnectException.Reason.TLS
                            && replayable(st)
                            && mayRetry(st, deadline, Duration.ZERO)) {
                        continue;
                    }
                    throw e;
                } catch (HttpCallTimeoutException e) {
                    // A connect that timed out never sent the request either.
                    if (e.phase() == HttpPhase.CONNECT
                            && replayable(st)
                            && mayRetry(st, deadline, Duration.ZERO)) {
                        continue;
                    }
                    throw e;
                } catch (StreamRefused e) {
                    if (replayable(st) && mayRetry(st, deadline, Duration.ZERO)) {
                        continue;
                    }
                    throw new HttpTransportException(
                            st.method, st.uri, e.cause.getMessage(), e.cause.io());
                }
                st.status = ex.status;
                if (RedirectRule.isRedirect(ex.status) && limits.maxRedirects() > 0) {
                    String location = ex.header("location");
                    ex.drain(DRAIN_BYTES);
                    follow(st, ex.status, location);
                    continue;
                }
                if (ex.status >= 400) {
                    HttpHeaders headers = ex.headers();
                    String prefix = ex.prefix(PREFIX_BYTES);
                    HttpStatusException error =
                            new HttpStatusException(st.method, st.uri, ex.status, headers, prefix);
                    if (RETRYABLE_STATUS.contains(ex.status)
                            && (st.markedIdempotent
                                    || retry.retryNonIdempotent()
                                    || IDEMPOTENT.contains(st.method))
                            && replayable(st)
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
                    Consumer<Throwable> finish =
                            error ->
                                    finished(
                                            method,
                                            uri,
                                            ex.status,
                                            DurationRules.now() - start,
                                            retries,
                                            redirects,
                                            ex.received(),
                                            error);
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
            if (st.originalBody != null) {
                st.originalBody.release();
            }
            if (report) {
                finished(
                        st.method,
                        st.uri,
                        st.status,
                        DurationRules.now() - start,
                        st.retries,
                        st.redirects,
                        bytes,
                        failure);
            }
        }
    }

    private void finished(
            String method,
            URI uri,
            int status,
            long nanos,
            int retries,
            int redirects,
            long bytes,
            @Nullable Throwable failure) {
        Duration duration = Duration.ofNanos(nanos);
        if (LOG.isDebugEnabled()) {
            String outcome =
                    failure == null
                            ? String.valueOf(status)
                            : failure.getClass().getSimpleName()
                                    + (status > 0 ? " after status " + status : "");
            LOG.debug(
                    "{} {} -> {} in {} ms, {} retries, {} redirects, {} bytes",
                    method,
                    Redaction.uri(uri),
                    outcome,
                    duration.toMillis(),
                    retries,
                    redirects,
                    bytes);
        }
        if (listeners.isEmpty()) {
            return;
        }
        HttpCallEvent event =
                new HttpCallEvent(
                        method,
                        Redaction.uriObject(uri),
                        status,
                        duration,
                        retries,
                        redirects,
                        bytes,
                        failure);
        for (HttpListener listener : listeners) {
            try {
                listener.onCall(event);
            } catch (RuntimeException e) {
                LOG.warn("HTTP listener {} failed", listener, e);
            }
        }
    }

    private void follow(State st, int status, @Nullable String location) {
        if (st.redirects >= limits.maxRedirects()) {
            throw new HttpRedirectException(
                    "more than " + limits.maxRedirects() + " redirects", st.method, st.uri);
        }
        URI target = RedirectRule.target(st.method, st.uri, location);
        String method = RedirectRule.methodAfter(status, st.method);
        if (st.visited == null) {
            st.visited = new HashSet<>();
            st.visited.add(st.method + " " + st.uri);
        }
        if (!st.visited.add(method + " " + target)) {
            throw new HttpRedirectException(
                    "redirect loop back to " + Redaction.uri(target), st.method, st.uri);
        }
        if (!method.equals(st.method)) {
            st.body = null;
            st.headers.remove("Content-Type");
        } else if (st.body != null && !st.body.replayable()) {
            throw new HttpRedirectException(
                    "cannot resend the streamed request body to "
                            + Redaction.uri(target)
                            + " ("
                            + status
                            + " keeps the method and body; a stream can be read once)",
                    st.method,
                    st.uri);
        }
        if (!RedirectRule.sameOrigin(st.origin, target)) {
            for (String name : Redaction.CREDENTIAL_HEADERS) {
                st.headers.remove(name);
            }
        }
        LOG.debug(
                "{} {} redirected ({}) to {}",
                st.method,
                Redaction.uri(st.uri),
                status,
                Redaction.uri(target));
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
        if (DurationRules.toNanosSaturated(pause) >= DurationRules.remaining(deadline)) {
            return false;
        }
        if (!budget.tryAcquire()) {
            LOG.debug(
                    "{} {}: retry budget exhausted, not retrying",
                    st.method,
                    Redaction.uri(st.uri));
            return false;
        }
        st.retries++;
        LOG.debug(
                "{} {}: retry {} in {} ms",
                st.method,
                Redaction.uri(st.uri),
                st.retries,
                pause.toMillis());
        Weft.sleep(pause); // a core cancellation point: a cancelled task does not sleep through its
        // backoff
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
        long remaining = DurationRules.remaining(deadline);
        if (remaining <= 0) {
            throw new HttpCallTimeoutException(
                    st.method, st.uri, HttpPhase.TOTAL, timeouts.total(), null);
        }
        long permitWait = DurationRules.toNanosSaturated(timeouts.permit());
        Permits.Lease lease;
        try {
            // Core's Limiter: a cancellation point before and while waiting, by core's rule.
            lease = permits.acquire(st.uri, Duration.ofNanos(Math.min(permitWait, remaining)));
        } catch (TimeoutException e) {
            throw permitWait <= remaining
                    ? new HttpCallTimeoutException(
                            st.method, st.uri, HttpPhase.PERMIT, timeouts.permit(), e)
                    : new HttpCallTimeoutException(
                            st.method, st.uri, HttpPhase.TOTAL, timeouts.total(), e);
        }
        boolean handedOver = false;
        try {
            if (closed.getAsBoolean()) {
                throw new IllegalStateException(
                        "the HttpSession was closed while the call waited for a permit");
            }
            remaining = DurationRules.remaining(deadline);
            long headersWait = DurationRules.toNanosSaturated(timeouts.headers());
            if (remaining <= 0) {
                throw new HttpCallTimeoutException(
                        st.method, st.uri, HttpPhase.TOTAL, timeouts.total(), null);
            }
            long connectWait =
                    Math.min(DurationRules.toNanosSaturated(timeouts.connect()), remaining);
            TransportRequest request =
                    new TransportRequest(
                            st.method,
                            st.uri,
                            requestHeaders(st),
                            st.body,
                            connectWait,
                            Math.min(headersWait, remaining));
            if (LOG.isTraceEnabled()) {
                LOG.trace(
                        "{} {} request headers {}",
                        st.method,
                        Redaction.uri(st.uri),
                        Redaction.headers(st.headers));
            }
            TransportResponse response;
            try {
                response = transport.send(request);
            } catch (InterruptedException e) {
                throw Cancellations.interrupted(
                        "HTTP " + st.method + " " + Redaction.uri(st.uri), e);
            } catch (TransportException e) {
                throw failure(st, e, connectWait, headersWait <= remaining);
            }
            if (LOG.isTraceEnabled()) {
                LOG.trace(
                        "{} {} response {} headers {}",
                        st.method,
                        Redaction.uri(st.uri),
                        response.status(),
                        Redaction.headers(response.headers().all()));
            }
            Exchange ex =
                    new Exchange(
                            st.method,
                            st.uri,
                            response.status(),
                            response.headers(),
                            response.body(),
                            lease,
                            deadline,
                            timeouts,
                            st.cap);
            handedOver = true;
            storeCookies(st.uri, ex);
            ex.checkDeclaredLength();
            return ex;
        } finally {
            if (!handedOver) {
                lease.close();
            }
        }
    }

    /** The exception for a failed attempt, naming why and how many attempts were made. */
    private RuntimeException failure(
            State st, TransportException e, long connectWait, boolean headersPhase)
            throws StreamRefused {
        int attempts = st.retries + 1;
        return switch (e.kind()) {
            case CONNECT_TIMEOUT -> {
                boolean total = connectWait < DurationRules.toNanosSaturated(timeouts.connect());
                yield new HttpCallTimeoutException(
                        st.method,
                        st.uri,
                        total ? HttpPhase.TOTAL : HttpPhase.CONNECT,
                        total ? timeouts.total() : timeouts.connect(),
                        attempts,
                        e.io());
            }
            case HEADERS_TIMEOUT ->
                    headersPhase
                            ? new HttpCallTimeoutException(
                                    st.method,
                                    st.uri,
                                    HttpPhase.HEADERS,
                                    timeouts.headers(),
                                    0,
                                    e.io())
                            : new HttpCallTimeoutException(
                                    st.method,
                                    st.uri,
                                    HttpPhase.TOTAL,
                                    timeouts.total(),
                                    0,
                                    e.io());
            case STREAM_REFUSED -> throw new StreamRefused(e);
            case BROKEN -> new HttpTransportException(st.method, st.uri, e.getMessage(), e.io());
            default ->
                    new HttpConnectException(
                            st.method,
                            st.uri,
                            HttpConnectException.Reason.of(e.kind()),
                            e.getMessage(),
                            attempts,
                            e.io());
        };
    }

    /** Whether the call's body (if any) can be sent again. */
    private static boolean replayable(State st) {
        return st.body == null || st.body.replayable();
    }

    /** The attempt's headers: the call's, plus the cookie jar's for this URI. */
    private Map<String, List<String>> requestHeaders(State st) {
        if (cookies == null) {
            return st.headers;
        }
        Map<String, List<String>> jar;
        try {
            jar = cookies.get(st.uri, st.headers);
        } catch (IOException e) {
            LOG.warn("cookie jar failed to give cookies for {}", Redaction.uri(st.uri), e);
            return st.headers;
        }
        List<String> found = jar.getOrDefault("Cookie", List.of());
        if (found.isEmpty()) {
            return st.headers;
        }
        Map<String, List<String>> merged = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        merged.putAll(st.headers);
        List<String> values = new ArrayList<>(merged.getOrDefault("Cookie", List.of()));
        values.addAll(found);
        merged.put("Cookie", List.of(String.join("; ", values)));
        return merged;
    }

    private void storeCookies(URI uri, Exchange ex) {
        if (cookies == null || ex.header("set-cookie") == null) {
            return;
        }
        try {
            cookies.put(uri, ex.headers().map());
        } catch (IOException | RuntimeException e) {
            ex.close();
            throw new HttpTransportException(
                    ex.method, uri, "the cookie jar refused the response's cookies", e);
        }
    }
}
