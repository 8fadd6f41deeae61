package dev.weft;

import static dev.weft.ChannelTesting.awaitReceivers;
import static dev.weft.ChannelTesting.awaitSenders;
import static dev.weft.ChannelTesting.thrownAfterCancel;
import static dev.weft.ChannelTesting.thrownBy;
import static dev.weft.Select.orElse;
import static dev.weft.Select.receive;
import static dev.weft.Select.select;
import static dev.weft.Select.send;
import static dev.weft.Select.timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.internal.VirtualClockControl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

@Timeout(20)
class SelectTest {

    private static int waiting(Channel<?> ch) {
        ChannelImpl<?> c = (ChannelImpl<?>) ch;
        return c.waitingReceivers() + c.waitingSenders();
    }

    @Test
    void receivesFromTheReadyChannel() {
        Channel<Integer> a = Channel.bounded(1);
        Channel<String> b = Channel.bounded(1);
        b.send("hi");
        String r = select(receive(a, x -> "a" + x), receive(b, x -> "b:" + x));
        assertEquals("b:hi", r);
        assertEquals(0, b.size());
    }

    @Test
    void receiveWithoutCallbackReturnsTheElement() {
        Channel<Integer> a = Channel.unbounded();
        a.send(9);
        int x = select(receive(a));
        assertEquals(9, x);
    }

    @Test
    void sendsToTheChannelWithRoom() {
        Channel<Integer> full = Channel.bounded(1);
        Channel<Integer> free = Channel.bounded(1);
        full.send(0);
        assertEquals("free", select(send(full, 1, () -> "full"), send(free, 2, () -> "free")));
        assertEquals(Optional.of(2), free.tryReceive());
        assertEquals(List.of(0), full.shutdownNow());
    }

    @Test
    void defaultClauseRunsOnlyWhenNothingIsReady() {
        Channel<Integer> a = Channel.rendezvous();
        assertEquals("none", select(receive(a, x -> "got"), orElse(() -> "none")));
        assertEquals(0, waiting(a), "a default select never registers");
        Channel<Integer> b = Channel.bounded(1);
        b.send(1);
        assertEquals("got", select(receive(b, x -> "got"), orElse(() -> "none")));
    }

    @Test
    @OnVirtualClock
    void timeoutClauseExpiresAndLeavesNoTrace(VirtualClockControl clock) {
        Channel<Integer> a = Channel.rendezvous();
        Channel<Integer> b = Channel.bounded(1);
        b.send(1);
        String r =
                select(
                        receive(a, x -> "a"),
                        send(b, 2, () -> "b"),
                        timeout(Duration.ofMillis(30), () -> "timeout"));
        assertEquals("timeout", r);
        assertEquals(Duration.ofMillis(30), clock.elapsed());
        assertEquals(0, waiting(a));
        assertEquals(0, waiting(b));
        assertEquals(List.of(1), b.shutdownNow());
        assertEquals("zero", select(receive(a, x -> "a"), timeout(Duration.ZERO, () -> "zero")));
    }

    @Test
    void selectLoopOnAnIdleChannelLeavesNoDeadNodes() {
        ChannelImpl<Integer> quit = (ChannelImpl<Integer>) Channel.<Integer>rendezvous();
        Channel<Integer> work = Channel.unbounded();
        for (int i = 0; i < 500; i++) {
            work.send(i);
        }
        int handled = 0;
        for (int round = 0; round < 1000; round++) {
            int r =
                    select(
                            receive(quit, x -> -1),
                            receive(work, x -> 1),
                            timeout(Duration.ofNanos(1000), () -> 0));
            handled += r;
            assertEquals(0, quit.queuedNodes(), "round " + round);
        }
        assertEquals(500, handled);
        assertEquals(0, ((ChannelImpl<Integer>) work).queuedNodes());
    }

    @Test
    @OnVirtualClock
    void timeoutAloneJustWaits(VirtualClockControl clock) {
        assertEquals("t", select(timeout(Duration.ofMillis(5), () -> "t")));
        assertEquals(Duration.ofMillis(5), clock.elapsed());
    }

    @Test
    void waitingSelectIsCompletedByASenderAndUnregistersElsewhere() {
        Channel<Integer> a = Channel.rendezvous();
        Channel<Integer> b = Channel.rendezvous();
        Weft.scope(
                s -> {
                    Task<String> sel =
                            s.fork(
                                    () ->
                                            select(
                                                    receive(a, x -> "a" + x),
                                                    receive(b, x -> "b" + x)));
                    awaitReceivers(a, 1);
                    awaitReceivers(b, 1);
                    b.send(7);
                    assertEquals("b7", sel.join());
                });
        assertEquals(0, waiting(a), "the losing clause was unlinked");
        assertEquals(0, waiting(b));
        assertTrue(!a.trySend(1), "nobody receives from a any more");
    }

