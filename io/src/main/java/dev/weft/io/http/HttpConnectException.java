package dev.weft.io.http;

import java.io.Serial;
import java.net.URI;

/**
 * Thrown when the connection to the server cannot be opened (refused, unreachable, DNS failure,
 * TLS handshake failure), after retries. The request never reached the server. A connect that is
 * too slow throws {@link HttpCallTimeoutException} with phase {@link HttpPhase#CONNECT} instead.
 *
 * <p>Immutable and thread-safe.
 */
public final class HttpConnectException extends HttpException {
    @Serial
    private static final long serialVersionUID = 1L;

    HttpConnectException(String method, URI uri, Throwable cause) {
        super("cannot connect: " + cause, method, uri, cause);
    }
}
