package dev.weft;

import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/*
 * Algorithm (Go's hchan, with a lock per channel and explicit waiter queues):
 *
 * State, guarded by `lock`: a FIFO buffer of at most `capacity` elements, a queue of waiting
 * receivers and a queue of waiting senders (WaitNodes), and the closed flag with an optional
 * failure. Invariants, for live (unclaimed) nodes: receivers wait only while the buffer is empty
 * and no sender waits; senders wait only while the buffer is full (always, for capacity 0).
 *
 * send:    hand the element straight to the oldest live receiver; else append it to the buffer
 *          if there is room; else enqueue a sender node carrying it and park.
 * receive: take the buffer's head and refill the buffer from the oldest live sender; else (a
 *          rendezvous channel) take the element of the oldest live sender; else, if closed,
 *          report done; else enqueue a receiver node and park.
 *
 * A parked thread's Waiter is completed by exactly one CAS (see Waiter): a counterpart claims it
 * while holding this channel's lock and moving the element; the parked thread itself cancels it
 * on interrupt or timeout and then unlinks its node. Whoever wins decides whether the element
 * moved, so an interrupted operation either completed exactly once or not at all. Nodes whose
 * waiter is no longer WAITING (cancelled, or a select that completed elsewhere) are skipped and
 * dropped by counterparts; their owners also unlink them, so queues never keep dead nodes.
 *
 * close() claims every queued node with its `closed` flag set: receivers wait only on an empty
 * buffer, so they are done; senders still own their elements and throw. Select (SelectImpl)
 * locks all its channels in id order and uses the same *Locked methods and queues.
 */
final class ChannelImpl<T> implements Channel<T> {
    private static final AtomicLong IDS = new AtomicLong();
    private static final long NO_DEADLINE = 0L;

    /** receiveInternal: the channel is done. */
    static final Object DONE = new Object();

    /** receiveInternal / sendInternal: nothing happened before the timeout. */
    static final Object TIMEOUT = new Object();

    /** sendInternal: the element was accepted. */
    static final Object SENT = new Object();

    /** sendInternal: the channel is closed. */
    static final Object CLOSED = new Object();

    /** Orders lock acquisition in select. */
    final long id = IDS.incrementAndGet();

    final SpinLock lock = new SpinLock();
    final WaitQueue receivers = new WaitQueue();
    final WaitQueue senders = new WaitQueue();
    private final int capacity;
    private final ArrayDeque<T> buffer;
    private volatile boolean closed;
    private volatile @Nullable Throwable failure;

    ChannelImpl(int capacity) {
        this.capacity = capacity;
        this.buffer = new ArrayDeque<>(Math.min(Math.max(capacity, 1), 64));
    }

    /** The most a rendezvous wait spins before parking; 0 on a single processor. */
    static final int MAX_SPINS = Runtime.getRuntime().availableProcessors() > 1 ? 128 : 0;

    /** Rendezvous waits at a spin budget of 0 that go by before one probes again. */
    private static final int PROBE_EVERY = 64;

    /**
     * Adaptive spin budget of rendezvous waits (a hint: read and written without synchronization).
     */
    private int spinBudget = MAX_SPINS;

    private int unspunWaits;

    /**
     * Before a rendezvous wait parks, spins for a counterpart that is already on its way: parking
     * and waking a virtual thread costs far more (a JFR profile of a rendezvous ping-pong put 50 %
     * of the samples in parking and resuming). Jox and the JDK's LinkedTransferQueue spin 128 times
     * for the same reason. Spinning pays only while the counterpart is running; on a machine whose
     * processors are busy with other work it often is not (measured: 16 µs a round trip under a
     * load average of 14 on 2 cores, against 1 µs without spinning), so the budget adapts: a wait
     * claimed while spinning doubles it, one that had to park halves it, and at zero every {@link
     * #PROBE_EVERY}th wait tries a short spin again.
     */
    private void spinForCounterpart(Waiter waiter) {
        int budget = spinBudget;
        if (budget == 0) {
            if (MAX_SPINS == 0 || ++unspunWaits % PROBE_EVERY != 0) {
                return;
            }
            budget = 8;
        }
        if (waiter.spin(budget)) {
            spinBudget = Math.min(MAX_SPINS, budget * 2);
        } else {
            spinBudget = budget / 2 < 8 ? 0 : budget / 2;
        }
    }

    // ---- sending --------------------------------------------------------------------------

    @Override
    public void send(T element) {
        Objects.requireNonNull(element, "element");
        if (sendInternal(element, false, NO_DEADLINE) == CLOSED) {
            throw closedForSend();
        }
    }

