package dev.weft;

import org.jspecify.annotations.Nullable;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/*
 * Flows.publisher: a channel served to one Flow.Subscriber by one task of the creating scope.
 *
 * The serving task first waits (select) for either the subscriber or the channel. A subscriber
 * arrives through `arrivals` (capacity 1; only the first subscribe gets there). If the channel
 * yields an element first, the task holds it for the subscriber; if the channel is done first,
 * the task records how the stream ended in `ended` and stops, and a later subscriber gets that
 * ending at once on its own thread. `lock` makes "record the ending" and "hand over a subscriber"
 * exclusive, so a subscriber is either served by the task or answered by subscribe itself, never
 * neither. The task's completion callback records an ending too (it never ran, or was cancelled
 * while waiting), so no subscriber is left without a terminal signal.
 *
 * Delivery runs on the serving task alone, so signals are serial (rule 1.3). Demand is an
 * AtomicLong that saturates at Long.MAX_VALUE (rule 3.17); the task waits for demand on `wake`, a
 * one-slot channel that request() and cancel() fill without blocking. Without demand and without
 * an element in hand it selects over `wake` and the source, because the end of the stream needs
 * no demand: onComplete and onError are signalled as soon as the channel is done, and an element
 * that arrives meanwhile is held until it is requested. cancel() also closes the source channel,
 * which wakes a task blocked in receive (it then finds the channel done or an element it drops)
 * and tells the producers that nobody reads any more.
 */
final class ChannelPublisher<T> implements Flow.Publisher<T> {
    private static final AtomicLong SEQ = new AtomicLong();

    /** How the stream ended before a subscriber came: error null means completed. */
    private record Ending(@Nullable Throwable error) {}

    private final Channel<T> source;
    private final ChannelImpl<Sub<T>> arrivals = new ChannelImpl<>(1);
    private final AtomicBoolean taken = new AtomicBoolean();
    private final ReentrantLock lock = new ReentrantLock();
    private @Nullable Ending ended;

    private ChannelPublisher(Channel<T> source) {
        this.source = source;
    }

    static <T> Flow.Publisher<T> start(Channel<T> channel) {
        Objects.requireNonNull(channel, "channel");
        ScopeImpl scope = Weft.currentScope("Flows.publisher");
        ChannelPublisher<T> p = new ChannelPublisher<>(channel);
        TaskImpl<Void> task =
                scope.forkTask(
                        scope.name() + "-publisher-" + SEQ.incrementAndGet(), p::serve, false);
        task.onComplete(
                t ->
                        p.endEarly(
                                new Ending(
                                        new CancelledException(
                                                "the publisher's scope ended it: "
                                                        + t.cancellationReason()
                                                                .orElse(
                                                                        "its serving task "
                                                                                + t.state())))));
        return p;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super T> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber");
        if (!taken.compareAndSet(false, true)) {
            subscriber.onSubscribe(NoSubscription.INSTANCE);
            subscriber.onError(
                    new IllegalStateException(
                            "this publisher has a subscriber already: a channel's elements go to one subscriber"));
            return;
        }
        Sub<T> sub = new Sub<>(subscriber, source);
        Ending ending;
        lock.lock();
        try {
            ending = ended;
            if (ending == null) {
                arrivals.trySend(sub);
                return;
            }
        } finally {
            lock.unlock();
        }
        signalEnding(sub, ending);
    }

    /**
     * Records how the stream ended (the first call wins) and answers a subscriber that raced it.
     */
    private void endEarly(Ending ending) {
        Optional<Sub<T>> raced;
        Ending first;
        lock.lock();
        try {
            if (ended == null) {
                ended = ending;
            }
            first = ended;
            raced = arrivals.tryReceive();
        } finally {
            lock.unlock();
        }
        raced.ifPresent(sub -> signalEnding(sub, first));
    }

    private static <T> void signalEnding(Sub<T> sub, Ending ending) {
        sub.subscriber.onSubscribe(sub);
        if (ending.error() == null) {
            sub.subscriber.onComplete();
        } else {
            sub.subscriber.onError(ending.error());
        }
    }