    @Test
    void waitingSelectSendIsTakenByAReceiver() {
        Channel<String> a = Channel.rendezvous();
        Channel<String> b = Channel.rendezvous();
        Weft.scope(
                s -> {
                    Task<String> sel =
                            s.fork(
                                    () ->
                                            select(
                                                    send(a, "to-a", () -> "sent a"),
                                                    send(b, "to-b", () -> "sent b")));
                    awaitSenders(a, 1);
                    awaitSenders(b, 1);
                    assertEquals("to-a", a.receive());
                    assertEquals("sent a", sel.join());
                });
        assertEquals(Optional.empty(), b.tryReceive(), "the other send never happened");
    }

    @Test
    @OnVirtualClock
    void selectOnBothEndsOfOneChannelDoesNotMatchItself() {
        Channel<Integer> ch = Channel.rendezvous();
        String r =
                select(
                        send(ch, 1, () -> "sent"),
                        receive(ch, x -> "received"),
                        timeout(Duration.ofMillis(20), () -> "timeout"));
        assertEquals("timeout", r);
        assertEquals(0, waiting(ch));
    }

    @Test
    void twoSelectsMeetOnARendezvousChannel() {
        Channel<Integer> ch = Channel.rendezvous();
        Channel<Integer> idle = Channel.rendezvous();
        Channel<Integer> never = Channel.rendezvous();
        Weft.scope(
                s -> {
                    Task<String> receiver =
                            s.fork(
                                    () ->
                                            select(
                                                    receive(ch, x -> "r" + x),
                                                    receive(idle, x -> "idle")));
                    awaitReceivers(ch, 1);
                    assertEquals(
                            "sent",
                            select(send(never, 0, () -> "wrong"), send(ch, 3, () -> "sent")));
                    assertEquals("r3", receiver.join());
                });
    }

