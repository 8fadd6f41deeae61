package dev.weft;

import static dev.weft.ChannelTesting.awaitTrue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Flows: a channel as a Flow.Publisher, and a publisher as a channel. The publisher rules of the
 * Reactive Streams specification (the ones the JDK's Flow documents) are checked against Weft's
 * publisher and, to prove that the checks themselves are right, against the JDK's own
 * SubmissionPublisher.
 */
@Timeout(20)
class FlowsTest {

    /** Records every signal a subscriber receives, in order. */
    static class Recorder<T> implements Flow.Subscriber<T> {
        final List<String> events = Collections.synchronizedList(new ArrayList<>());
        final BlockingQueue<String> arrivals = new LinkedBlockingQueue<>();
        final List<T> items = Collections.synchronizedList(new ArrayList<>());
        volatile Flow.Subscription subscription;
        volatile Throwable error;
        final long initialRequest;

        Recorder(long initialRequest) {
            this.initialRequest = initialRequest;
        }

        private void record(String e) {
            events.add(e);
            arrivals.add(e);
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            record("subscribe");
            if (initialRequest != 0) {
                s.request(initialRequest);
            }
        }

        @Override
        public void onNext(T item) {
            items.add(item);
            record("next " + item);
        }

        @Override
        public void onError(Throwable t) {
            error = t;
            record("error " + t.getClass().getSimpleName());
        }

        @Override
        public void onComplete() {
            record("complete");
        }

        /** Waits for the next signal; fails after 10 s. */
        String next() throws InterruptedException {
            String e = arrivals.poll(10, TimeUnit.SECONDS);
            if (e == null) {
                throw new AssertionError("no signal within 10 s; so far " + events);
            }
            return e;
        }

        /** Waits for {@code n} signals and returns them. */
        List<String> next(int n) throws InterruptedException {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                out.add(next());
            }
            return out;
        }

        void mark(String what) {
            events.add(what);
        }
    }

    /** A publisher of 1..n under test, and how to let it settle. */
    interface Source extends AutoCloseable {
        Flow.Publisher<Integer> publisher();

        /** Publishes 1..n and completes, once subscribed. */
        void publish(int n);

        /** Waits until the publisher has stopped signalling (its serving thread is done). */
        void settle() throws Exception;

        /** Ends the stream without publishing. */
        void end();

        @Override
        void close();
    }

    enum Impl {
        WEFT {
            @Override
            Source open(Scope scope) {
                Channel<Integer> ch = Channel.unbounded();
                Flow.Publisher<Integer> p = Flows.publisher(ch);
                return new Source() {
                    public Flow.Publisher<Integer> publisher() {
                        return p;
                    }

                    public void publish(int n) {
                        for (int i = 1; i <= n; i++) {
                            if (!ch.sendOrClosed(i)) {
                                return;
                            }
                        }
                        ch.close();
                    }

                    public void settle() {
                        scope.join();
                    }

                    public void end() {
                        ch.close();
                    }

                    public void close() {
                        ch.close();
                    }
                };
            }
        },
        JDK_SUBMISSION_PUBLISHER {
            @Override
            Source open(Scope scope) {
                ExecutorService exec = Executors.newSingleThreadExecutor();
                SubmissionPublisher<Integer> p = new SubmissionPublisher<>(exec, 4096);
                return new Source() {
                    public Flow.Publisher<Integer> publisher() {
                        return p;
                    }

                    public void publish(int n) {
                        for (int i = 1; i <= n; i++) {
                            p.submit(i);
                        }
                        p.close();
                    }

                    public void settle() throws InterruptedException {
                        p.close();
                        exec.shutdown();
                        assertTrue(exec.awaitTermination(10, TimeUnit.SECONDS));
                    }

                    public void end() {
                        p.close();
                    }

                    public void close() {
                        p.close();
                        exec.shutdownNow();
                    }
                };
            }
        };

        abstract Source open(Scope scope);
    }

    // ---- the publisher rules, for Weft's publisher and the JDK's
    // ----------------------------------

    @ParameterizedTest
    @EnumSource(Impl.class)
    void rule1_1_noOnNextBeyondWhatWasRequested(Impl impl) throws Exception {
        try (Scope s = Scope.open();
                Source src = impl.open(s)) {
            Recorder<Integer> r = new Recorder<>(3);
            src.publisher().subscribe(r);
            src.publish(5);
            assertEquals(List.of("subscribe", "next 1", "next 2", "next 3"), r.next(4));
            r.mark("request 10");
            r.subscription.request(10);
            assertEquals(List.of("next 4", "next 5", "complete"), r.next(3));
            src.settle();
            assertEquals(
                    List.of(
                            "subscribe",
                            "next 1",
                            "next 2",
                            "next 3",
                            "request 10",
                            "next 4",
                            "next 5",
                            "complete"),
                    r.events);
        }
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void rule3_9_aRequestOfZeroOrLessIsAnsweredWithIllegalArgumentException(Impl impl)
            throws Exception {
        for (long bad : new long[] {0, -1, Long.MIN_VALUE}) {
            try (Scope s = Scope.open();
                    Source src = impl.open(s)) {
                Recorder<Integer> r = new Recorder<>(0);
                src.publisher().subscribe(r);
                assertEquals("subscribe", r.next());
                r.subscription.request(bad);
                assertEquals("error IllegalArgumentException", r.next(), "request(" + bad + ")");
                src.end();
                src.settle();
                assertEquals(2, r.events.size(), r.events.toString());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void rule3_13_afterCancelNoMoreSignalsEvenWhenMoreIsRequested(Impl impl) throws Exception {
        try (Scope s = Scope.open();
                Source src = impl.open(s)) {
            Recorder<Integer> r = new Recorder<>(2);
            src.publisher().subscribe(r);
            src.publish(100);
            assertEquals(List.of("subscribe", "next 1", "next 2"), r.next(3));
            r.subscription.cancel();
            r.subscription.request(50);
            r.subscription.cancel(); // rule 3.7: idempotent
            src.settle();
            assertEquals(List.of("subscribe", "next 1", "next 2"), r.events);
        }
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void rule1_9_subscribeNullThrowsNullPointerException(Impl impl) throws Exception {
        try (Scope s = Scope.open();
                Source src = impl.open(s)) {
            assertThrows(NullPointerException.class, () -> src.publisher().subscribe(null));
            src.end();
            src.settle();
        }
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void rule3_17_demandAddsUpToLongMaxValueWithoutOverflow(Impl impl) throws Exception {
        try (Scope s = Scope.open();
                Source src = impl.open(s)) {
            Recorder<Integer> r = new Recorder<>(Long.MAX_VALUE);
            src.publisher().subscribe(r);
            assertEquals("subscribe", r.next());
            r.subscription.request(Long.MAX_VALUE);
            r.subscription.request(Long.MAX_VALUE - 1);
            src.publish(20);
            List<String> rest = r.next(21);
            assertEquals("complete", rest.get(20));
            src.settle();
        }
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void rule3_3_requestingFromOnNextDoesNotRecurse(Impl impl) throws Exception {
        int n = 2000;
        AtomicInteger minDepth = new AtomicInteger(Integer.MAX_VALUE);
        AtomicInteger maxDepth = new AtomicInteger();
        CountDownLatch completed = new CountDownLatch(1);
        try (Scope s = Scope.open();
                Source src = impl.open(s)) {
            src.publisher()
                    .subscribe(
                            new Flow.Subscriber<Integer>() {
                                Flow.Subscription sub;

                                public void onSubscribe(Flow.Subscription subscription) {
                                    sub = subscription;
                                    sub.request(1);
                                }

                                public void onNext(Integer item) {
                                    int depth = new Throwable().getStackTrace().length;
                                    minDepth.accumulateAndGet(depth, Math::min);
                                    maxDepth.accumulateAndGet(depth, Math::max);
                                    sub.request(1);
                                }

                                public void onError(Throwable t) {}

                                public void onComplete() {
                                    completed.countDown();
                                }
                            });
            src.publish(n);
            assertTrue(completed.await(10, TimeUnit.SECONDS));
            src.settle();
        }
        assertTrue(
                maxDepth.get() - minDepth.get() < 20,
                "stack grew from " + minDepth + " to " + maxDepth);
    }

    // ---- Weft's publisher beyond the common rules
    // ---------------------------------------------------

    @Test
    void aFailedChannelIsSignalledAsOnErrorAfterTheElementsBeforeIt() throws Exception {
        IllegalStateException cause = new IllegalStateException("upstream broke");
        try (Scope s = Scope.open()) {
            Channel<Integer> ch = Channel.unbounded();
            Flow.Publisher<Integer> p = Flows.publisher(ch);
            Recorder<Integer> r = new Recorder<>(10);
            p.subscribe(r);
            ch.send(1);
            ch.send(2);
            ch.fail(cause);
            assertEquals(
                    List.of("subscribe", "next 1", "next 2", "error IllegalStateException"),
                    r.next(4));
            assertSame(cause, r.error);
            s.join();
        }
    }

    @Test
    void aSecondSubscriberIsRefusedWithOnError() throws Exception {
        try (Scope s = Scope.open()) {
            Channel<Integer> ch = Channel.unbounded();
            Flow.Publisher<Integer> p = Flows.publisher(ch);
            Recorder<Integer> first = new Recorder<>(1);
            Recorder<Integer> second = new Recorder<>(1);
            p.subscribe(first);
            p.subscribe(second);
            assertEquals(List.of("subscribe", "error IllegalStateException"), second.next(2));
            assertTrue(
                    second.error.getMessage().contains("one subscriber"),
                    second.error.getMessage());
            ch.close();
            assertEquals(List.of("subscribe", "complete"), first.next(2));
            s.join();
        }
    }

    @Test
    void cancellingClosesTheChannelSoItsProducerLearnsNobodyReads() throws Exception {
        try (Scope s = Scope.open()) {
            Channel<Integer> ch = Channel.bounded(1);
            Flow.Publisher<Integer> p = Flows.publisher(ch);
            Task<Integer> producer =
                    s.fork(
                            () -> {
                                int sent = 0;
                                while (ch.sendOrClosed(sent + 1)) {
                                    sent++;
                                }
                                return sent;
                            });
            Recorder<Integer> r = new Recorder<>(3);
            p.subscribe(r);
            assertEquals(List.of("subscribe", "next 1", "next 2", "next 3"), r.next(4));
            r.subscription.cancel();
            assertTrue(producer.join() >= 3, "the producer stopped once the channel closed");
            assertTrue(ch.isClosed());
            s.join();
        }
    }

    @Test
    void cancellingTheScopeEndsTheSubscriptionWithOnError() throws Exception {
        Recorder<Integer> waitingForDemand = new Recorder<>(0);
        Recorder<Integer> waitingForElements = new Recorder<>(5);
        try (Scope s = Scope.open()) {
            Channel<Integer> a = Channel.unbounded();
            Channel<Integer> b = Channel.unbounded();
            a.send(1);
            Flows.publisher(a).subscribe(waitingForDemand);
            Flows.publisher(b).subscribe(waitingForElements);
            assertEquals("subscribe", waitingForDemand.next());
            assertEquals("subscribe", waitingForElements.next());
            awaitTrue(
                    "the second publisher waits in receive",
                    () -> ((ChannelImpl<?>) b).waitingReceivers() == 1);
            s.cancel("shutting down");
            s.join();
        }
        assertEquals("error CancelledException", waitingForDemand.next());
        assertEquals("error CancelledException", waitingForElements.next());
        assertEquals("shutting down", ((CancelledException) waitingForElements.error).reason());
    }

    @Test
    void aServingTaskWaitingForItsSubscriberEndsWithItsScopeAndALateSubscriberGetsTheCancellation()
            throws Exception {
        Flow.Publisher<Integer> p;
        try (Scope s = Scope.open()) {
            p = Flows.publisher(Channel.<Integer>unbounded()); // nobody subscribes, nothing is sent
            awaitTrue("the serving task waits", () -> TaskTree.render().contains("publisher"));
            s.cancel("shutting down");
            s.join();
        }
        Recorder<Integer> late = new Recorder<>(1);
        p.subscribe(late);
        assertEquals(List.of("subscribe", "error CancelledException"), late.next(2));
    }

    @Test
    void aFeedingTaskWaitingForItsConsumerIsCancelledWithItsScope() throws Exception {
        ManualPublisher<String> pub = new ManualPublisher<>();
        Channel<String> ch;
        try (Scope s = Scope.open()) {
            ch = Flows.channel(pub, 2);
            pub.next("never received"); // the feeding task waits in the rendezvous send
            awaitTrue(
                    "the feeding task waits for a receiver",
                    () -> ((ChannelImpl<?>) ch).waitingSenders() == 1);
            s.cancel("bye");
            s.join();
        }
        assertTrue(pub.cancelled.await(10, TimeUnit.SECONDS), "the subscription is cancelled");
        assertInstanceOf(
                CancelledException.class,
                assertThrows(ChannelFailedException.class, ch::receive).getCause());
    }

    @Test
    void aPublisherNobodySubscribesToEndsWithItsChannelAndALateSubscriberGetsTheEnd()
            throws Exception {
        Flow.Publisher<Integer> completed;
        Flow.Publisher<Integer> failed;
        try (Scope s = Scope.open()) {
            Channel<Integer> a = Channel.unbounded();
            Channel<Integer> b = Channel.unbounded();
            completed = Flows.publisher(a);
            failed = Flows.publisher(b);
            a.close();
            b.fail(new IllegalStateException("x"));
            s.join(); // returns: the serving tasks ended without a subscriber
        }
        Recorder<Integer> r1 = new Recorder<>(1);
        completed.subscribe(r1);
        assertEquals(List.of("subscribe", "complete"), r1.next(2));
        Recorder<Integer> r2 = new Recorder<>(1);
        failed.subscribe(r2);
        assertEquals(List.of("subscribe", "error IllegalStateException"), r2.next(2));
    }

    @Test
    void anElementReceivedBeforeTheSubscriberCameIsDeliveredFirst() throws Exception {
        try (Scope s = Scope.open()) {
            Channel<Integer> ch = Channel.rendezvous();
            Flow.Publisher<Integer> p = Flows.publisher(ch);
            ch.send(1); // taken by the serving task, held
            Recorder<Integer> r = new Recorder<>(2);
            p.subscribe(r);
            ch.send(2);
            ch.close();
            assertEquals(List.of("subscribe", "next 1", "next 2", "complete"), r.next(4));
            s.join();
        }
    }

    @Test
    void aSubscriberThatThrowsBreaksRule2_13AndTheScopeReportsIt() throws Exception {
        IllegalStateException bug = new IllegalStateException("subscriber bug");
        Channel<Integer> ch = Channel.unbounded();
        IllegalStateException thrown =
                assertThrows(
                        IllegalStateException.class,
                        () -> {
                            try (Scope s = Scope.open()) {
                                Flow.Publisher<Integer> p = Flows.publisher(ch);
                                p.subscribe(
                                        new Recorder<Integer>(5) {
                                            @Override
                                            public void onNext(Integer item) {
                                                throw bug;
                                            }
                                        });
                                ch.send(1);
                                s.join();
                            }
                        });
        assertSame(bug, thrown);
        assertTrue(ch.isClosed());
    }

    @Test
    void flowsNeedAScopeAndNonNullArguments() {
        assertThrows(IllegalStateException.class, () -> Flows.publisher(Channel.unbounded()));
        assertThrows(
                IllegalStateException.class,
                () -> Flows.channel(new SubmissionPublisher<Integer>(), 1));
        Weft.run(
                () -> {
                    assertEquals(
                            "channel",
                            assertThrows(NullPointerException.class, () -> Flows.publisher(null))
                                    .getMessage());
                    assertEquals(
                            "publisher",
                            assertThrows(NullPointerException.class, () -> Flows.channel(null, 1))
                                    .getMessage());
                    IllegalArgumentException e =
                            assertThrows(
                                    IllegalArgumentException.class,
                                    () -> Flows.channel(new SubmissionPublisher<Integer>(), 0));
                    assertTrue(e.getMessage().contains("prefetch"), e.getMessage());
                    return null;
                });
    }

    // ---- a publisher read as a channel
    // --------------------------------------------------------------

    @Test
    void aSubmissionPublishersItemsArriveInOrderAndItsCloseEndsTheChannel() {
        List<Integer> got =
                Weft.run(
                        () -> {
                            SubmissionPublisher<Integer> pub = new SubmissionPublisher<>();
                            {
                                Channel<Integer> ch = Flows.channel(pub, 8);
                                Weft.fork(
                                        () -> {
                                            for (int i = 1; i <= 100; i++) {
                                                pub.submit(i);
                                            }
                                            pub.close(); // onComplete after the items
                                            return null;
                                        });
                                List<Integer> out = new ArrayList<>();
                                for (int x : ch) {
                                    out.add(x);
                                }
                                return out;
                            }
                        });
        assertEquals(100, got.size());
        for (int i = 0; i < 100; i++) {
            assertEquals(i + 1, got.get(i));
        }
    }

    @Test
    void onErrorFailsTheChannelAfterTheElementsBeforeIt() {
        IllegalStateException cause = new IllegalStateException("upstream");
        Weft.run(
                () -> {
                    ManualPublisher<String> pub = new ManualPublisher<>();
                    Channel<String> ch = Flows.channel(pub, 4);
                    pub.next("a");
                    pub.next("b");
                    pub.subscriber.onError(cause);
                    assertEquals("a", ch.receive());
                    assertEquals("b", ch.receive());
                    ChannelFailedException e =
                            assertThrows(ChannelFailedException.class, ch::receive);
                    assertSame(cause, e.getCause());
                    return null;
                });
    }

    /**
     * A publisher driven by the test: it only publishes what the test says, and records requests.
     */
    static final class ManualPublisher<T> implements Flow.Publisher<T> {
        volatile Flow.Subscriber<? super T> subscriber;
        final AtomicLong requested = new AtomicLong();
        final AtomicLong published = new AtomicLong();
        final CountDownLatch cancelled = new CountDownLatch(1);
        final List<Flow.Subscription> subscriptions = new ArrayList<>();

        @Override
        public void subscribe(Flow.Subscriber<? super T> s) {
            subscriber = s;
            s.onSubscribe(newSubscription());
        }

        Flow.Subscription newSubscription() {
            Flow.Subscription sub =
                    new Flow.Subscription() {
                        public void request(long n) {
                            requested.addAndGet(n);
                        }

                        public void cancel() {
                            cancelled.countDown();
                        }
                    };
            subscriptions.add(sub);
            return sub;
        }

        void next(T item) {
            published.incrementAndGet();
            subscriber.onNext(item);
        }

        /** Publishes as much as was requested. */
        void fill(java.util.function.LongFunction<T> item) {
            while (published.get() < requested.get()) {
                next(item.apply(published.get() + 1));
            }
        }
    }

    @Test
    void demandIsHonouredRequestedButNotReceivedNeverExceedsPrefetch() {
        Weft.run(
                () -> {
                    ManualPublisher<Long> pub = new ManualPublisher<>();
                    Channel<Long> ch = Flows.channel(pub, 4);
                    assertEquals(4, pub.requested.get(), "the first request is the prefetch");
                    long received = 0;
                    for (int round = 0; round < 50; round++) {
                        pub.fill(i -> i); // the publisher sends all it may
                        assertTrue(
                                pub.requested.get() - received <= 4,
                                "requested "
                                        + pub.requested
                                        + " while the consumer had received "
                                        + received);
                        assertEquals(received + 1, ch.receive());
                        received++;
                    }
                    assertTrue(
                            pub.requested.get() >= 50,
                            "the bridge kept asking for more: " + pub.requested);
                    ch.close();
                    return null;
                });
    }

    @Test
    void aPublisherThatSendsMoreThanRequestedFailsTheChannel() throws Exception {
        Weft.run(
                () -> {
                    ManualPublisher<String> pub = new ManualPublisher<>();
                    Channel<String> ch = Flows.channel(pub, 2);
                    pub.next("a");
                    pub.next("b");
                    pub.next("c"); // beyond the demand of 2: rule 1.1 broken
                    assertTrue(
                            pub.cancelled.await(10, TimeUnit.SECONDS),
                            "the subscription is cancelled");
                    assertEquals("a", ch.receive());
                    assertEquals("b", ch.receive());
                    ChannelFailedException e =
                            assertThrows(ChannelFailedException.class, ch::receive);
                    assertInstanceOf(IllegalStateException.class, e.getCause());
                    assertTrue(
                            e.getCause().getMessage().contains("rule 1.1"),
                            e.getCause().getMessage());
                    return null;
                });
    }

    @Test
    void aNullElementIsRefusedWithNullPointerExceptionAndFailsTheChannel() {
        Weft.run(
                () -> {
                    ManualPublisher<String> pub = new ManualPublisher<>();
                    Channel<String> ch = Flows.channel(pub, 2);
                    assertThrows(NullPointerException.class, () -> pub.next(null));
                    ChannelFailedException e =
                            assertThrows(ChannelFailedException.class, ch::receive);
                    assertInstanceOf(NullPointerException.class, e.getCause());
                    return null;
                });
    }

    @Test
    void aSecondOnSubscribeIsCancelled() throws Exception {
        Weft.run(
                () -> {
                    ManualPublisher<String> pub = new ManualPublisher<>();
                    Channel<String> ch = Flows.channel(pub, 2);
                    CountDownLatch secondCancelled = new CountDownLatch(1);
                    pub.subscriber.onSubscribe(
                            new Flow.Subscription() {
                                public void request(long n) {
                                    throw new AssertionError(
                                            "the second subscription must not be used");
                                }

                                public void cancel() {
                                    secondCancelled.countDown();
                                }
                            });
                    assertTrue(secondCancelled.await(10, TimeUnit.SECONDS));
                    pub.subscriber.onComplete();
                    assertEquals(null, ch.receiveOrNull());
                    return null;
                });
    }

    @Test
    void closingTheChannelFromTheConsumerSideCancelsTheSubscription() throws Exception {
        ManualPublisher<String> pub = new ManualPublisher<>();
        try (Scope s = Scope.open()) {
            Channel<String> ch = Flows.channel(pub, 2);
            pub.next("a");
            assertEquals("a", ch.receive());
            pub.next("b");
            ch.close(); // the consumer has had enough
            assertTrue(pub.cancelled.await(10, TimeUnit.SECONDS));
            s.join();
        }
    }

    @Test
    void cancellingTheScopeCancelsTheSubscriptionAndFailsTheChannel() throws Exception {
        ManualPublisher<String> pub = new ManualPublisher<>();
        Channel<String> ch;
        try (Scope s = Scope.open()) {
            ch = Flows.channel(pub, 2);
            awaitTrue(
                    "the bridge waits for elements",
                    () -> TaskTree.render().contains("subscriber"));
            s.cancel("bye");
            s.join();
        }
        assertTrue(pub.cancelled.await(10, TimeUnit.SECONDS));
        ChannelFailedException e = assertThrows(ChannelFailedException.class, ch::receive);
        assertInstanceOf(CancelledException.class, e.getCause());
    }

    @Test
    void aChannelRoundTripsThroughFlowUnchanged() {
        List<Integer> got =
                Weft.run(
                        () -> {
                            Channel<Integer> source = Channel.bounded(2);
                            Weft.fork(
                                    () -> {
                                        try {
                                            for (int i = 0; i < 500; i++) {
                                                source.send(i);
                                            }
                                        } finally {
                                            source.close();
                                        }
                                    });
                            Channel<Integer> back = Flows.channel(Flows.publisher(source), 3);
                            List<Integer> out = new ArrayList<>();
                            for (int x : back) {
                                out.add(x);
                            }
                            return out;
                        });
        assertEquals(500, got.size());
        for (int i = 0; i < 500; i++) {
            assertEquals(i, got.get(i));
        }
    }

    @Test
    void aPublisherWhoseSubscribeThrowsLeavesNothingRunning() {
        IllegalStateException broken = new IllegalStateException("cannot subscribe");
        Weft.run(
                () -> {
                    Flow.Publisher<String> bad =
                            s -> {
                                throw broken;
                            };
                    assertSame(
                            broken,
                            assertThrows(IllegalStateException.class, () -> Flows.channel(bad, 1)));
                    return null;
                });
        // The leak check then verifies that the bridge's task did not outlive Weft.run.
    }
}
