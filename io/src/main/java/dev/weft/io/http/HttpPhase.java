package dev.weft.io.http;

/**
 * The phase of an HTTP call that a timeout applies to; carried by {@link HttpCallTimeoutException}
 * so that the caller knows what was slow.
 */
public enum HttpPhase {
    /** Opening the TCP (and TLS) connection. */
    CONNECT,
    /** Waiting for a permit of the session's total or per-host concurrency limit. */
    PERMIT,
    /** Waiting for the response status line and headers once the request is sent. */
    HEADERS,
    /** Waiting for the next chunk of the response body (idle time between chunks). */
    BODY_IDLE,
    /** The whole call: permits, every attempt and redirect, backoff pauses and the body. */
    TOTAL
}
