package dev.weft;

import static dev.weft.ChannelTesting.awaitReceivers;
import static dev.weft.ChannelTesting.awaitSenders;
import static dev.weft.ChannelTesting.thrownAfterCancel;
import static dev.weft.ChannelTesting.thrownBy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

@Timeout(20)
class ChannelTest {

    /** Capacities swept by the parameterised tests: rendezvous, 1, small, unbounded. */
    static Channel<Integer> channel(int capacity) {
        return capacity == -1 ? Channel.unbounded() : Channel.bounded(capacity);
    }

    @Test
    void factoriesReportCapacity() {
        assertEquals(0, Channel.rendezvous().capacity());
        assertEquals(5, Channel.bounded(5).capacity());
        assertEquals(Integer.MAX_VALUE, Channel.unbounded().capacity());
        assertEquals(0, Channel.bounded(0).capacity());
    }

    @Test
    void badArgumentsAreNamed() {
        IllegalArgumentException neg =
                assertThrows(IllegalArgumentException.class, () -> Channel.bounded(-1));
        assertTrue(neg.getMessage().contains("capacity"), neg.getMessage());
        Channel<String> ch = Channel.bounded(1);
        assertEquals(
                "element",
                assertThrows(NullPointerException.class, () -> ch.send(null)).getMessage());
        assertEquals(
                "element",
                assertThrows(NullPointerException.class, () -> ch.trySend(null)).getMessage());
        assertEquals(
                "timeout",
                assertThrows(NullPointerException.class, () -> ch.trySend("x", null)).getMessage());
        assertEquals(
                "timeout",
                assertThrows(NullPointerException.class, () -> ch.tryReceive(null)).getMessage());
        assertEquals(
                "failure",
                assertThrows(NullPointerException.class, () -> ch.fail(null)).getMessage());
        IllegalArgumentException t =
                assertThrows(
                        IllegalArgumentException.class, () -> ch.tryReceive(Duration.ofMillis(-1)));
        assertTrue(t.getMessage().contains("timeout"), t.getMessage());
    }

    @Test
    void bufferedChannelKeepsFifoOrderAndRefusesWhenFull() {
        Channel<Integer> ch = Channel.bounded(3);
        assertTrue(ch.trySend(1));
        assertTrue(ch.trySend(2));
        assertTrue(ch.trySend(3));
        assertFalse(ch.trySend(4));
        assertEquals(3, ch.size());
        assertEquals(Optional.of(1), ch.tryReceive());
        assertEquals(2, ch.receive());
        assertEquals(3, ch.receive());
        assertEquals(Optional.empty(), ch.tryReceive());
    }

    @Test
    void rendezvousTrySendNeedsAWaitingReceiver() {
        Channel<String> ch = Channel.rendezvous();
        assertFalse(ch.trySend("x"));
        Weft.scope(
                s -> {
                    Task<String> receiver = s.fork(ch::receive);
                    awaitReceivers(ch, 1);
                    assertTrue(ch.trySend("x"));
                    assertEquals("x", receiver.join());
                });
    }

    @Test
    void timedVariantsTimeOutWithoutSideEffects() {
        Channel<Integer> ch = Channel.bounded(1);
        assertEquals(Optional.empty(), ch.tryReceive(Duration.ofMillis(20)));
        assertEquals(Optional.empty(), ch.tryReceive(Duration.ZERO));
        assertTrue(ch.trySend(1, Duration.ZERO));
        assertFalse(ch.trySend(2, Duration.ofMillis(20)));
        assertEquals(0, ((ChannelImpl<Integer>) ch).waitingSenders());
        assertEquals(List.of(1), ch.shutdownNow());
    }

    @Test
    void timedReceiveGetsElementSentWhileWaiting() {
        Channel<Integer> ch = Channel.rendezvous();
        Weft.scope(
                s -> {
                    Task<Optional<Integer>> r = s.fork(() -> ch.tryReceive(Duration.ofSeconds(10)));
                    awaitReceivers(ch, 1);
                    ch.send(7);
                    assertEquals(Optional.of(7), r.join());
                });
    }

