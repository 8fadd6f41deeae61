package dev.weft.io.http;

import java.io.Serial;
import java.net.URI;
import java.net.http.HttpHeaders;

/**
 * Thrown by the terminal calls of {@link HttpCall} when the server answers with an error status
 * (400 or above), after retries if the status was retryable.
 *
 * <p>Immutable and thread-safe; no accessor returns null.
 */
public final class HttpStatusException extends HttpException {
    @Serial private static final long serialVersionUID = 1L;

    /** The response status. */
    private final int status;

    private final transient HttpHeaders headers;

    /** The start of the body. */
    private final String bodyPrefix;

    HttpStatusException(
            String method, URI uri, int status, HttpHeaders headers, String bodyPrefix) {
        super(
                "status " + status + (bodyPrefix.isEmpty() ? "" : ", body starts: " + bodyPrefix),
                method,
                uri,
                null);
        this.status = status;
        this.headers = headers;
        this.bodyPrefix = bodyPrefix;
    }

    /**
     * Returns the response status, such as {@code 404}.
     *
     * @return the status
     */
    public int status() {
        return status;
    }

    /**
     * Returns the response headers.
     *
     * @return the headers
     */
    public HttpHeaders headers() {
        return headers;
    }

    /**
     * Returns the first bytes of the response body (up to 1 KiB) decoded as UTF-8, to show what the
     * server said; empty when the body was empty.
     *
     * @return the start of the body
     */
    public String bodyPrefix() {
        return bodyPrefix;
    }
}
