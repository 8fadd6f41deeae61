package dev.weft;

import java.util.concurrent.Flow;

/**
 * Bridges between Weft's {@link Channel} and the JDK's {@link Flow} (Reactive Streams): a channel
 * read as a {@link Flow.Publisher}, and a publisher read as a channel. Both honour demand: the
 * publisher side never calls {@code onNext} beyond what its subscriber requested, and the channel
 * side never requests more than it has room for, so a slow end slows the other down.
 *
 * <pre>{@code
 * // Weft → Flow: stream a channel as an HTTP request body (java.net.http subscribes to it).
 * Flow.Publisher<ByteBuffer> body = Flows.publisher(chunks);
 * HttpRequest request = HttpRequest.newBuilder(uri)
 *         .POST(HttpRequest.BodyPublishers.fromPublisher(body)).build();
 *
 * // Flow → Weft: read any publisher with a for loop.
 * Channel<Event> events = Flows.channel(publisher, 16);
 * for (Event e : events) handle(e);
 * }</pre>
 *
 * <h2>Ownership</h2>
 *
 * Each bridge is served by one task forked into the current scope when it is created (see {@link
 * Weft#fork}), so it belongs to that scope and never outlives it: the scope waits until the bridge
 * has finished — the stream ended or failed, the subscription was cancelled, or the consumer closed
 * the channel — and cancelling the scope ends it.
 *
 * <p>Thread safety: the methods may be called from any thread inside a scope. Arguments must not be
 * null.
 */
public final class Flows {
    private Flows() {}

    /**
     * Returns a publisher of the elements received from {@code channel}, for one subscriber: a
     * channel's elements go to exactly one receiver, so a second subscriber gets {@code onError}
     * with an {@link IllegalStateException}. Forks the task that serves the subscriber into the
     * current scope. Does not block.
     *
     * <p>Delivery follows the Reactive Streams rules: {@code onSubscribe} first, then at most as
     * many {@code onNext} calls as were requested, one at a time on the serving task's virtual
     * thread, then {@code onComplete} once the channel is done, or {@code onError} with the cause
     * of a {@linkplain Channel#fail failed} channel. A request of zero or less is answered with
     * {@code onError(IllegalArgumentException)} (rule 3.9). A subscriber that cancels ends the
     * delivery and <em>closes the channel</em>, so its producers learn that nobody reads any more
     * ({@link Channel#sendOrClosed} returns false). If the scope is cancelled first, the subscriber
     * gets {@code onError} with the {@link CancelledException}. A subscriber method that throws (a
     * broken rule 2.13) cancels the subscription, closes the channel and fails the serving task, so
     * the scope reports it.
     *
     * <p>The serving task first waits for a subscriber. If the channel is done before anyone
     * subscribes, the task ends and a later subscriber gets {@code onComplete} (or {@code onError})
     * at once; but an element received meanwhile is held for the subscriber, and the scope waits
     * for one.
     *
     * @param channel the channel to read; the publisher takes over its receiving side
     * @param <T> the element type
     * @return the publisher
     * @throws IllegalStateException if the caller is outside every scope
     * @throws NullPointerException if {@code channel} is null
     */
    public static <T> Flow.Publisher<T> publisher(Channel<T> channel) {
        return ChannelPublisher.start(channel);
    }

    /**
     * Subscribes to {@code publisher} and returns a channel of what it publishes, ending when it
     * completes. Requests {@code prefetch} elements at first and more as the consumer receives
     * them, so at most {@code prefetch} elements are requested and not yet received at any time.
     * The returned channel has no buffer of its own (the prefetched elements wait in the bridge),
     * so {@link Channel#capacity()} is 0. Forks the task that feeds the channel into the current
     * scope; subscribes on the calling thread. Does not block, unless {@code subscribe} does.
     *
     * <p>The channel is closed when the publisher completes, and failed with its error when it
     * signals {@code onError}, after the elements published before. Closing the channel (or {@link
     * Channel#shutdownNow}) from the consumer's side cancels the subscription and ends the bridge.
     * Cancelling the scope cancels the subscription too and fails the channel with the {@link
     * CancelledException}. A publisher that breaks the rules — more {@code onNext} calls than
     * requested (rule 1.1), or a null element (rule 2.13) — has its subscription cancelled, and the
     * channel fails with an {@link IllegalStateException} or {@link NullPointerException} naming
     * the rule. A second {@code onSubscribe} is cancelled (rule 2.5).
     *
     * @param publisher what to subscribe to
     * @param prefetch how many elements to request ahead, at least 1
     * @param <T> the element type
     * @return the channel, closed at the end of the stream
     * @throws IllegalArgumentException if {@code prefetch} is less than 1
     * @throws IllegalStateException if the caller is outside every scope
     * @throws NullPointerException if {@code publisher} is null
     */
    public static <T> Channel<T> channel(Flow.Publisher<? extends T> publisher, int prefetch) {
        return PublisherChannel.start(publisher, prefetch);
    }
}
