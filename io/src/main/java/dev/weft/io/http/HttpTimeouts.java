package dev.weft.io.http;

import dev.weft.internal.DurationRules;

import java.time.Duration;

/**
 * Timeouts of an {@link HttpSession}, one per phase of a call. A call fails with {@link
 * HttpCallTimeoutException} naming the phase whose limit was reached first; the total limit also
 * caps every other phase.
 *
 * <p>Immutable and thread-safe; no component may be null, and every duration must be positive.
 *
 * @param connect limit for opening a connection (TCP and TLS handshake)
 * @param permit limit for waiting for a concurrency permit (total and per host)
 * @param headers limit from sending the request to receiving the response headers
 * @param bodyIdle limit for the silence between two chunks of the response body
 * @param total limit for the whole call, including retries, backoff, redirects and the body
 */
public record HttpTimeouts(
        Duration connect, Duration permit, Duration headers, Duration bodyIdle, Duration total) {

    /**
     * Validates the timeouts.
     *
     * @throws NullPointerException if a component is null
     * @throws IllegalArgumentException if a component is zero or negative
     */
    public HttpTimeouts {
        DurationRules.requirePositive(connect, "connect");
        DurationRules.requirePositive(permit, "permit");
        DurationRules.requirePositive(headers, "headers");
        DurationRules.requirePositive(bodyIdle, "bodyIdle");
        DurationRules.requirePositive(total, "total");
    }

    /**
     * Returns the defaults: connect 10 s, permit 60 s, headers 30 s, body idle 30 s, total 5 min. A
     * dead host fails fast; a busy session queues for a while; a slow but live download may run for
     * minutes, as aiohttp's 5-minute total allows.
     *
     * @return the default timeouts
     */
    public static HttpTimeouts defaults() {
        return new HttpTimeouts(
                Duration.ofSeconds(10),
                Duration.ofSeconds(60),
                Duration.ofSeconds(30),
                Duration.ofSeconds(30),
                Duration.ofMinutes(5));
    }

    /**
     * Returns a copy with another connect timeout.
     *
     * @param connect the new limit
     * @return the copy
     * @throws NullPointerException if {@code connect} is null
     * @throws IllegalArgumentException if {@code connect} is zero or negative
     */
    public HttpTimeouts withConnect(Duration connect) {
        return new HttpTimeouts(
                DurationRules.requirePositive(connect, "connect"),
                permit,
                headers,
                bodyIdle,
                total);
    }

    /**
     * Returns a copy with another permit-wait timeout.
     *
     * @param permit the new limit
     * @return the copy
     * @throws NullPointerException if {@code permit} is null
     * @throws IllegalArgumentException if {@code permit} is zero or negative
     */
    public HttpTimeouts withPermit(Duration permit) {
        return new HttpTimeouts(
                connect, DurationRules.requirePositive(permit, "permit"), headers, bodyIdle, total);
    }

    /**
     * Returns a copy with another response-headers timeout.
     *
     * @param headers the new limit
     * @return the copy
     * @throws NullPointerException if {@code headers} is null
     * @throws IllegalArgumentException if {@code headers} is zero or negative
     */
    public HttpTimeouts withHeaders(Duration headers) {
        return new HttpTimeouts(
                connect,
                permit,
                DurationRules.requirePositive(headers, "headers"),
                bodyIdle,
                total);
    }

    /**
     * Returns a copy with another body idle timeout.
     *
     * @param bodyIdle the new limit
     * @return the copy
     * @throws NullPointerException if {@code bodyIdle} is null
     * @throws IllegalArgumentException if {@code bodyIdle} is zero or negative
     */
    public HttpTimeouts withBodyIdle(Duration bodyIdle) {
        return new HttpTimeouts(
                connect,
                permit,
                headers,
                DurationRules.requirePositive(bodyIdle, "bodyIdle"),
                total);
    }

    /**
     * Returns a copy with another total timeout.
     *
     * @param total the new limit
     * @return the copy
     * @throws NullPointerException if {@code total} is null
     * @throws IllegalArgumentException if {@code total} is zero or negative
     */
    public HttpTimeouts withTotal(Duration total) {
        return new HttpTimeouts(
                connect, permit, headers, bodyIdle, DurationRules.requirePositive(total, "total"));
    }
}
