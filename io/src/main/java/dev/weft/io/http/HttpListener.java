package dev.weft.io.http;

/**
 * Receives one {@link HttpCallEvent} per finished call of an {@link HttpSession}, for metrics
 * (counters, latency histograms). For a streaming response the call finishes when the response is
 * closed.
 *
 * <p>Called on the calling thread after the call completes, so it must be quick and must not block;
 * it must be thread-safe, since calls run concurrently. An exception it throws is logged and
 * otherwise ignored.
 */
@FunctionalInterface
public interface HttpListener {
    /**
     * Called once when a call has finished, successfully or not.
     *
     * @param event what happened; never null
     */
    void onCall(HttpCallEvent event);
}
