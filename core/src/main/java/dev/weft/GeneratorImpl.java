package dev.weft;

import dev.weft.internal.ArgumentRules;

import org.jspecify.annotations.Nullable;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/*
 * A generator is a channel (its buffer; capacity 0 for none) between a producer task and the
 * consumer's iterator. The producer task is forked into the consumer's current scope.
 *
 * Ends:
 * - the producer returns: the channel is closed; the consumer drains it and finishes.
 * - the producer fails for real: the failure is recorded, the channel failed with it (so the
 *   consumer drains the items emitted before, then reads the failure), and the producer's task
 *   waits until the failure is reported. `reported` is set by exactly one party, who reports it:
 *   the consumer's read (throws it), close() (throws it), or — if the producer's task is
 *   cancelled first — the producer's task itself (it ends FAILED and its scope reports it).
 * - the consumer closes: `closed` is set, the producer's task cancelled, the buffer dropped
 *   (shutdownNow), and close waits quietly until the task is done, then throws a failure nobody
 *   reported yet (a real exception raised by the producer's cleanup). The cancel comes before the
 *   shutdown so that a producer parked in emit is woken by its interrupt, which the send consumes
 *   (cleanup code can then block, as in any cancelled task); a send that still loses the race to
 *   the shutdown clears the interrupt that the cancel has set by then.
 * - the producer is cancelled from outside (its scope): the channel is failed with the
 *   cancellation, so a consumer reading from elsewhere does not wait forever.
 *
 * A task forked into a scope that is already being cancelled never runs its callable; the
 * completion callback fails the channel in that case too, so no consumer waits for it.
 */
final class GeneratorImpl<T> implements Generator<T> {
    private static final AtomicLong SEQ = new AtomicLong();
    private static final String CLOSED_REASON = "the generator was closed by its consumer";

    final ChannelImpl<T> channel;
    private final CheckedConsumer<? super Emitter<T>> producer;
    private final Event failureTaken = new Event();
    private final AtomicBoolean reported = new AtomicBoolean();
    private volatile boolean closed;
    private volatile @Nullable Throwable failure;

    @SuppressWarnings("NullAway.Init") // set by start() before the generator is returned to anyone
    private TaskImpl<Void> task;

    /** Completed once the producer's task is done, whatever its outcome (close waits for it). */
    private final CompletableFuture<Void> ended = new CompletableFuture<>();

    /**
     * Consumer side, one thread at a time: the item read ahead by hasNext, and whether it ended.
     */
    private @Nullable T next;

    private boolean finished;

    private GeneratorImpl(int buffer, CheckedConsumer<? super Emitter<T>> producer) {
        this.channel = new ChannelImpl<>(buffer);
        this.producer = producer;
    }

    static <T> Generator<T> start(int buffer, CheckedConsumer<? super Emitter<T>> producer) {
        ArgumentRules.requireNonNegative(buffer, "buffer");
        Objects.requireNonNull(producer, "producer");
        ScopeImpl scope = Weft.currentScope("Generator.start");
        GeneratorImpl<T> g = new GeneratorImpl<>(buffer, producer);
        TaskImpl<Void> t =
                scope.forkTask(
                        scope.name() + "-generator-" + SEQ.incrementAndGet(), g::produce, false);
        g.task = t;
        t.onComplete(
                done -> {
                    if (done.state() == Task.State.CANCELLED) {
                        // Also when the task never ran (forked into a scope being cancelled).
                        g.channel.fail(
                                new CancelledException(
                                        "the generator's producer was cancelled: "
                                                + done.cancellationReason().orElse("cancelled")));
                    } else {
                        g.channel.close();
                    }
                    g.ended.complete(null);
                });
        return g;
    }

    // ---- producer side ------------------------------------------------------------------------