    /** The serving task. */
    private @Nullable Void serve() {
        Sub<T> sub;
        T held = null;
        try {
            Object first =
                    Select.select(
                            Select.receive(arrivals, s -> s), Select.receive(source, Held::new));
            if (first instanceof Held<?> h) {
                @SuppressWarnings("unchecked")
                T item = (T) h.item();
                held = item;
                sub = arrivals.receive();
            } else {
                @SuppressWarnings("unchecked")
                Sub<T> s = (Sub<T>) first;
                sub = s;
            }
        } catch (ChannelFailedException e) {
            endEarly(new Ending(e.getCause()));
            return null;
        } catch (ChannelClosedException e) {
            endEarly(new Ending(null)); // only the source ends: nothing closes `arrivals`
            return null;
        } catch (CancelledException e) {
            endEarly(new Ending(e));
            throw e;
        }
        deliver(sub, held);
        return null;
    }

    private record Held<T>(T item) {}

    private void deliver(Sub<T> sub, @Nullable T held) {
        Flow.Subscriber<? super T> s = sub.subscriber;
        try {
            s.onSubscribe(sub);
        } catch (RuntimeException | Error e) {
            throw sub.broken(e);
        }
        T pending = held;
        try {
            while (true) {
                if (sub.cancelled) {
                    return; // a pending item is dropped: the subscriber asked for no more
                }
                if (sub.badRequest) {
                    sub.cancel();
                    terminal(
                            sub,
                            new IllegalArgumentException(
                                    "request("
                                            + sub.badRequestValue
                                            + "): a subscriber must request a positive number of elements (rule 3.9)"));
                    return;
                }
                if (pending == null) {
                    if (sub.demand.get() == 0) {
                        // No demand, but the end of the stream needs none (onComplete, onError):
                        // wait for more demand or for the channel, holding an element it yields.
                        Object r =
                                Select.select(
                                        Select.receive(sub.wake, w -> w),
                                        Select.receive(source, Held::new));
                        if (r instanceof Held<?> h) {
                            @SuppressWarnings("unchecked")
                            T item = (T) h.item();
                            pending = item;
                        }
                        continue;
                    }
                    pending = source.receiveOrNull();
                    if (pending == null) {
                        if (!sub.cancelled) {
                            terminal(sub, null);
                        }
                        return;
                    }
                    continue;
                }
                if (sub.demand.get() == 0) {
                    sub.wake.receive();
                    continue;
                }
                T item = pending;
                pending = null;
                sub.demand.decrementAndGet();
                try {
                    s.onNext(item);
                } catch (RuntimeException | Error e) {
                    throw sub.broken(e);
                }
            }
        } catch (ChannelFailedException e) {
            if (!sub.cancelled) {
                terminal(sub, e.getCause());
            }
        } catch (ChannelClosedException e) {
            if (!sub.cancelled) {
                terminal(sub, null); // the source is done (select on a done channel)
            }
        } catch (CancelledException e) {
            if (!sub.cancelled) {
                sub.cancelled = true;
                terminal(sub, e);
            }
            throw e;
        }
    }

    private static <T> void terminal(Sub<T> sub, @Nullable Throwable error) {
        try {
            if (error == null) {
                sub.subscriber.onComplete();
            } else {
                sub.subscriber.onError(error);
            }
        } catch (RuntimeException | Error e) {
            throw sub.broken(e);
        }
    }

    /** The subscription of the one subscriber. */
    private static final class Sub<T> implements Flow.Subscription {
        final Flow.Subscriber<? super T> subscriber;
        final Channel<T> source;
        final AtomicLong demand = new AtomicLong();
        final ChannelImpl<Boolean> wake = new ChannelImpl<>(1);
        volatile boolean cancelled;

        /** The first request(n) with n <= 0, written before badRequest is set. */
        volatile long badRequestValue;

        volatile boolean badRequest;

        Sub(Flow.Subscriber<? super T> subscriber, Channel<T> source) {
            this.subscriber = subscriber;
            this.source = source;
        }

        @Override
        public void request(long n) {
            if (n <= 0) {
                if (!badRequest) {
                    badRequestValue = n;
                    badRequest = true;
                }
            } else {
                demand.accumulateAndGet(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
            }
            wake.trySend(Boolean.TRUE);
        }

        @Override
        public void cancel() {
            if (!cancelled) {
                cancelled = true;
                source.close();
                wake.trySend(Boolean.TRUE);
            }
        }

        /** A subscriber method threw (rule 2.13): cancels, closes the source, fails the task. */
        RuntimeException broken(Throwable e) {
            cancelled = true;
            source.close();
            if (e instanceof Error err) {
                throw err;
            }
            return (RuntimeException) e;
        }
    }

    /** Given to a subscriber that is refused at once. */
    private enum NoSubscription implements Flow.Subscription {
        INSTANCE;

        @Override
        public void request(long n) {}

        @Override
        public void cancel() {}
    }
}
