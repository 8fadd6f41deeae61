package dev.weft.io.http;

import org.jspecify.annotations.Nullable;

import java.io.Serial;
import java.net.URI;

/**
 * Thrown when an open exchange breaks: the connection is reset or closed before the response
 * headers, the body is cut short, or the response is malformed.
 *
 * <p>Immutable and thread-safe.
 */
public final class HttpTransportException extends HttpException {
    @Serial private static final long serialVersionUID = 1L;

    HttpTransportException(String method, URI uri, @Nullable Throwable cause) {
        super("exchange failed: " + cause, method, uri, cause);
    }

    HttpTransportException(
            String method, URI uri, @Nullable String detail, @Nullable Throwable cause) {
        super("exchange failed: " + detail, method, uri, cause);
    }
}
