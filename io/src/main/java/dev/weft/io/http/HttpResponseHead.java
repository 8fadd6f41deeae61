package dev.weft.io.http;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.Objects;

/**
 * The status line and headers of a response, returned by {@link HttpCall#discard()} (the natural
 * terminal for HEAD).
 *
 * <p>Immutable and thread-safe; no component is null.
 *
 * @param status the response status
 * @param uri the URI that answered, after redirects
 * @param headers the response headers
 */
public record HttpResponseHead(int status, URI uri, HttpHeaders headers) {
    /**
     * Validates the head.
     *
     * @throws NullPointerException if {@code uri} or {@code headers} is null
     */
    public HttpResponseHead {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(headers, "headers");
    }
}
