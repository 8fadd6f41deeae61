package dev.weft.io.http;

import org.jspecify.annotations.Nullable;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * What an {@link HttpListener} learns about one finished call, for metrics.
 *
 * <p>Immutable and thread-safe. Every component is non-null except {@code failure}, which is null
 * when the call succeeded.
 *
 * @param method the request method, after redirects (a 303 turns POST into GET)
 * @param uri the last URI requested, without user information
 * @param status the last response status, or {@code 0} when no response arrived
 * @param duration the time from the call's start to its end, permits and retries included
 * @param retries how many times the call was retried
 * @param redirects how many redirects were followed
 * @param responseBytes body bytes read by the caller
 * @param failure the exception the call threw, or null
 */
public record HttpCallEvent(
        String method,
        URI uri,
        int status,
        Duration duration,
        int retries,
        int redirects,
        long responseBytes,
        @Nullable Throwable failure) {

    /**
     * Validates the event.
     *
     * @throws NullPointerException if {@code method}, {@code uri} or {@code duration} is null
     */
    public HttpCallEvent {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(duration, "duration");
    }

    /**
     * Whether the call returned normally.
     *
     * @return {@code true} if {@code failure} is null
     */
    public boolean succeeded() {
        return failure == null;
    }
}
