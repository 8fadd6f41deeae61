package dev.weft.io.http;

import java.io.Serial;
import java.net.URI;

/**
 * Thrown when a redirect is refused: more than {@link HttpLimits#maxRedirects()} hops, a loop, a
 * downgrade from {@code https} to {@code http}, a scheme other than http/https, or a 3xx response
 * without a usable {@code Location}.
 *
 * <p>Immutable and thread-safe.
 */
public final class HttpRedirectException extends HttpException {
    @Serial private static final long serialVersionUID = 1L;

    HttpRedirectException(String message, String method, URI uri) {
        super(message, method, uri, null);
    }
}
