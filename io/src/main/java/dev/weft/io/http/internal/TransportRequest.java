package dev.weft.io.http.internal;

import org.jspecify.annotations.Nullable;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * One attempt of a call as a transport sends it.
 *
 * @param method the request method
 * @param uri the absolute http(s) URI
 * @param headers the request headers, case-insensitive names (no {@code Host} or {@code
 *     Content-Length}: the transport sets them)
 * @param body the request body, or null for none
 * @param connectTimeoutNanos the longest wait for a new connection (TCP, proxy tunnel, TLS)
 * @param headersTimeoutNanos the longest wait from sending the request to the response headers
 */
public record TransportRequest(
        String method,
        URI uri,
        Map<String, List<String>> headers,
        @Nullable RequestBody body,
        long connectTimeoutNanos,
        long headersTimeoutNanos) {}