    @Test
    void readyClausesArePickedFairly() {
        int rounds = 4000;
        List<Channel<Integer>> channels = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Channel<Integer> ch = Channel.unbounded();
            for (int k = 0; k < rounds; k++) {
                ch.send(i);
            }
            channels.add(ch);
        }
        int[] picks = new int[3];
        for (int r = 0; r < rounds; r++) {
            int i =
                    select(
                            receive(channels.get(0)),
                            receive(channels.get(1)),
                            receive(channels.get(2)));
            picks[i]++;
        }
        for (int i = 0; i < 3; i++) {
            // a fair pick gets ~1333 of 4000; a clause-order bias would give 0 or 4000
            assertTrue(
                    picks[i] > rounds / 6 && picks[i] < rounds / 2,
                    "picks " + java.util.Arrays.toString(picks));
        }
    }

    @Test
    void readySendAndReceiveClausesAreBothPicked() {
        Channel<Integer> in = Channel.unbounded();
        Channel<Integer> out = Channel.unbounded();
        for (int k = 0; k < 2000; k++) {
            in.send(k);
        }
        int received = 0;
        int sent = 0;
        for (int r = 0; r < 2000; r++) {
            if (select(receive(in, x -> true), send(out, r, () -> false))) {
                received++;
            } else {
                sent++;
            }
        }
        assertTrue(received > 600 && sent > 600, "received " + received + ", sent " + sent);
        assertEquals(sent, out.size());
        assertEquals(2000 - received, in.size());
    }

    @Test
    void doneOrClosedChannelMakesSelectThrow() {
        Channel<Integer> done = Channel.rendezvous();
        done.close();
        Channel<Integer> idle = Channel.rendezvous();
        assertThrows(ChannelClosedException.class, () -> select(receive(done), receive(idle)));
        assertThrows(
                ChannelClosedException.class,
                () -> select(send(done, 1, () -> 1), orElse(() -> 0)));
        Channel<Integer> failed = Channel.rendezvous();
        IllegalStateException boom = new IllegalStateException("boom");
        failed.fail(boom);
        assertSame(
                boom,
                assertThrows(ChannelFailedException.class, () -> select(receive(failed)))
                        .getCause());
        assertEquals(0, waiting(idle));
    }

    @Test
    void closingAChannelWakesAWaitingSelect() {
        Channel<Integer> a = Channel.rendezvous();
        Channel<Integer> b = Channel.rendezvous();
        Weft.scope(
                s -> {
                    Task<Throwable> sel =
                            s.fork(() -> thrownBy(() -> select(receive(a), send(b, 1, () -> 0))));
                    awaitReceivers(a, 1);
                    awaitSenders(b, 1);
                    a.close();
                    assertInstanceOf(ChannelClosedException.class, sel.join());
                });
        assertEquals(0, waiting(b));
        assertEquals(Optional.empty(), b.tryReceive(), "the send clause did not happen");
    }

    @Test
    void cancellingAWaitingSelectUnregistersEveryClause() {
        Channel<Integer> a = Channel.rendezvous();
        Channel<Integer> b = Channel.bounded(1);
        b.send(0);
        Weft.scope(
                s -> {
                    Task<Throwable> sel =
                            s.fork(() -> thrownBy(() -> select(receive(a), send(b, 1, () -> 1))));
                    awaitReceivers(a, 1);
                    awaitSenders(b, 1);
                    sel.cancel("bye");
                    assertEquals(
                            "bye", assertInstanceOf(CancelledException.class, sel.join()).reason());
                });
        assertEquals(0, waiting(a));
        assertEquals(0, waiting(b));
        assertEquals(List.of(0), b.shutdownNow(), "the cancelled send clause added nothing");
    }

    @Test
    void cancelledTaskCannotSelectEvenWhenAClauseIsReady() {
        Channel<Integer> a = Channel.unbounded();
        a.send(1);
        Weft.scope(
                s ->
                        assertInstanceOf(
                                CancelledException.class,
                                thrownAfterCancel(s, () -> select(receive(a)))));
        assertEquals(1, a.receive());
    }

    @Test
    void interruptRacingASelectCompletionIsExactlyOnce() throws Exception {
        for (int round = 0; round < 200; round++) {
            Channel<Integer> a = Channel.rendezvous();
            Channel<Integer> b = Channel.rendezvous();
            AtomicBoolean returned = new AtomicBoolean();
            Thread selector =
                    Thread.ofVirtual()
                            .start(
                                    () -> {
                                        try {
                                            select(receive(a), receive(b));
                                            returned.set(true);
                                        } catch (CancelledException e) {
                                            returned.set(false);
                                        }
                                    });
            awaitReceivers(a, 1);
            awaitReceivers(b, 1);
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
                                        selector.interrupt();
                                    });
            go.countDown();
            boolean sent = a.trySend(round);
            interrupter.join();
            selector.join();
            assertEquals(sent, returned.get(), "round " + round);
            assertEquals(0, waiting(a) + waiting(b), "round " + round);
        }
    }

    @Test
    void manySelectingProducersAndConsumersLoseNothing() {
        int producers = 200;
        int perProducer = 50;
        Channel<Integer> a = Channel.rendezvous();
        Channel<Integer> b = Channel.bounded(4);
        LongAdder sum = new LongAdder();
        LongAdder count = new LongAdder();
        Weft.scope(
                outer -> {
                    Task<Void> consumers =
                            outer.fork(
                                    () ->
                                            Weft.scope(
                                                    s -> {
                                                        for (int c = 0; c < 100; c++) {
                                                            s.fork(
                                                                    () -> {
                                                                        while (true) {
                                                                            Integer x;
                                                                            try {
                                                                                x =
                                                                                        select(
                                                                                                receive(
                                                                                                        a),
                                                                                                receive(
                                                                                                        b));
                                                                            } catch (
                                                                                    ChannelClosedException
                                                                                            e) {
                                                                                break;
                                                                            }
                                                                            sum.add(x);
                                                                            count.increment();
                                                                        }
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
                                                    int v = base + i;
                                                    select(
                                                            send(a, v, () -> null),
                                                            send(b, v, () -> null));
                                                }
                                            });
                                }
                            });
                    // Both closed: a consumer stops at the first done channel; the other's rest is
                    // drained below, so every element is counted once.
                    a.close();
                    b.close();
                    consumers.join();
                });
        for (Integer x : b) {
            sum.add(x);
            count.increment();
        }
        long n = (long) producers * perProducer;
        assertEquals(n, count.sum());
        assertEquals(n * (n - 1) / 2, sum.sum());
    }

    @Test
    void badArgumentsAreRejected() {
        Channel<Integer> a = Channel.rendezvous();
        assertThrows(IllegalArgumentException.class, () -> select());
        assertThrows(
                IllegalArgumentException.class,
                () -> select(receive(a), orElse(() -> 1), timeout(Duration.ZERO, () -> 2)));
        assertEquals(
                "channel",
                assertThrows(NullPointerException.class, () -> receive(null)).getMessage());
        assertEquals(
                "element",
                assertThrows(NullPointerException.class, () -> send(a, null, () -> 1))
                        .getMessage());
        assertEquals(
                "then", assertThrows(NullPointerException.class, () -> orElse(null)).getMessage());
        assertThrows(
                IllegalArgumentException.class, () -> timeout(Duration.ofSeconds(-1), () -> 1));
        assertEquals(
                "clause",
                assertThrows(NullPointerException.class, () -> select(receive(a), null))
                        .getMessage());
        assertEquals(
                "clauses",
                assertThrows(
                                NullPointerException.class,
                                () -> select((List<SelectClause<Integer>>) null))
                        .getMessage());
    }
}
