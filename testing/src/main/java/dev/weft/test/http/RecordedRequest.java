package dev.weft.test.http;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A request as {@link JsonPlaceholderServer} received it, for tests that check what a client sent;
 * see {@link JsonPlaceholderServer#recordedRequests()}.
 *
 * <p>Immutable and thread-safe once the server has recorded it; no component is null.
 *
 * @param method the request method
 * @param path the decoded path
 * @param query the raw query, or an empty string
 * @param headers the headers, names in lower case
 */
public record RecordedRequest(
        String method, String path, String query, Map<String, List<String>> headers) {
    /**
     * Validates the request and freezes its headers.
     *
     * @throws NullPointerException if a component is null
     */
    public RecordedRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(query, "query");
        headers =
                Collections.unmodifiableSortedMap(
                        new TreeMap<>(Objects.requireNonNull(headers, "headers")));
    }
}
