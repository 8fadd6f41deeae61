package dev.weft.io.http;

import org.jspecify.annotations.Nullable;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * An open response whose body the caller reads as a stream, returned by {@link HttpCall#stream()}
 * for the rare caller who needs it (server-sent events, a parser that wants an {@code
 * InputStream}). It holds a connection and the session's permits until {@link #close()}: always use
 * try-with-resources.
 *
 * <p>The error status check has already happened (a status of 400 or more threw {@link
 * HttpStatusException}). Reads from {@link #body()} block on the network under the body idle and
 * total timeouts and the size cap, and throw the session's unchecked exceptions: {@link
 * HttpCallTimeoutException}, {@link HttpBodyTooLargeException}, {@link HttpTransportException}; an
 * interrupt while reading aborts the exchange and throws {@link dev.weft.CancelledException} by
 * core's rule (interrupt status left cleared in a Weft task, set again elsewhere).
 *
 * <p>Not thread-safe: one thread reads it; {@link #close()} may be called from the reading thread
 * only. No method returns null.
 */
public final class HttpStreamingResponse implements AutoCloseable {
    private final Exchange exchange;
    private final Consumer<Throwable> finish;
    private final InputStream body;
    private boolean closed;
    private @Nullable RuntimeException failure;

    HttpStreamingResponse(Exchange exchange, Consumer<Throwable> finish) {
        this.exchange = exchange;
        this.finish = finish;
        this.body = new BodyStream();
    }

    /**
     * Returns the response status (below 400).
     *
     * @return the status
     */
    public int status() {
        return exchange.status;
    }

    /**
     * Returns the URI that answered, after redirects.
     *
     * @return the URI
     */
    public URI uri() {
        return exchange.uri;
    }

    /**
     * Returns the response headers.
     *
     * @return the headers
     */
    public HttpHeaders headers() {
        return exchange.headers();
    }

    /**
     * Returns the body stream; the same instance on every call. Closing it closes this response.
     *
     * @return the body
     */
    public InputStream body() {
        return body;
    }

    /**
     * Aborts the transfer if the body was not read to its end, closes the connection in that case,
     * and returns the permits. Does not block. Idempotent.
     */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            exchange.close();
            finish.accept(failure);
        }
    }

    private final class BodyStream extends InputStream {
        private @Nullable ByteBuffer current;
        private boolean end;

        private boolean fill() {
            if (closed) {
                throw new IllegalStateException("the response is closed");
            }
            while (!end && (current == null || !current.hasRemaining())) {
                try {
                    current = exchange.next();
                } catch (RuntimeException e) {
                    failure = e;
                    throw e;
                }
                if (current == null) {
                    end = true;
                }
            }
            return !end;
        }

        @Override
        @SuppressWarnings(
                "NullAway") // fill() returned true: current holds a buffer with bytes left
        public int read() {
            return fill() ? current.get() & 0xff : -1;
        }

        @Override
        @SuppressWarnings(
                "NullAway") // fill() returned true: current holds a buffer with bytes left
        public int read(byte[] b, int off, int len) {
            Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int n = Math.min(len, current.remaining());
            current.get(b, off, n);
            return n;
        }

        @Override
        public int available() {
            return current == null ? 0 : current.remaining();
        }

        @Override
        public void close() {
            HttpStreamingResponse.this.close();
        }
    }
}