    @Override
    public boolean trySend(T element) {
        Objects.requireNonNull(element, "element");
        lock.lock();
        try {
            if (closed) {
                throw closedForSend();
            }
            return offerLocked(element);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean trySend(T element, Duration timeout) {
        Objects.requireNonNull(element, "element");
        Durations.requireNonNegative(timeout, "timeout");
        Object r = sendInternal(element, true, Durations.deadlineFromNow(timeout));
        if (r == CLOSED) {
            throw closedForSend();
        }
        return r == SENT;
    }

    @Override
    public boolean sendOrClosed(T element) {
        Objects.requireNonNull(element, "element");
        return sendInternal(element, false, NO_DEADLINE) == SENT;
    }

    /** Returns SENT, CLOSED or (if timed) TIMEOUT; throws CancelledException. */
    private Object sendInternal(T element, boolean timed, long deadline) {
        Cancellation.checkpoint();
        Waiter waiter;
        WaitNode node;
        lock.lock();
        try {
            if (closed) {
                return CLOSED;
            }
            if (offerLocked(element)) {
                return SENT;
            }
            if (timed && Durations.remaining(deadline) <= 0) {
                return TIMEOUT;
            }
            waiter = new Waiter();
            node = new WaitNode(waiter, 0, element);
            senders.add(node);
        } finally {
            lock.unlock();
        }
        if (capacity == 0) {
            spinForCounterpart(waiter);
        }
        int outcome = waiter.await(timed, deadline);
        if (outcome >= 0) {
            return node.closed ? CLOSED : SENT;
        }
        unlink(node, senders);
        if (outcome == Waiter.TIMED_OUT) {
            return TIMEOUT;
        }
        Thread.interrupted();
        throw Cancellation.interrupted("sending to a channel", null);
    }

    /**
     * Hands {@code element} to the oldest live receiver, or buffers it if there is room. Lock held;
     * the channel is open.
     */
    boolean offerLocked(Object element) {
        for (WaitNode n; (n = receivers.poll()) != null; ) {
            n.item = element;
            if (n.owner.claim(n.clause)) {
                return true;
            }
            n.item = null;
        }
        if (buffer.size() < capacity) {
            @SuppressWarnings("unchecked")
            T e = (T) element;
            buffer.addLast(e);
            return true;
        }
        return false;
    }

    // ---- receiving ------------------------------------------------------------------------

    @Override
    public T receive() {
        Object r = receiveInternal(false, NO_DEADLINE);
        if (r == DONE) {
            throw doneForReceive();
        }
        return cast(r);
    }

    @Override
    public @Nullable T receiveOrNull() {
        Object r = receiveInternal(false, NO_DEADLINE);
        if (r == DONE) {
            Throwable f = failure;
            if (f != null) {
                throw failedForReceive(f);
            }
            return null;
        }
        return cast(r);
    }

    @Override
    public ChannelResult<T> receiveOrClosed() {
        Object r = receiveInternal(false, NO_DEADLINE);
        if (r == DONE) {
            Throwable f = failure;
            return f != null ? new ChannelResult.Failed<>(f) : new ChannelResult.Closed<>();
        }
        return new ChannelResult.Value<>(cast(r));
    }

    @Override
    public Optional<T> tryReceive() {
        lock.lock();
        try {
            Object e = pollLocked();
            if (e != null) {
                return Optional.of(cast(e));
            }
            if (closed) {
                throw doneForReceive();
            }
            return Optional.empty();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<T> tryReceive(Duration timeout) {
        Durations.requireNonNegative(timeout, "timeout");
        Object r = receiveInternal(true, Durations.deadlineFromNow(timeout));
        if (r == DONE) {
            throw doneForReceive();
        }
        return r == TIMEOUT ? Optional.empty() : Optional.of(cast(r));
    }

    /**
     * Returns an element, DONE or (if timed) TIMEOUT; throws CancelledException. A node that won
     * and is not closed carries the sent element, never null (send refuses null).
     */
    @SuppressWarnings("NullAway")
    private Object receiveInternal(boolean timed, long deadline) {
        Cancellation.checkpoint();
        Waiter waiter;
        WaitNode node;
        lock.lock();
        try {
            Object e = pollLocked();
            if (e != null) {
                return e;
            }
            if (closed) {
                return DONE;
            }
            if (timed && Durations.remaining(deadline) <= 0) {
                return TIMEOUT;
            }
            waiter = new Waiter();
            node = new WaitNode(waiter, 0, null);
            receivers.add(node);
        } finally {
            lock.unlock();
        }
        if (capacity == 0) {
            spinForCounterpart(waiter);
        }
        int outcome = waiter.await(timed, deadline);
        if (outcome >= 0) {
            return node.closed ? DONE : node.item;
        }
        unlink(node, receivers);
        if (outcome == Waiter.TIMED_OUT) {
            return TIMEOUT;
        }
        Thread.interrupted();
        throw Cancellation.interrupted("receiving from a channel", null);
    }

    /**
     * Takes the next element: the buffer's head (refilling the buffer from the oldest live sender),
     * or the element of the oldest live sender. Lock held.
     *
     * @return the element, or null if none is available now
     */
    @Nullable Object pollLocked() {
        T head = buffer.pollFirst();
        if (head != null) {
            if (!senders.isEmpty()) {
                Object refill = takeFromSender();
                if (refill != null) {
                    buffer.addLast(cast(refill));
                }
            }
            return head;
        }
        return senders.isEmpty() ? null : takeFromSender();
    }

    private @Nullable Object takeFromSender() {
        for (WaitNode n; (n = senders.poll()) != null; ) {
            Object item = n.item;
            if (n.owner.claim(n.clause)) {
                return item;
            }
        }
        return null;
    }

    // ---- closing --------------------------------------------------------------------------

    @Override
    public boolean close() {
        lock.lock();
        try {
            return closeLocked(null);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean fail(Throwable failure) {
        Objects.requireNonNull(failure, "failure");
        lock.lock();
        try {
            return closeLocked(failure);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<T> shutdownNow() {
        lock.lock();
        try {
            closeLocked(null);
            List<T> dropped = new ArrayList<>(buffer);
            buffer.clear();
            return dropped;
        } finally {
            lock.unlock();
        }
    }

    private boolean closeLocked(@Nullable Throwable cause) {
        if (closed) {
            return false;
        }
        failure = cause;
        closed = true;
        wakeClosed(receivers);
        wakeClosed(senders);
        return true;
    }

    private static void wakeClosed(WaitQueue queue) {
        for (WaitNode n; (n = queue.poll()) != null; ) {
            n.closed = true;
            n.owner.claim(n.clause);
        }
    }

    // ---- state ----------------------------------------------------------------------------

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    @Override
    public boolean isDone() {
        if (!closed) {
            return false;
        }
        lock.lock();
        try {
            return buffer.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int size() {
        lock.lock();
        try {
            return buffer.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int capacity() {
        return capacity;
    }

    /** The number of senders waiting now (for tests). */
    int waitingSenders() {
        lock.lock();
        try {
            return senders.liveCount();
        } finally {
            lock.unlock();
        }
    }

    /** The number of receivers waiting now (for tests). */
    int waitingReceivers() {
        lock.lock();
        try {
            return receivers.liveCount();
        } finally {
            lock.unlock();
        }
    }

    /** The number of queued waiter nodes, live or dead (for tests: dead ones must not pile up). */
    int queuedNodes() {
        lock.lock();
        try {
            return senders.nodeCount() + receivers.nodeCount();
        } finally {
            lock.unlock();
        }
    }

    /** The exception for a send to this closed channel. */
    ChannelClosedException closedForSend() {
        Throwable f = failure;
        return f != null
                ? new ChannelFailedException("channel failed", f, this)
                : new ChannelClosedException("channel is closed for sending", null, this);
    }

    /** The exception for a receive from this done channel. */
    ChannelClosedException doneForReceive() {
        Throwable f = failure;
        return f != null
                ? failedForReceive(f)
                : new ChannelClosedException("channel is done", null, this);
    }

    private ChannelFailedException failedForReceive(Throwable f) {
        return new ChannelFailedException("channel failed", f, this);
    }

    /**
     * Removes {@code node} from {@code queue} (after its waiter cancelled or completed elsewhere).
     */
    void unlink(WaitNode node, WaitQueue queue) {
        lock.lock();
        try {
            queue.remove(node);
        } finally {
            lock.unlock();
        }
    }

    // TypeParameterUnusedInFormals: the unchecked cast of a stored element back to the channel's
    // element type
    @SuppressWarnings({"unchecked", "TypeParameterUnusedInFormals"})
    static <T> T cast(Object o) {
        return (T) o;
    }

    // ---- iteration ------------------------------------------------------------------------

    @Override
    public Iterator<T> iterator() {
        return new Iterator<>() {
            private @Nullable T next;

            @Override
            public boolean hasNext() {
                if (next == null) {
                    next = receiveOrNull();
                }
                return next != null;
            }

            @Override
            public @Nullable T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("channel is done");
                }
                T e = next;
                next = null;
                return e;
            }
        };
    }

    @Override
    public Stream<T> stream() {
        return StreamSupport.stream(
                Spliterators.spliteratorUnknownSize(
                        iterator(), Spliterator.ORDERED | Spliterator.NONNULL),
                false);
    }

    @Override
    public String toString() {
        String kind =
                capacity == 0
                        ? "rendezvous"
                        : capacity == Integer.MAX_VALUE ? "unbounded" : "bounded(" + capacity + ")";
        return "Channel["
                + kind
                + ", size="
                + size()
                + (closed ? (failure != null ? ", failed]" : ", closed]") : ", open]");
    }
}
