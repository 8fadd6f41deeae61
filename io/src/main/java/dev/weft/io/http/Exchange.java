package dev.weft.io.http;

import dev.weft.internal.Cancellations;
import dev.weft.internal.DurationRules;
import dev.weft.io.http.internal.BodySource;
import dev.weft.io.http.internal.Permits;
import dev.weft.io.http.internal.Redaction;
import dev.weft.io.http.internal.ResponseHeaders;

import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeoutException;

/**
 * One open response: status, headers and a body read on the caller's thread under the call's
 * timeouts and size cap, holding the call's permits until {@link #close()}. Used by one thread at a
 * time.
 */
final class Exchange implements AutoCloseable {
    final String method;
    final URI uri;
    final int status;
    private final ResponseHeaders head;
    private final BodySource body;
    private final Permits.Lease lease;
    private final long deadlineNanos;
    private final HttpTimeouts timeouts;
    private final long cap;
    private long received;
    private boolean closed;

    Exchange(
            String method,
            URI uri,
            int status,
            ResponseHeaders head,
            BodySource body,
            Permits.Lease lease,
            long deadlineNanos,
            HttpTimeouts timeouts,
            long cap) {
        this.method = method;
        this.uri = uri;
        this.status = status;
        this.head = head;
        this.body = body;
        this.lease = lease;
        this.deadlineNanos = deadlineNanos;
        this.timeouts = timeouts;
        this.cap = cap;
    }

    /** The response headers (built on first use). */
    HttpHeaders headers() {
        return head.all();
    }

    /** The first value of a header, or null. */
    @Nullable String header(String name) {
        return head.first(name);
    }

    /** The declared body length, or -1 when unknown or malformed. */
    long contentLength() {
        String value = head.first("content-length");
        if (value == null) {
            return -1;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Fails at once, before reading, when {@code Content-Length} announces more than the cap. */
    void checkDeclaredLength() {
        boolean bodiless = method.equals("HEAD") || status == 204 || status == 304;
        if (!bodiless && contentLength() > cap) {
            close();
            throw new HttpBodyTooLargeException(method, uri, cap);
        }
    }

    long received() {
        return received;
    }

    /**
     * Returns the next chunk of the body, or {@code null} at its end. On any failure the exchange
     * is closed (connection aborted, permits returned) before the exception leaves.
     */
    @Nullable ByteBuffer next() {
        if (closed) {
            throw new IllegalStateException("the response is closed");
        }
        long remaining = DurationRules.remaining(deadlineNanos);
        long idle = DurationRules.toNanosSaturated(timeouts.bodyIdle());
        try {
            ByteBuffer buffer = body.next(Math.min(idle, remaining));
            if (buffer == null) {
                return null;
            }
            received += buffer.remaining();
            if (received > cap) {
                close();
                throw new HttpBodyTooLargeException(method, uri, cap);
            }
            return buffer;
        } catch (TimeoutException e) {
            close();
            throw idle <= remaining
                    ? new HttpCallTimeoutException(
                            method, uri, HttpPhase.BODY_IDLE, timeouts.bodyIdle(), e)
                    : new HttpCallTimeoutException(
                            method, uri, HttpPhase.TOTAL, timeouts.total(), e);
        } catch (InterruptedException e) {
            close();
            throw Cancellations.interrupted("HTTP " + method + " " + Redaction.uri(uri), e);
        } catch (IOException e) {
            close();
            throw new HttpTransportException(method, uri, e);
        }
    }

    /** Reads the whole body (within the cap) and closes. */
    byte[] readAll() {
        try (Exchange self = this) {
            long length = contentLength();
            byte[] buf =
                    new byte[length >= 0 && length <= cap ? (int) Math.min(length, 1 << 20) : 8192];
            int n = 0;
            for (ByteBuffer b = self.next(); b != null; b = self.next()) {
                int r = b.remaining();
                if (n + r > buf.length) {
                    buf =
                            java.util.Arrays.copyOf(
                                    buf,
                                    (int)
                                            Math.min(
                                                    Integer.MAX_VALUE - 8,
                                                    Math.max(2L * buf.length, (long) n + r)));
                }
                b.get(buf, n, r);
                n += r;
            }
            return n == buf.length ? buf : java.util.Arrays.copyOf(buf, n);
        }
    }

    /**
     * Reads up to {@code max} bytes for an error message, then closes. A failure while reading
     * (other than cancellation) just ends the prefix.
     */
    String prefix(int max) {
        byte[] out = new byte[max];
        int n = 0;
        try {
            while (n < max) {
                ByteBuffer b = next();
                if (b == null) {
                    break;
                }
                int take = Math.min(b.remaining(), max - n);
                b.get(out, n, take);
                n += take;
            }
        } catch (HttpException e) {
            // The status is what the caller needs; a broken error body only shortens the prefix.
        } finally {
            close();
        }
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }

    /**
     * Reads and drops up to {@code max} bytes so that a small body (a redirect, a retried error)
     * leaves the connection reusable, then closes. Failures other than cancellation are ignored.
     */
    void drain(long max) {
        try {
            long dropped = 0;
            ByteBuffer b;
            while (dropped <= max && (b = next()) != null) {
                dropped += b.remaining();
            }
        } catch (HttpException e) {
            // Nothing to keep: the exchange is closed either way.
        } finally {
            close();
        }
    }

    /** Aborts the transfer unless it completed, and returns the permits. Idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            body.abort();
            lease.close();
        }
    }
}
