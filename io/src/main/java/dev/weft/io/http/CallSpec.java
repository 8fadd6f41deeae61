package dev.weft.io.http;

import dev.weft.io.http.internal.RequestBody;

import org.jspecify.annotations.Nullable;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * Everything one call needs, frozen when a terminal method of {@link HttpCall} runs.
 *
 * @param headers merged default and call headers, case-insensitive keys; a fresh map the engine may
 *     change (redirects drop credentials from it)
 * @param body the request body, or null for none
 */
record CallSpec(
        String method,
        URI uri,
        Map<String, List<String>> headers,
        @Nullable RequestBody body,
        boolean markedIdempotent,
        long maxResponseBytes) {}
