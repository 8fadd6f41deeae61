package dev.weft;

import static dev.weft.ChannelTesting.awaitReceivers;
import static dev.weft.ChannelTesting.awaitSenders;
import static dev.weft.ChannelTesting.thrownAfterCancel;
import static dev.weft.Select.receive;
import static dev.weft.Select.select;
import static dev.weft.Select.send;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How a channel's end is seen (issue 15, item 11): as a value from {@code receiveOrClosed}, as the
 * failure read without receiving, as the channel named by the exception a select throws, and with
 * the same channel in several clauses of one select. On the old main none of the first three
 * existed (the tests do not compile there), and the last was untested.
 */
@Timeout(20)
class ChannelEndTest {

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 4, -1})
    void receiveOrClosedReturnsElementsThenTheEndAsAValue(int capacity) throws Exception {
        Channel<Integer> ch = ChannelTest.channel(capacity);
        List<ChannelResult<Integer>> seen = new ArrayList<>();
        try (Scope s = Scope.open()) {
            s.fork(
                    () -> {
                        for (int i = 1; i <= 3; i++) {
                            ch.send(i);
                        }
                        ch.close();
                    });
            ChannelResult<Integer> r;
            do {
                r = ch.receiveOrClosed();
                seen.add(r);
            } while (r instanceof ChannelResult.Value<Integer>);
            s.join();
        }
        assertEquals(
                List.of(
                        new ChannelResult.Value<>(1),
                        new ChannelResult.Value<>(2),
                        new ChannelResult.Value<>(3),
                        new ChannelResult.Closed<>()),
                seen);
        assertEquals(
                new ChannelResult.Closed<Integer>(), ch.receiveOrClosed(), "and every time after");
    }

    @Test
    void receiveOrClosedReportsAFailureAfterTheDrainAndWakesAWaitingReceiver() throws Exception {
        IOException cause = new IOException("disk gone");
        Channel<String> ch = Channel.bounded(2);
        ch.send("a");
        ch.fail(cause);
        assertEquals(
                new ChannelResult.Value<>("a"), ch.receiveOrClosed(), "sent before the failure");
        ChannelResult<String> end = ch.receiveOrClosed();
        assertSame(cause, assertInstanceOf(ChannelResult.Failed.class, end).cause());

        Channel<String> empty = Channel.rendezvous();
        try (Scope s = Scope.open()) {
            Task<ChannelResult<String>> waiting = s.fork(empty::receiveOrClosed);
            awaitReceivers(empty, 1);
            empty.close();
            assertEquals(new ChannelResult.Closed<String>(), waiting.join());
            s.join();
        }
    }

    @Test
    void receiveOrClosedIsACancellationPoint() throws Exception {
        Channel<String> ch = Channel.bounded(1);
        ch.send("kept");
        try (Scope s = Scope.open()) {
            assertInstanceOf(CancelledException.class, thrownAfterCancel(s, ch::receiveOrClosed));
            s.join();
        }
        assertEquals(Optional.of("kept"), ch.tryReceive(), "a cancelled receive took nothing");
    }

    @Test
    void failureIsReadWithoutReceiving() {
        Channel<String> ch = Channel.bounded(2);
        assertEquals(Optional.empty(), ch.failure(), "open");
        ch.send("x");
        IllegalStateException cause = new IllegalStateException("producer crashed");
        ch.fail(cause);
        assertEquals(Optional.of(cause), ch.failure());
        assertEquals(1, ch.size(), "reading the failure took nothing");
        assertEquals("x", ch.receive());

        Channel<String> closed = Channel.bounded(1);
        closed.close();
        assertTrue(closed.isClosed());
        assertEquals(Optional.empty(), closed.failure(), "closed normally");
        closed.fail(cause);
        assertEquals(Optional.empty(), closed.failure(), "fail on a closed channel has no effect");
    }

    @Test
    void everyChannelClosedExceptionNamesItsChannel() {
        Channel<String> closed = Channel.bounded(1);
        closed.close();
        assertSame(
                closed,
                assertThrows(ChannelClosedException.class, () -> closed.send("x"))
                        .channel()
                        .orElseThrow());
        assertSame(
                closed,
                assertThrows(ChannelClosedException.class, closed::receive)
                        .channel()
                        .orElseThrow());
        assertSame(
                closed,
                assertThrows(ChannelClosedException.class, closed::tryReceive)
                        .channel()
                        .orElseThrow());
        Channel<String> failed = Channel.bounded(1);
        failed.fail(new IOException("x"));
        ChannelFailedException f = assertThrows(ChannelFailedException.class, failed::receive);
        assertSame(failed, f.channel().orElseThrow());
        assertEquals(Optional.empty(), new ChannelClosedException("made by user code").channel());
    }

    @Test
    void aSelectSaysWhichOfItsChannelsEnded() throws Exception {
        Channel<String> orders = Channel.rendezvous();
        Channel<String> cancels = Channel.rendezvous();
        Channel<String> audit = Channel.bounded(0);
        try (Scope s = Scope.open()) {
            Task<Throwable> selecting =
                    s.fork(
                            () ->
                                    ChannelTesting.thrownBy(
                                            () ->
                                                    select(
                                                            receive(orders, o -> "order " + o),
                                                            receive(cancels, c -> "cancel " + c),
                                                            send(
                                                                    audit,
                                                                    "entry",
                                                                    () -> "audited"))));
            awaitReceivers(cancels, 1);
            IllegalStateException cause = new IllegalStateException("upstream failed");
            cancels.fail(cause);
            ChannelClosedException e =
                    assertInstanceOf(ChannelFailedException.class, selecting.join());
            assertSame(cancels, e.channel().orElseThrow(), "no need to probe each channel");
            assertSame(cause, e.getCause());
            s.join();
        }
        audit.close();
        ChannelClosedException e =
                assertThrows(
                        ChannelClosedException.class,
                        () -> select(receive(orders), send(audit, "late", () -> "x")));
        assertSame(audit, e.channel().orElseThrow());
    }

    @Test
    void theSameChannelMayAppearInSeveralClausesAndOneOfThemIsPerformed() throws Exception {
        Channel<Integer> ch = Channel.bounded(4);
        ch.send(7);
        String how = select(receive(ch, x -> "first " + x), receive(ch, x -> "second " + x));
        assertTrue(how.equals("first 7") || how.equals("second 7"), how);
        assertEquals(0, ch.size(), "exactly one element was taken");

        // A send and a receive on one buffered channel: whichever is chosen happens once.
        ch.send(1);
        String both = select(receive(ch, x -> "took " + x), send(ch, 2, () -> "put 2"));
        if (both.equals("took 1")) {
            assertEquals(0, ch.size());
        } else {
            assertEquals("put 2", both);
            assertEquals(List.of(1, 2), List.of(ch.receive(), ch.receive()));
        }

        // On a rendezvous channel a select never meets itself: it waits for a counterpart.
        Channel<Integer> rv = Channel.rendezvous();
        try (Scope s = Scope.open()) {
            Task<String> selecting =
                    s.fork(
                            () ->
                                    select(
                                            receive(rv, x -> "received " + x),
                                            send(rv, 5, () -> "sent 5")));
            awaitReceivers(rv, 1);
            awaitSenders(rv, 1);
            assertEquals(5, rv.receive(), "a counterpart took the select's element");
            assertEquals("sent 5", selecting.join());
            assertEquals(0, ((ChannelImpl<?>) rv).queuedNodes(), "the losing clause left no node");

            Task<String> twice =
                    s.fork(() -> select(receive(rv, x -> "a " + x), receive(rv, x -> "b " + x)));
            awaitReceivers(rv, 2);
            rv.send(9);
            String got = twice.join();
            assertTrue(got.equals("a 9") || got.equals("b 9"), got);
            assertEquals(0, ((ChannelImpl<?>) rv).queuedNodes());
            s.join();
        }
    }
}
