package dev.weft.io.http.internal;

/**
 * Sends one request and returns the response head with its body still open, blocking the calling
 * thread (a virtual thread) for the exchange. Implementations: {@link ApacheTransport} (HTTP/1.1 on
 * Apache HttpClient 5 classic, the default) and {@link JdkTransport} ({@code java.net.http}, for
 * HTTP/2).
 *
 * <p>Thread-safe: one transport serves every call of a session.
 */
public interface Transport extends AutoCloseable {
    /**
     * Sends the request and waits for the response headers, within the request's connect and
     * headers timeouts.
     *
     * @param request the request
     * @return the response, whose body the caller must read to its end or abort
     * @throws TransportException if the exchange failed, with the kind of failure
     * @throws InterruptedException if the calling thread was interrupted; nothing is left open
     */
    TransportResponse send(TransportRequest request)
            throws TransportException, InterruptedException;

    /**
     * Idle connections kept for reuse, for tests; -1 if the transport cannot tell.
     *
     * @return the count
     */
    int idleConnections();

    /**
     * Connections in use by an exchange, for tests; -1 if the transport cannot tell.
     *
     * @return the count
     */
    int leasedConnections();

    /**
     * Closes every connection, aborting exchanges in flight (their callers see an I/O failure), and
     * stops the transport's threads, waiting for them a bounded time. Idempotent.
     *
     * @return whether the wait was interrupted (the interrupt status is then set again by the
     *     caller)
     */
    boolean shutdown();

    /** Same as {@link #shutdown()}, ignoring the result. */
    @Override
    default void close() {
        shutdown();
    }

    /**
     * Whether every thread of the transport has stopped (true for a transport without threads once
     * shut down).
     *
     * @return whether terminated
     */
    boolean isTerminated();
}
