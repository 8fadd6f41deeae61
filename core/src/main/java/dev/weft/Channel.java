package dev.weft;

import dev.weft.internal.ArgumentRules;

import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A channel between tasks: asyncio's {@code Queue} with {@code shutdown}, Go's and Trio's channels,
 * for plain blocking code on virtual threads.
 *
 * <pre>{@code
 * Channel<Integer> numbers = Channel.bounded(16);
 * Weft.scope(scope -> {
 *     scope.fork(() -> {
 *         try {
 *             for (int i = 0; i < 100; i++) numbers.send(i);   // waits while full
 *         } finally {
 *             numbers.close();                                // receivers drain, then end
 *         }
 *     });
 *     for (int x : numbers) process(x);
 * });
 * }</pre>
 *
 * <h2>Flavours</h2>
 *
 * {@link #rendezvous()} has no buffer: a send waits until a receiver takes the element. {@link
 * #bounded(int)} buffers up to a capacity, then senders wait. {@link #unbounded()} never makes
 * senders wait. Elements are received in the order they were sent by one sender; waiting senders
 * and waiting receivers are served first come, first served.
 *
 * <h2>Closing</h2>
 *
 * <ul>
 *   <li>{@link #close()}: no more sends; receivers drain what is buffered, then learn the channel
 *       is <em>done</em> ({@link ChannelClosedException}, or {@code null} from {@link
 *       #receiveOrNull()}, or the end of the iteration).
 *   <li>{@link #fail(Throwable)}: the same, but once drained receivers get a {@link
 *       ChannelFailedException} carrying the failure.
 *   <li>{@link #shutdownNow()}: closes and drops the buffer at once, returning the dropped elements
 *       (asyncio's {@code shutdown(immediate=True)}); receivers are done at once.
 * </ul>
 *
 * {@link #receiveOrClosed()} reports the end as a {@link ChannelResult} value instead of an
 * exception, and {@link #failure()} reads the failure without receiving. Every {@link
 * ChannelClosedException} names its channel ({@link ChannelClosedException#channel()}). Senders
 * still waiting when the channel closes get {@link ChannelClosedException}: their element was not
 * accepted and is still theirs. An element is in the channel exactly when its send returned
 * normally.
 *
 * <h2>Cancellation</h2>
 *
 * Every blocking method is a Weft cancellation point: it throws {@link CancelledException} at once
 * if the calling task is cancelled (or the thread interrupted), and when that happens while it
 * waits. A cancelled call leaves the channel as if it had never been made: no element is lost or
 * duplicated. When the interrupt races with a counterpart that is completing the operation at that
 * very moment — a receiver taking the element of an interrupted rendezvous sender, say — the
 * counterpart wins: the operation completes normally and the interrupt status (the task's
 * cancellation) stays set, so the <em>next</em> cancellation point throws. A non-Weft thread that
 * is interrupted gets its interrupt status set again when the call throws.
 *
 * <h2>Iteration</h2>
 *
 * A channel is {@link Iterable}: {@code for (T x : channel)} and {@link #stream()} receive until
 * the channel is done, like Go's {@code for x := range ch}. Each element goes to exactly one
 * receiver, so several workers may iterate the same channel.
 *
 * <h2>Memory effects</h2>
 *
 * Actions of a thread before it sends an element happen-before the actions of the thread that
 * receives it after its receive returns.
 *
 * <p>Thread safety: all methods may be called from any number of virtual and platform threads. Null
 * elements are not allowed: sending {@code null} throws {@link NullPointerException} (so a {@code
 * null} from {@link #receiveOrNull()} always means "done"). Users do not implement this interface.
 *
 * @param <T> the element type
 * @see Select
 */
public sealed interface Channel<T> extends Iterable<T> permits ChannelImpl {

    /**
     * Creates a channel without a buffer: each send waits for a receiver (Go's {@code make(chan
     * T)}, Trio's {@code open_memory_channel(0)}).
     *
     * @param <T> the element type
     * @return a new open channel
     */
    static <T> Channel<T> rendezvous() {
        return new ChannelImpl<>(0);
    }

    /**
     * Creates a channel that buffers up to {@code capacity} elements; senders wait when it is full
     * (asyncio's {@code Queue(maxsize)}). A capacity of 0 is a {@linkplain #rendezvous()
     * rendezvous} channel.
     *
     * @param capacity the buffer size
     * @param <T> the element type
     * @return a new open channel
     * @throws IllegalArgumentException if {@code capacity} is negative
     */
    static <T> Channel<T> bounded(int capacity) {
        return new ChannelImpl<>(ArgumentRules.requireNonNegative(capacity, "capacity"));
    }

    /**
     * Creates a channel whose buffer grows without limit: sends never wait (asyncio's {@code
     * Queue()}). Mind the memory when producers outrun consumers.
     *
     * @param <T> the element type
     * @return a new open channel
     */
    static <T> Channel<T> unbounded() {
        return new ChannelImpl<>(Integer.MAX_VALUE);
    }

    /**
     * Sends an element, waiting while the channel is full (for a rendezvous channel: until a
     * receiver takes it).
     *
     * @param element the element
     * @throws ChannelClosedException if the channel is closed, before or while waiting (a {@link
     *     ChannelFailedException} if it was failed); the element was not sent
     * @throws CancelledException if the calling task is cancelled or the thread interrupted, before
     *     or while waiting; the element was not sent
     * @throws NullPointerException if {@code element} is null
     */
    void send(T element);

    /**
     * Sends an element if that is possible without waiting: a receiver is waiting, or the buffer
     * has room. Not a cancellation point.
     *
     * @param element the element
     * @return {@code true} if sent, {@code false} if the channel is full
     * @throws ChannelClosedException if the channel is closed
     * @throws NullPointerException if {@code element} is null
     */
    boolean trySend(T element);

    /**
     * Sends an element, waiting at most {@code timeout} while the channel is full.
     *
     * @param element the element
     * @param timeout how long to wait; zero does not wait
     * @return {@code true} if sent, {@code false} if the timeout expired (the element was not sent)
     * @throws ChannelClosedException if the channel is closed, before or while waiting
     * @throws CancelledException if the calling task is cancelled or the thread interrupted, before
     *     or while waiting; the element was not sent
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws NullPointerException if an argument is null
     */
    boolean trySend(T element, Duration timeout);

    /**
     * Sends an element like {@link #send(Object)}, but reports a closed channel by returning {@code
     * false} instead of throwing: for producers in hot loops that stop when consumers close the
     * channel.
     *
     * @param element the element
     * @return {@code true} if sent, {@code false} if the channel is closed (or failed)
     * @throws CancelledException if the calling task is cancelled or the thread interrupted, before
     *     or while waiting; the element was not sent
     * @throws NullPointerException if {@code element} is null
     */
    boolean sendOrClosed(T element);

    /**
     * Receives the next element, waiting until one is available.
     *
     * @return the element, never {@code null}
     * @throws ChannelClosedException if the channel is done: closed and drained, before or while
     *     waiting
     * @throws ChannelFailedException if the channel was failed and is drained
     * @throws CancelledException if the calling task is cancelled or the thread interrupted, before
     *     or while waiting; no element was taken
     */
    T receive();

    /**
     * Receives the next element like {@link #receive()}, but reports the normal end of the stream
     * by returning {@code null}: {@code while ((x = ch.receiveOrNull()) != null)}.
     *
     * @return the element, or {@code null} if the channel is done (closed and drained)
     * @throws ChannelFailedException if the channel was failed and is drained
     * @throws CancelledException if the calling task is cancelled or the thread interrupted, before
     *     or while waiting; no element was taken
     */
    @Nullable T receiveOrNull();

    /**
     * Receives the next element like {@link #receive()}, but reports the end of the channel as a
     * value instead of throwing: {@link ChannelResult.Closed} once the channel is closed and
     * drained, {@link ChannelResult.Failed} (with the failure) once it was failed and is drained.
     * Only a cancellation is thrown.
     *
     * @return the element, or how the channel ended
     * @throws CancelledException if the calling task is cancelled or the thread interrupted, before
     *     or while waiting; no element was taken
     */
    ChannelResult<T> receiveOrClosed();

    /**
     * Receives an element if one is available without waiting (buffered, or offered by a waiting
     * sender). Not a cancellation point.
     *
     * @return the element, or empty if there is none now
     * @throws ChannelClosedException if the channel is done (closed and drained)
     * @throws ChannelFailedException if the channel was failed and is drained
     */
    Optional<T> tryReceive();

    /**
     * Receives an element, waiting at most {@code timeout} for one.
     *
     * @param timeout how long to wait; zero does not wait
     * @return the element, or empty if the timeout expired
     * @throws ChannelClosedException if the channel is done, before or while waiting
     * @throws ChannelFailedException if the channel was failed and is drained
     * @throws CancelledException if the calling task is cancelled or the thread interrupted, before
     *     or while waiting; no element was taken
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws NullPointerException if {@code timeout} is null
     */
    Optional<T> tryReceive(Duration timeout);

    /**
     * Closes the channel for sending: later sends throw, waiting senders throw, receivers drain the
     * buffer and then learn the channel is done. Idempotent; does not block.
     *
     * @return {@code true} if this call closed the channel
     */
    boolean close();

    /**
     * Closes the channel with a failure: like {@link #close()}, but once the buffer is drained
     * receivers get a {@link ChannelFailedException} whose cause is {@code failure}; senders get it
     * at once. The elements sent before are still delivered, so nothing a send accepted is silently
     * lost; call {@link #shutdownNow()} too to drop them. Has no effect on a channel that is
     * already closed. Does not block.
     *
     * @param failure why the channel failed
     * @return {@code true} if this call closed the channel
     * @throws NullPointerException if {@code failure} is null
     */
    boolean fail(Throwable failure);

    /**
     * Closes the channel (if open) and drops everything buffered: asyncio's {@code
     * shutdown(immediate=True)}. Receivers are done at once; waiting senders throw {@link
     * ChannelClosedException}. A failure set by {@link #fail(Throwable)} is kept. Does not block.
     *
     * @return the dropped elements, oldest first (empty if none)
     */
    List<T> shutdownNow();

    /**
     * Returns whether the channel is closed for sending (by {@code close}, {@code fail} or {@code
     * shutdownNow}). Buffered elements may still be received. Does not block.
     *
     * @return {@code true} once closed
     */
    boolean isClosed();

    /**
     * Returns the failure the channel was closed with by {@link #fail(Throwable)}, without
     * receiving anything: what receivers get as the cause of {@link ChannelFailedException} once
     * the buffer is drained. Together with {@link #isClosed()} it tells an open channel, one closed
     * normally and one that failed. Does not block.
     *
     * @return the failure, or empty if the channel is open or was closed without one
     */
    Optional<Throwable> failure();

    /**
     * Returns whether the channel is done: closed and with nothing left to receive. Does not block
     * (beyond the channel's short internal lock).
     *
     * @return {@code true} once done
     */
    boolean isDone();

    /**
     * Returns the number of buffered elements (always 0 for a rendezvous channel). A snapshot; does
     * not block (beyond the channel's short internal lock).
     *
     * @return the buffered count
     */
    int size();

    /**
     * Returns the buffer capacity: 0 for rendezvous, {@link Integer#MAX_VALUE} for unbounded. Does
     * not block.
     *
     * @return the capacity
     */
    int capacity();

    /**
     * Returns an iterator that receives elements until the channel is done. {@code hasNext} blocks
     * like {@link #receiveOrNull()}, and throws what it throws ({@link ChannelFailedException},
     * {@link CancelledException}); {@code remove} is not supported. The iterator is for one thread.
     *
     * @return a receiving iterator
     */
    @Override
    Iterator<T> iterator();

    /**
     * Returns a sequential, ordered stream of the elements received until the channel is done. Each
     * terminal step blocks like {@link #receiveOrNull()} and throws what it throws.
     *
     * @return a receiving stream
     */
    Stream<T> stream();
}
