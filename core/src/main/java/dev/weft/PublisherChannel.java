package dev.weft;

import dev.weft.internal.ArgumentRules;

import org.jspecify.annotations.Nullable;

import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/*
 * Flows.channel: a Flow.Subscriber that feeds a channel, through one task of the creating scope.
 *
 * The subscriber's methods run on the publisher's threads and never block: onNext puts the element
 * into `inbox`, an unbounded channel that never holds more than `prefetch` elements because that
 * is all that was requested. The feeding task moves each element from `inbox` into `out`, a
 * rendezvous channel, so its send returns only when a consumer has taken the element; every
 * `batch` elements taken it requests as many again. Requested-and-not-yet-taken therefore never
 * exceeds prefetch, and `outstanding` (requested minus received) going negative proves that the
 * publisher broke rule 1.1.
 *
 * Ends: onComplete closes inbox (the task then closes out); onError fails inbox (the task fails
 * out after the elements before it); a consumer closing out makes the task's send throw, and the
 * task cancels the subscription; a cancelled task (its scope) cancels the subscription and fails
 * out with the cancellation.
 */
final class PublisherChannel<T> implements Flow.Subscriber<T> {
    private static final AtomicLong SEQ = new AtomicLong();

    /** Stands in the subscription slot once the subscription is cancelled. */
    private static final Flow.Subscription CANCELLED =
            new Flow.Subscription() {
                @Override
                public void request(long n) {}

                @Override
                public void cancel() {}
            };

    private final ChannelImpl<T> inbox = new ChannelImpl<>(Integer.MAX_VALUE);
    private final ChannelImpl<T> out = new ChannelImpl<>(0);
    private final int prefetch;
    private final int batch;

    /**
     * Whether the publisher is Weft's own (Flows.publisher over a channel), fed by Weft tasks. Any
     * other publisher works outside Weft: a virtual clock then counts the feeding task as running
     * while it waits for the next element, so that time does not jump while the publisher works.
     */
    private final boolean weftPublisher;

    private final AtomicReference<Flow.@Nullable Subscription> subscription =
            new AtomicReference<>();
    private final AtomicLong outstanding = new AtomicLong();

    private PublisherChannel(int prefetch, boolean weftPublisher) {
        this.prefetch = prefetch;
        this.batch = Math.max(1, prefetch / 2);
        this.weftPublisher = weftPublisher;
    }

    static <T> Channel<T> start(Flow.Publisher<? extends T> publisher, int prefetch) {
        Objects.requireNonNull(publisher, "publisher");
        ArgumentRules.requirePositive(prefetch, "prefetch");
        ScopeImpl scope = Weft.currentScope("Flows.channel");
        PublisherChannel<T> pc =
                new PublisherChannel<>(prefetch, publisher instanceof ChannelPublisher);
        TaskImpl<Void> task =
                scope.forkTask(
                        scope.name() + "-subscriber-" + SEQ.incrementAndGet(), pc::feed, false);
        task.onComplete(
                t -> {
                    if (t.state() == Task.State.CANCELLED) {
                        // Also when the task never ran (forked into a scope being cancelled).
                        pc.cancelSubscription();
                        pc.out.fail(
                                new CancelledException(
                                        "the channel's subscription was cancelled with its scope: "
                                                + t.cancellationReason().orElse("cancelled")));
                        pc.inbox.shutdownNow();
                    }
                });
        try {
            publisher.subscribe(pc);
        } catch (RuntimeException | Error e) {
            task.cancel("subscribing failed: " + e);
            throw e;
        }
        return pc.out;
    }

    // ---- the subscriber: called by the publisher, never blocks ----------------------------------

    @Override
    public void onSubscribe(Flow.Subscription s) {
        Objects.requireNonNull(s, "subscription");
        if (!subscription.compareAndSet(null, s)) {
            s.cancel(); // rule 2.5: one subscription only (or ours was cancelled already)
            return;
        }
        outstanding.addAndGet(prefetch);
        s.request(prefetch);
    }

    @Override
    public void onNext(T item) {
        if (item == null) {
            NullPointerException npe =
                    new NullPointerException(
                            "onNext(null): a publisher must not publish null (rule 2.13)");
            broken(npe);
            throw npe;
        }
        if (outstanding.decrementAndGet() < 0) {
            broken(
                    new IllegalStateException(
                            "the publisher sent more elements than were requested (rule 1.1)"));
            return;
        }
        inbox.sendOrClosed(item); // unbounded: never waits; refused only after the end
    }

    @Override
    public void onError(Throwable error) {
        Objects.requireNonNull(error, "error");
        inbox.fail(error);
    }

    @Override
    public void onComplete() {
        inbox.close();
    }

    private void broken(RuntimeException violation) {
        cancelSubscription();
        inbox.fail(violation);
    }

    private void cancelSubscription() {
        Flow.Subscription s = subscription.getAndSet(CANCELLED);
        if (s != null && s != CANCELLED) {
            s.cancel();
        }
    }

    // ---- the feeding task ------------------------------------------------------------------

    private @Nullable Void feed() {
        int taken = 0;
        try {
            while (true) {
                T item;
                boolean external = !weftPublisher && Durations.beginExternal();
                try {
                    item = inbox.receiveOrNull();
                } catch (ChannelFailedException e) {
                    out.fail(e.getCause());
                    return null;
                } finally {
                    Durations.endExternal(external);
                }
                if (item == null) {
                    out.close();
                    return null;
                }
                try {
                    out.send(item);
                } catch (ChannelClosedException e) {
                    cancelSubscription(); // the consumer closed the channel: nobody reads any more
                    inbox.shutdownNow();
                    return null;
                }
                if (++taken >= batch) {
                    Flow.Subscription s = subscription.get();
                    if (s != null && s != CANCELLED) {
                        outstanding.addAndGet(taken);
                        s.request(taken);
                    }
                    taken = 0;
                }
            }
        } catch (CancelledException e) {
            cancelSubscription();
            out.fail(e);
            inbox.shutdownNow();
            throw e;
        }
    }
}
