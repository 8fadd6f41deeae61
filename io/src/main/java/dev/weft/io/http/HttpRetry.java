package dev.weft.io.http;

import dev.weft.internal.ArgumentRules;
import dev.weft.internal.DurationRules;

import java.time.Duration;

/**
 * Retry policy of an {@link HttpSession}.
 *
 * <p>A call is retried when the connection cannot be opened (refused or timed out; a failed TLS
 * handshake is not retried, since a bad certificate stays bad) or an HTTP/2 server refuses a new
 * stream ("too many concurrent streams"): the request never reached the server, so this is safe for
 * every method. It is also retried on status 429, 502, 503 and 504, but only for idempotent methods
 * (GET, HEAD, PUT, DELETE, OPTIONS, TRACE), for calls marked {@link HttpCall#idempotent()}, or for
 * every method when {@code retryNonIdempotent} is set.
 *
 * <p>The pause before retry {@code n} (from 1) is drawn uniformly from the upper half of {@code
 * min(maxBackoff, initialBackoff * 2^(n-1))} ("equal jitter"), or is the server's {@code
 * Retry-After} when that is longer. A pause that would pass the call's total timeout ends the
 * retries and the last failure is thrown.
 *
 * <p>{@code budget} bounds retries across the whole session, so a failing server is not hit with
 * {@code maxAttempts} times its normal load: each retry spends one token, each call that succeeds
 * without retrying returns a tenth of one, and a retry is skipped when no whole token is left (the
 * token bucket of gRPC's retry throttling).
 *
 * <p>Immutable and thread-safe; no component may be null.
 *
 * @param maxAttempts attempts per call, the first included; {@code 1} disables retries
 * @param initialBackoff the base pause before the first retry
 * @param maxBackoff the largest backoff pause (a longer {@code Retry-After} is still honoured
 *     within the total timeout)
 * @param budget the session's retry tokens, also the bucket's capacity
 * @param retryNonIdempotent whether POST, PATCH and other non-idempotent calls are retried on
 *     status
 */
public record HttpRetry(
        int maxAttempts,
        Duration initialBackoff,
        Duration maxBackoff,
        int budget,
        boolean retryNonIdempotent) {

    /**
     * Validates the policy.
     *
     * @throws NullPointerException if a duration is null
     * @throws IllegalArgumentException if {@code maxAttempts} is below 1, a duration is negative,
     *     {@code maxBackoff} is shorter than {@code initialBackoff}, or {@code budget} is negative
     */
    public HttpRetry {
        ArgumentRules.requirePositive(maxAttempts, "maxAttempts");
        DurationRules.requireNonNegative(initialBackoff, "initialBackoff");
        DurationRules.requireNonNegative(maxBackoff, "maxBackoff");
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException(
                    "maxBackoff "
                            + maxBackoff
                            + " is shorter than initialBackoff "
                            + initialBackoff);
        }
        ArgumentRules.requireNonNegative(budget, "budget");
    }

    /**
     * Returns the defaults: 3 attempts, backoff from 200 ms up to 10 s, a budget of 20 retries,
     * idempotent methods only. Three attempts ride out a restart or a brief overload without
     * multiplying load on a server that is really down; the budget stops a retry storm.
     *
     * @return the default policy
     */
    public static HttpRetry defaults() {
        return new HttpRetry(3, Duration.ofMillis(200), Duration.ofSeconds(10), 20, false);
    }

    /**
     * Returns a policy that never retries.
     *
     * @return a policy with one attempt
     */
    public static HttpRetry none() {
        return new HttpRetry(1, Duration.ZERO, Duration.ZERO, 0, false);
    }

    /**
     * Returns a copy with another number of attempts.
     *
     * @param value attempts per call, the first included
     * @return the copy
     * @throws IllegalArgumentException if {@code value} is below 1
     */
    public HttpRetry withMaxAttempts(int value) {
        return new HttpRetry(value, initialBackoff, maxBackoff, budget, retryNonIdempotent);
    }

    /**
     * Returns a copy with other backoff bounds. Zero is allowed: no pause.
     *
     * @param initialBackoff the base pause before the first retry
     * @param maxBackoff the largest backoff pause
     * @return the copy
     * @throws NullPointerException if {@code initialBackoff} or {@code maxBackoff} is null
     * @throws IllegalArgumentException if a pause is negative or {@code maxBackoff} is shorter than
     *     {@code initialBackoff}
     */
    public HttpRetry withBackoff(Duration initialBackoff, Duration maxBackoff) {
        return new HttpRetry(maxAttempts, initialBackoff, maxBackoff, budget, retryNonIdempotent);
    }

    /**
     * Returns a copy with another session-wide retry budget.
     *
     * @param value the number of retry tokens
     * @return the copy
     * @throws IllegalArgumentException if {@code value} is negative
     */
    public HttpRetry withBudget(int value) {
        return new HttpRetry(maxAttempts, initialBackoff, maxBackoff, value, retryNonIdempotent);
    }

    /**
     * Returns a copy that also retries non-idempotent methods on retryable statuses.
     *
     * @param value whether to retry them
     * @return the copy
     */
    public HttpRetry withRetryNonIdempotent(boolean value) {
        return new HttpRetry(maxAttempts, initialBackoff, maxBackoff, budget, value);
    }
}
