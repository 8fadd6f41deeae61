package dev.weft.io.http;

import dev.weft.io.http.internal.Redaction;

import org.jspecify.annotations.Nullable;

import java.io.Serial;
import java.net.URI;
import java.util.Objects;

/**
 * Base of the unchecked exceptions that an {@link HttpSession} call throws when the exchange fails;
 * each subtype names one condition. Cancellation is not among them: a cancelled call throws {@link
 * dev.weft.CancelledException}.
 *
 * <p>Instances are immutable once thrown and safe to share between threads. {@link #method()} and
 * {@link #uri()} are never null; the URI has its user information removed.
 */
public abstract sealed class HttpException extends RuntimeException
        permits HttpStatusException,
                HttpConnectException,
                HttpCallTimeoutException,
                HttpTransportException,
                HttpBodyTooLargeException,
                HttpRedirectException,
                HttpJsonException {
    @Serial private static final long serialVersionUID = 1L;

    /** The request method. */
    private final String method;

    /** The request URI, without user information. */
    private final URI uri;

    HttpException(String message, String method, URI uri, @Nullable Throwable cause) {
        super(method + " " + Redaction.uri(uri) + ": " + message, cause);
        this.method = Objects.requireNonNull(method, "method");
        this.uri = Redaction.uriObject(Objects.requireNonNull(uri, "uri"));
    }

    /**
     * Returns the request method of the failed exchange, such as {@code "GET"}.
     *
     * @return the method
     */
    public String method() {
        return method;
    }

    /**
     * Returns the URI of the failed exchange (after redirects), without user information.
     *
     * @return the URI
     */
    public URI uri() {
        return uri;
    }
}
