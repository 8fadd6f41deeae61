package dev.weft.io.http;

import dev.weft.internal.ArgumentRules;

/**
 * Resource limits of an {@link HttpSession}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param maxConcurrent most calls of the session exchanging with any server at once; further calls
 *     wait for a permit (fair, first come first served)
 * @param maxPerHost most calls exchanging with one host and port at once; on HTTP/1.1 this is also
 *     the most connections the session opens to that host
 * @param maxResponseBytes largest response body read by a call; a larger body fails the call with
 *     {@link HttpBodyTooLargeException}
 * @param maxRedirects most redirects followed by one call; {@code 0} follows none and returns the
 *     3xx response to the caller
 */
public record HttpLimits(
        int maxConcurrent, int maxPerHost, long maxResponseBytes, int maxRedirects) {

    /**
     * Validates the limits.
     *
     * @throws IllegalArgumentException if {@code maxConcurrent} or {@code maxPerHost} is below 1,
     *     or {@code maxResponseBytes} or {@code maxRedirects} is negative
     */
    public HttpLimits {
        ArgumentRules.requirePositive(maxConcurrent, "maxConcurrent");
        ArgumentRules.requirePositive(maxPerHost, "maxPerHost");
        ArgumentRules.requireNonNegative(maxResponseBytes, "maxResponseBytes");
        ArgumentRules.requireNonNegative(maxRedirects, "maxRedirects");
    }

    /**
     * Returns the defaults: 100 concurrent calls (aiohttp's connector limit), 10 per host (a
     * browser allows 6; a little more suits API clients without flooding one server), a 32 MiB
     * response cap (large for an API reply, small enough that 100 concurrent ones fit in memory;
     * raise it per call for downloads), and 10 redirects (aiohttp's and curl's usual bound).
     *
     * @return the default limits
     */
    public static HttpLimits defaults() {
        return new HttpLimits(100, 10, 32L * 1024 * 1024, 10);
    }

    /**
     * Returns a copy with another total concurrency limit.
     *
     * @param value the new limit
     * @return the copy
     * @throws IllegalArgumentException if {@code value} is below 1
     */
    public HttpLimits withMaxConcurrent(int value) {
        return new HttpLimits(value, maxPerHost, maxResponseBytes, maxRedirects);
    }

    /**
     * Returns a copy with another per-host concurrency limit.
     *
     * @param value the new limit
     * @return the copy
     * @throws IllegalArgumentException if {@code value} is below 1
     */
    public HttpLimits withMaxPerHost(int value) {
        return new HttpLimits(maxConcurrent, value, maxResponseBytes, maxRedirects);
    }

    /**
     * Returns a copy with another response size cap.
     *
     * @param value the new cap in bytes
     * @return the copy
     * @throws IllegalArgumentException if {@code value} is negative
     */
    public HttpLimits withMaxResponseBytes(long value) {
        return new HttpLimits(maxConcurrent, maxPerHost, value, maxRedirects);
    }

    /**
     * Returns a copy with another redirect limit.
     *
     * @param value the new limit; {@code 0} disables following redirects
     * @return the copy
     * @throws IllegalArgumentException if {@code value} is negative
     */
    public HttpLimits withMaxRedirects(int value) {
        return new HttpLimits(maxConcurrent, maxPerHost, maxResponseBytes, value);
    }
}