    @Test
    void timedSendSucceedsWhenAReceiverArrivesInTime() {
        Channel<Integer> ch = Channel.rendezvous();
        Weft.scope(
                s -> {
                    Task<Boolean> sender = s.fork(() -> ch.trySend(3, Duration.ofSeconds(10)));
                    awaitSenders(ch, 1);
                    assertEquals(3, ch.receive());
                    assertTrue(sender.join());
                });
    }

    @Test
    void timedReceiveIsWokenByClose() {
        Channel<Integer> ch = Channel.bounded(2);
        Weft.scope(
                s -> {
                    Task<Throwable> r =
                            s.fork(() -> thrownBy(() -> ch.tryReceive(Duration.ofSeconds(10))));
                    awaitReceivers(ch, 1);
                    ch.close();
                    assertInstanceOf(ChannelClosedException.class, r.join());
                });
    }

    @Test
    void consumerClosingStopsProducersWithoutExceptions() {
        Channel<Integer> ch = Channel.bounded(2);
        Weft.scope(
                s -> {
                    Task<Integer> producer =
                            s.fork(
                                    () -> {
                                        int sent = 0;
                                        while (ch.sendOrClosed(sent)) {
                                            sent++;
                                        }
                                        return sent;
                                    });
                    Integer first = ch.receiveOrNull();
                    assertEquals(0, first);
                    awaitSenders(ch, 1); // buffer full again, producer parked
                    List<Integer> dropped = ch.shutdownNow();
                    int sent = producer.join();
                    assertEquals(
                            1 + dropped.size(), sent, "sent = received + dropped, nothing else");
                });
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 4, -1})
    void closeLetsReceiversDrainThenReportsDone(int capacity) {
        Channel<Integer> ch = channel(capacity);
        Weft.scope(
                s -> {
                    s.fork(
                            () -> {
                                for (int i = 0; i < 10; i++) {
                                    ch.send(i);
                                }
                                ch.close();
                            });
                    List<Integer> got = new ArrayList<>();
                    for (int x : ch) {
                        got.add(x);
                    }
                    assertEquals(IntStream.range(0, 10).boxed().toList(), got);
                });
        assertTrue(ch.isClosed());
        assertTrue(ch.isDone());
        assertNull(ch.receiveOrNull());
        assertThrows(ChannelClosedException.class, ch::receive);
        assertThrows(ChannelClosedException.class, ch::tryReceive);
        assertThrows(ChannelClosedException.class, () -> ch.send(1));
        assertThrows(ChannelClosedException.class, () -> ch.trySend(1));
        assertFalse(ch.sendOrClosed(1));
        assertFalse(ch.close(), "close is idempotent");
    }

    @Test
    void closeKeepsBufferForReceivers() {
        Channel<String> ch = Channel.bounded(4);
        ch.send("a");
        ch.send("b");
        assertTrue(ch.close());
        assertTrue(ch.isClosed());
        assertFalse(ch.isDone());
        assertEquals("a", ch.receive());
        assertEquals("b", ch.receiveOrNull());
        assertTrue(ch.isDone());
        assertNull(ch.receiveOrNull());
    }

    @Test
    void closeWakesWaitingReceiversAndSenders() {
        Channel<Integer> full = Channel.bounded(1);
        Channel<Integer> empty = Channel.rendezvous();
        full.send(0);
        Weft.scope(
                s -> {
                    Task<Throwable> sender = s.fork(() -> thrownBy(() -> full.send(1)));
                    Task<Throwable> receiver = s.fork(() -> thrownBy(empty::receive));
                    awaitSenders(full, 1);
                    awaitReceivers(empty, 1);
                    full.close();
                    empty.close();
                    assertInstanceOf(ChannelClosedException.class, sender.join());
                    assertInstanceOf(ChannelClosedException.class, receiver.join());
                });
        assertEquals(0, full.receive(), "the buffered element survives close");
        assertNull(full.receiveOrNull(), "the refused element was never added");
    }

    @Test
    void failDeliversBufferThenTheFailure() {
        Channel<Integer> ch = Channel.bounded(4);
        ch.send(1);
        IOException boom = new IOException("boom");
        assertTrue(ch.fail(boom));
        assertFalse(ch.close());
        ChannelFailedException sendFailure =
                assertThrows(ChannelFailedException.class, () -> ch.send(2));
        assertSame(boom, sendFailure.getCause());
        assertEquals(1, ch.receive());
        assertSame(boom, assertThrows(ChannelFailedException.class, ch::receive).getCause());
        assertSame(boom, assertThrows(ChannelFailedException.class, ch::receiveOrNull).getCause());
        assertInstanceOf(
                ChannelClosedException.class,
                assertThrows(ChannelFailedException.class, ch::tryReceive));
        assertFalse(ch.sendOrClosed(3));
    }

    @Test
    void failReachesWaitingReceiverAndIteration() {
        Channel<Integer> ch = Channel.rendezvous();
        IllegalStateException boom = new IllegalStateException("producer died");
        Weft.scope(
                s -> {
                    Task<Throwable> consumer =
                            s.fork(
                                    () ->
                                            thrownBy(
                                                    () -> {
                                                        long unused =
                                                                ch.stream().count(); // only what it
                                                        // throws matters
                                                    }));
                    ch.send(1);
                    awaitReceivers(ch, 1);
                    ch.fail(boom);
                    assertSame(
                            boom,
                            assertInstanceOf(ChannelFailedException.class, consumer.join())
                                    .getCause());
                });
    }

    @Test
    void shutdownNowDropsBufferAndEndsReceiversAtOnce() {
        Channel<Integer> ch = Channel.bounded(3);
        ch.send(1);
        ch.send(2);
        ch.send(3);
        Weft.scope(
                s -> {
                    Task<Throwable> blocked = s.fork(() -> thrownBy(() -> ch.send(4)));
                    awaitSenders(ch, 1);
                    assertEquals(List.of(1, 2, 3), ch.shutdownNow());
                    assertInstanceOf(ChannelClosedException.class, blocked.join());
                });
        assertTrue(ch.isDone());
        assertEquals(0, ch.size());
        assertNull(ch.receiveOrNull());
        assertEquals(List.of(), ch.shutdownNow());
    }

    @Test
    void shutdownNowAfterFailKeepsTheFailure() {
        Channel<Integer> ch = Channel.unbounded();
        ch.send(1);
        RuntimeException boom = new RuntimeException("boom");
        ch.fail(boom);
        assertEquals(List.of(1), ch.shutdownNow());
        assertSame(boom, assertThrows(ChannelFailedException.class, ch::receive).getCause());
    }

    @Test
    void streamAndIteratorEndWhenDone() {
        Channel<String> ch = Channel.unbounded();
        ch.send("a");
        ch.send("b");
        ch.send("c");
        ch.close();
        assertEquals("abc", ch.stream().collect(Collectors.joining()));
        assertFalse(ch.iterator().hasNext());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 16, -1})
    void cancellingBlockedReceiverLosesNothing(int capacity) {
        Channel<Integer> ch = channel(capacity);
        Weft.scope(
                s -> {
                    Task<Integer> receiver = s.fork(ch::receive);
                    awaitReceivers(ch, 1);
                    receiver.cancel("test");
                    CancelledException e = assertThrows(CancelledException.class, receiver::join);
                    assertEquals("test", e.reason());
                    assertEquals(Task.State.CANCELLED, receiver.state());
                    assertEquals(0, ((ChannelImpl<Integer>) ch).waitingReceivers());
                    // the next element goes to the next receiver, not to the cancelled one
                    Task<Integer> next = s.fork(ch::receive);
                    awaitReceivers(ch, 1);
                    ch.send(42);
                    assertEquals(42, next.join());
                });
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 4})
    void cancellingBlockedSenderSendsNothing(int capacity) {
        Channel<Integer> ch = channel(capacity);
        for (int i = 0; i < capacity; i++) {
            ch.send(i);
        }
        Weft.scope(
                s -> {
                    Task<Void> sender = s.fork(() -> ch.send(-1));
                    awaitSenders(ch, 1);
                    sender.cancel();
                    assertThrows(CancelledException.class, sender::join);
                    assertEquals(Task.State.CANCELLED, sender.state());
                });
        ch.close();
        assertEquals(IntStream.range(0, capacity).boxed().toList(), ch.stream().toList());
    }

    @Test
    void cancelledTaskFailsFastEvenWhenChannelIsReady() {
        Channel<Integer> ch = Channel.unbounded();
        ch.send(1);
        Weft.scope(
                s -> {
                    CancelledException e =
                            assertInstanceOf(
                                    CancelledException.class, thrownAfterCancel(s, ch::receive));
                    assertEquals(ChannelTesting.CANCEL_REASON, e.reason());
                    assertInstanceOf(
                            CancelledException.class, thrownAfterCancel(s, () -> ch.send(2)));
                });
        assertEquals(1, ch.receive(), "the cancelled receive took nothing");
        assertEquals(Optional.empty(), ch.tryReceive(), "the cancelled send added nothing");
    }

    @Test
    void scopeDeadlineEndsABlockedReceive() {
        Channel<Integer> ch = Channel.rendezvous();
        assertThrows(
                DeadlineExceededException.class,
                () -> Weft.withTimeout(Duration.ofMillis(50), ch::receive));
        assertEquals(0, ((ChannelImpl<Integer>) ch).waitingReceivers());
        assertEquals(Optional.empty(), Weft.withTimeoutOrEmpty(Duration.ofMillis(20), ch::receive));
    }

    @Test
    void interruptedPlatformThreadGetsCancelledAndKeepsInterruptStatus() throws Exception {
        Channel<Integer> ch = Channel.rendezvous();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        Thread t =
                Thread.ofPlatform()
                        .start(
                                () -> {
                                    try {
                                        ch.receive();
                                    } catch (Throwable e) {
                                        thrown.set(e);
                                        stillInterrupted.set(
                                                Thread.currentThread().isInterrupted());
                                    }
                                });
        awaitReceivers(ch, 1);
        t.interrupt();
        t.join();
        assertInstanceOf(CancelledException.class, thrown.get());
        assertTrue(stillInterrupted.get(), "a non-task thread keeps its interrupt status");
        assertEquals(0, ((ChannelImpl<Integer>) ch).waitingReceivers());
    }

    /**
     * The interrupted-rendezvous rule, made deterministic: the receiver claims the parked sender
     * (under the channel lock) before the interrupt is delivered, so the send completes normally
     * and the interrupt stays set for the next cancellation point.
     */
    @Test
    void rendezvousSendClaimedBeforeInterruptCompletesAndKeepsInterrupt() throws Exception {
        ChannelImpl<Integer> ch = (ChannelImpl<Integer>) Channel.<Integer>rendezvous();
        AtomicBoolean sent = new AtomicBoolean();
        AtomicBoolean interruptedAfter = new AtomicBoolean();
        CountDownLatch checked = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        Thread sender =
                Thread.ofVirtual()
                        .start(
                                () -> {
                                    ch.send(5);
                                    sent.set(true);
                                    try {
                                        interrupted.await();
                                        checked.countDown();
                                    } catch (InterruptedException e) {
                                        interruptedAfter.set(true);
                                        checked.countDown();
                                    }
                                });
        awaitSenders(ch, 1);
        Object got;
        ch.lock.lock();
        try {
            got = ch.pollLocked();
            sender.interrupt();
        } finally {
            ch.lock.unlock();
        }
        interrupted.countDown();
        checked.await();
        sender.join();
        assertEquals(5, got);
        assertTrue(sent.get());
        assertTrue(interruptedAfter.get(), "the interrupt is kept for the next blocking call");
    }

    /** Interrupt racing a receiver on a parked rendezvous sender: exactly-once either way. */
    @Test
    void interruptRacingRendezvousHandOffNeverLosesOrDuplicates() throws Exception {
        int rounds = 300;
        int delivered = 0;
        int cancelled = 0;
        for (int round = 0; round < rounds; round++) {
            Channel<Integer> ch = Channel.rendezvous();
            AtomicBoolean sendReturned = new AtomicBoolean();
            AtomicBoolean sendCancelled = new AtomicBoolean();
            Thread sender =
                    Thread.ofVirtual()
                            .start(
                                    () -> {
                                        try {
                                            ch.send(1);
                                            sendReturned.set(true);
                                        } catch (CancelledException e) {
                                            sendCancelled.set(true);
                                        }
                                    });
            awaitSenders(ch, 1);
            CountDownLatch go = new CountDownLatch(1);
            Thread interrupter =
                    Thread.ofVirtual()
                            .start(
                                    () -> {
                                        try {
                                            go.await();
                                        } catch (InterruptedException e) {
                                            throw new AssertionError(e);
                                        }
                                        sender.interrupt();
                                    });
            go.countDown();
            Optional<Integer> got = ch.tryReceive();
            interrupter.join();
            sender.join();
            assertTrue(sendReturned.get() ^ sendCancelled.get(), "round " + round);
            assertEquals(
                    sendReturned.get(),
                    got.isPresent(),
                    "round "
                            + round
                            + ": send returned="
                            + sendReturned.get()
                            + " but received="
                            + got);
            assertEquals(Optional.empty(), ch.tryReceive(), "round " + round);
            if (got.isPresent()) {
                delivered++;
            } else {
                cancelled++;
            }
        }
        assertEquals(rounds, delivered + cancelled);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 64, -1})
    void manyProducersAndConsumersLoseAndDuplicateNothing(int capacity) {
        int producers = 1000;
        int consumers = 1000;
        int perProducer = 20;
        Channel<Integer> ch = channel(capacity);
        LongAdder sum = new LongAdder();
        LongAdder count = new LongAdder();
        AtomicLong[] seen = new AtomicLong[producers * perProducer];
        for (int i = 0; i < seen.length; i++) {
            seen[i] = new AtomicLong();
        }
        Weft.scope(
                outer -> {
                    Task<Void> consuming =
                            outer.fork(
                                    () ->
                                            Weft.scope(
                                                    s -> {
                                                        for (int c = 0; c < consumers; c++) {
                                                            s.fork(
                                                                    () -> {
                                                                        int last = -1;
                                                                        for (int x : ch) {
                                                                            sum.add(x);
                                                                            count.increment();
                                                                            seen[x]
                                                                                    .incrementAndGet();
                                                                            last = x;
                                                                        }
                                                                        return last;
                                                                    });
                                                        }
                                                    }));
                    Weft.scope(
                            s -> {
                                for (int p = 0; p < producers; p++) {
                                    int base = p * perProducer;
                                    s.fork(
                                            () -> {
                                                for (int i = 0; i < perProducer; i++) {
                                                    ch.send(base + i);
                                                }
                                            });
                                }
                            });
                    ch.close();
                    consuming.join();
                });
        long n = (long) producers * perProducer;
        assertEquals(n, count.sum());
        assertEquals(n * (n - 1) / 2, sum.sum());
        for (int i = 0; i < seen.length; i++) {
            assertEquals(1, seen[i].get(), "element " + i);
        }
    }

    @Test
    void oneProducerOrderIsKeptForOneConsumer() {
        Channel<Integer> ch = Channel.bounded(8);
        Weft.scope(
                s -> {
                    s.fork(
                            () -> {
                                for (int i = 0; i < 10_000; i++) {
                                    ch.send(i);
                                }
                                ch.close();
                            });
                    int expected = 0;
                    for (int x : ch) {
                        assertEquals(expected++, x);
                    }
                    assertEquals(10_000, expected);
                });
    }

    @Test
    void toStringShowsKindAndState() {
        Channel<Integer> ch = Channel.bounded(2);
        ch.send(1);
        assertEquals("Channel[bounded(2), size=1, open]", ch.toString());
        ch.close();
        assertEquals("Channel[bounded(2), size=1, closed]", ch.toString());
        assertEquals("Channel[rendezvous, size=0, open]", Channel.rendezvous().toString());
    }
}