    /** The producer's task. */
    private @Nullable Void produce() throws Exception {
        try {
            producer.accept(new EmitterImpl<>(this));
        } catch (Throwable e) {
            TaskImpl<?> self = TaskImpl.current();
            boolean cancelled = self != null && self.isCancelRequested();
            if (e instanceof CancelledException
                    || ((closed || cancelled) && Cancellation.isCancellation(e))) {
                if (!closed) {
                    String reason =
                            e instanceof CancelledException ce
                                    ? ce.reason()
                                    : self != null && self.cancelReasonOrNull() != null
                                            ? self.cancelReasonOrNull()
                                            : "interrupted";
                    channel.fail(
                            new CancelledException(
                                    "the generator's producer was cancelled: " + reason, e));
                }
                throw e;
            }
            failure = e;
            if (closed) {
                return null; // close() is waiting for this task and reports the failure
            }
            channel.fail(e);
            try {
                failureTaken.await();
            } catch (CancelledException cancelledFirst) {
                if (!closed && reported.compareAndSet(false, true)) {
                    throw e; // nobody else will report it: the task fails, its scope reports it
                }
                // Closed: close() waits for this task and then reports the failure.
            }
            return null;
        }
        channel.close();
        return null;
    }

    void emit(T item) {
        Objects.requireNonNull(item, "item");
        if (!channel.sendOrClosed(item)) {
            // Shut down by close(), which cancelled this task first: its interrupt is set (or was
            // consumed already). Clear it, as any cancellation point does, so that the producer's
            // cleanup can still block; the task stays cancelled.
            Thread.interrupted();
            throw Cancellation.interrupted("emitting an item", null);
        }
    }

    // ---- consumer side ------------------------------------------------------------------------

    @Override
    public boolean hasNext() {
        if (closed) {
            next = null;
            return false;
        }
        if (next != null) {
            return true;
        }
        if (finished) {
            return false;
        }
        T item;
        try {
            item = channel.receiveOrNull();
        } catch (ChannelFailedException e) {
            finished = true;
            Throwable cause = e.getCause();
            if (cause instanceof CancelledException ce) {
                if (closed) {
                    return false;
                }
                throw new CancelledException(ce.reason(), ce);
            }
            if (reported.compareAndSet(false, true)) {
                failureTaken.set();
                throw Failures.propagate(cause, "the generator's producer failed");
            }
            return false;
        } catch (ChannelClosedException e) {
            finished = true; // shut down by close() from another thread
            return false;
        }
        if (item == null) {
            finished = true;
            return false;
        }
        next = item;
        return true;
    }

    @Override
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException(
                    closed ? "the generator is closed" : "the generator has finished");
        }
        T item = Objects.requireNonNull(next, "hasNext() read the item ahead");
        next = null;
        return item;
    }

    @Override
    public Iterator<T> iterator() {
        return this;
    }

    @Override
    public Stream<T> stream() {
        return StreamSupport.stream(
                        Spliterators.spliteratorUnknownSize(
                                this, Spliterator.ORDERED | Spliterator.NONNULL),
                        false)
                .onClose(this::close);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            // Cancel first, then shut the channel: a producer parked in emit is woken by the
            // interrupt, which its send consumes, so its finally blocks run without a pending one.
            task.cancel(CLOSED_REASON);
            channel.shutdownNow();
        }
        // Always waits, also when called again: the first close may still be waiting elsewhere.
        StageWait.awaitQuietly(ended, -1L, true); // ended by the producer task: a Weft wait
        Throwable f = failure;
        if (f != null && reported.compareAndSet(false, true)) {
            failureTaken.set();
            throw Failures.propagate(f, "the generator's producer failed");
        }
    }

    @Override
    public String toString() {
        return "Generator["
                + task.name()
                + ", "
                + (closed ? "closed" : task.isDone() ? "finished" : "running")
                + "]";
    }

    /** The producer's handle on its generator. */
    static final class EmitterImpl<T> implements Emitter<T> {
        private final GeneratorImpl<T> generator;

        EmitterImpl(GeneratorImpl<T> generator) {
            this.generator = generator;
        }

        @Override
        public void emit(T item) {
            generator.emit(item);
        }
    }
}
