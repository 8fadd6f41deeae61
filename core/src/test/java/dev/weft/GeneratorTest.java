package dev.weft;

import static dev.weft.ChannelTesting.awaitReceivers;
import static dev.weft.ChannelTesting.awaitSenders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;

@Timeout(20)
class GeneratorTest {

    private static GeneratorImpl<?> impl(Generator<?> g) {
        return (GeneratorImpl<?>) g;
    }

    @Test
    void itemsArriveInOrderAndTheGeneratorFinishesWithItsProducer() {
        List<Integer> seen =
                Weft.run(
                        () -> {
                            List<Integer> out = new ArrayList<>();
                            try (Generator<Integer> g =
                                    Generator.start(
                                            e -> {
                                                for (int i = 1; i <= 5; i++) {
                                                    e.emit(i);
                                                }
                                            })) {
                                for (int x : g) {
                                    out.add(x);
                                }
                                assertFalse(g.hasNext());
                                assertThrows(NoSuchElementException.class, g::next);
                            }
                            return out;
                        });
        assertEquals(List.of(1, 2, 3, 4, 5), seen);
    }

    @Test
    void withoutABufferTheProducerWaitsInEmitUntilTheConsumerTakesTheItem() {
        Weft.run(
                () -> {
                    AtomicInteger emitted = new AtomicInteger();
                    CountDownLatch attemptingFifth = new CountDownLatch(1);
                    try (Generator<Integer> g =
                            Generator.start(
                                    e -> {
                                        for (int i = 1; ; i++) {
                                            if (i == 5) {
                                                attemptingFifth.countDown();
                                            }
                                            e.emit(i);
                                            emitted.incrementAndGet();
                                        }
                                    })) {
                        for (int i = 1; i <= 4; i++) {
                            assertEquals(i, g.next());
                        }
                        attemptingFifth.await();
                        awaitSenders(impl(g).channel, 1); // parked in emit(5): nobody takes it
                        assertEquals(
                                4,
                                emitted.get(),
                                "emit(5) cannot return before the consumer asks for it");
                    }
                    return null;
                });
    }

    @Test
    void aBufferLetsTheProducerRunThatManyItemsAheadAndNoMore() {
        Weft.run(
                () -> {
                    AtomicInteger emitted = new AtomicInteger();
                    CountDownLatch attemptingSixth = new CountDownLatch(1);
                    try (Generator<Integer> g =
                            Generator.start(
                                    2,
                                    e -> {
                                        for (int i = 1; ; i++) {
                                            if (i == 6) {
                                                attemptingSixth.countDown();
                                            }
                                            e.emit(i);
                                            emitted.incrementAndGet();
                                        }
                                    })) {
                        for (int i = 1; i <= 3; i++) {
                            assertEquals(i, g.next());
                        }
                        attemptingSixth.await();
                        awaitSenders(impl(g).channel, 1);
                        assertEquals(5, emitted.get(), "3 taken + 2 buffered; the sixth waits");
                        assertEquals(2, impl(g).channel.size());
                    }
                    return null;
                });
    }

    @Test
    void closingEarlyCancelsTheProducerAndWaitsForItsCleanup() throws Exception {
        CountDownLatch inFinally = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean cleaned = new AtomicBoolean();
        AtomicReference<Throwable> producerSaw = new AtomicReference<>();
        try (Scope s = Scope.open()) {
            Generator<Integer> g =
                    Generator.start(
                            e -> {
                                try {
                                    for (int i = 0; ; i++) {
                                        e.emit(i);
                                    }
                                } catch (CancelledException c) {
                                    producerSaw.set(c);
                                    throw c;
                                } finally {
                                    inFinally.countDown();
                                    release.await(); // plain JDK wait in cleanup: the interrupt
                                    // was consumed
                                    cleaned.set(true);
                                }
                            });
            assertEquals(0, g.next());
            Task<Boolean> closer =
                    s.fork(
                            () -> {
                                g.close();
                                return cleaned.get();
                            });
            inFinally.await();
            assertFalse(closer.isDone(), "close returned while the producer was still cleaning up");
            release.countDown();
            assertTrue(closer.join(), "close returned before the producer's finally had finished");
            assertFalse(g.hasNext());
            assertThrows(NoSuchElementException.class, g::next);
            s.join();
        }
        assertInstanceOf(CancelledException.class, producerSaw.get());
    }

    @Test
    void aProducerFailureSurfacesAtTheNextReadAfterTheItemsBeforeItAndOnlyThere() {
        IllegalStateException boom = new IllegalStateException("boom");
        List<Object> seen =
                Weft.run(
                        () -> {
                            List<Object> out = new ArrayList<>();
                            try (Generator<String> g =
                                    Generator.start(
                                            e -> {
                                                e.emit("a");
                                                e.emit("b");
                                                throw boom;
                                            })) {
                                out.add(g.next());
                                out.add(g.next());
                                out.add(assertThrows(IllegalStateException.class, g::hasNext));
                                assertFalse(
                                        g.hasNext(),
                                        "the failure is thrown once; afterwards the generator is finished");
                            }
                            return out; // neither close nor the scope throws it again
                        });
        assertEquals(List.of("a", "b", boom), seen);
    }

    @Test
    void aCheckedProducerFailureArrivesWrappedInTaskFailedException() {
        IOException io = new IOException("disk");
        TaskFailedException e =
                Weft.run(
                        () -> {
                            try (Generator<String> g =
                                    Generator.start(
                                            out -> {
                                                throw io;
                                            })) {
                                return assertThrows(TaskFailedException.class, g::next);
                            }
                        });
        assertSame(io, e.getCause());
    }

    @Test
    void aFailureNoReadHasThrownIsThrownByClose() {
        IllegalStateException boom = new IllegalStateException("boom");
        CountDownLatch failed = new CountDownLatch(1);
        IllegalStateException thrown =
                assertThrows(
                        IllegalStateException.class,
                        () ->
                                Weft.run(
                                        () -> {
                                            Generator<String> g =
                                                    Generator.start(
                                                            e -> {
                                                                e.emit("a");
                                                                failed.countDown();
                                                                throw boom;
                                                            });
                                            assertEquals("a", g.next());
                                            failed.await();
                                            g.close();
                                            return null;
                                        }));
        assertSame(boom, thrown);
    }

    @Test
    void aFailureTheConsumerNeverReadsIsReportedByTheScopeOnce() {
        IllegalStateException boom = new IllegalStateException("boom");
        try (LogCapture log = new LogCapture()) {
            IllegalStateException thrown =
                    assertThrows(
                            IllegalStateException.class,
                            () -> {
                                try (Scope s = Scope.open()) {
                                    CountDownLatch failed = new CountDownLatch(1);
                                    s.fork(
                                            () -> {
                                                Generator<String> g =
                                                        Generator.start(
                                                                e -> {
                                                                    failed.countDown();
                                                                    throw boom;
                                                                });
                                                failed.await();
                                                return g; // the consumer leaves without reading or
                                                // closing
                                            });
                                    failed.await();
                                    s.cancel("stop"); // the producer is cancelled while it waits
                                    s.join();
                                }
                            });
            assertSame(boom, thrown);
            assertTrue(
                    log.events().isEmpty(),
                    "reported by the scope, so not logged too: " + log.events());
        }
    }

    @Test
    void theProducerBelongsToTheConsumersScopeAndIsCancelledWhenTheBodyFails() {
        AtomicBoolean producerFinallyRan = new AtomicBoolean();
        AtomicReference<String> producerThread = new AtomicReference<>();
        IllegalArgumentException thrown =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                Weft.scope(
                                        s -> {
                                            Generator<Integer> g =
                                                    Generator.start(
                                                            e -> {
                                                                producerThread.set(
                                                                        Thread.currentThread()
                                                                                        .getName()
                                                                                + " virtual="
                                                                                + Thread
                                                                                        .currentThread()
                                                                                        .isVirtual());
                                                                try {
                                                                    for (int i = 0; ; i++) {
                                                                        e.emit(i);
                                                                    }
                                                                } finally {
                                                                    producerFinallyRan.set(true);
                                                                }
                                                            });
                                            g.next();
                                            assertTrue(
                                                    TaskTree.render().contains("scope-generator-"),
                                                    TaskTree.render());
                                            throw new IllegalArgumentException(
                                                    "consumer failed"); // no close: the scope
                                            // cancels it
                                        }));
        assertEquals("consumer failed", thrown.getMessage());
        assertTrue(
                producerFinallyRan.get(), "Weft.scope returned before the producer's cleanup ran");
        assertTrue(producerThread.get().endsWith("virtual=true"), producerThread.get());
    }

    @Test
    void streamReadsTheRemainingItemsAndClosingItClosesTheGenerator() {
        Weft.run(
                () -> {
                    AtomicBoolean producerEnded = new AtomicBoolean();
                    Generator<Integer> g =
                            Generator.start(
                                    e -> {
                                        try {
                                            for (int i = 1; ; i++) {
                                                e.emit(i);
                                            }
                                        } finally {
                                            producerEnded.set(true);
                                        }
                                    });
                    assertEquals(1, g.next());
                    try (Stream<Integer> rest = g.stream()) {
                        assertEquals(List.of(2, 3, 4), rest.limit(3).collect(Collectors.toList()));
                    }
                    assertTrue(
                            producerEnded.get(),
                            "closing the stream closes the generator and waits");
                    assertFalse(g.hasNext());
                    return null;
                });
    }

    @Test
    void iteratingAgainGoesOnWhereTheLastIterationStopped() {
        Weft.run(
                () -> {
                    try (Generator<Integer> g =
                            Generator.start(
                                    e -> {
                                        for (int i = 1; i <= 4; i++) {
                                            e.emit(i);
                                        }
                                    })) {
                        List<Integer> first = new ArrayList<>();
                        for (int x : g) {
                            first.add(x);
                            if (x == 2) {
                                break;
                            }
                        }
                        List<Integer> second = new ArrayList<>();
                        g.forEach(second::add);
                        assertEquals(List.of(1, 2), first);
                        assertEquals(List.of(3, 4), second);
                        assertSame(g, g.iterator());
                    }
                    return null;
                });
    }

    // ---- cancellation at every blocking point -------------------------------------------------

    @Test
    void aConsumerWaitingInHasNextIsCancelledWithoutTakingAnItem() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Integer> later = Collections.synchronizedList(new ArrayList<>());
        try (Scope s = Scope.open()) {
            Generator<Integer> g =
                    Generator.start(
                            e -> {
                                go.await();
                                e.emit(1);
                                e.emit(2);
                            });
            Task<Throwable> consumer =
                    s.fork(
                            () ->
                                    ChannelTesting.thrownBy(
                                            () -> {
                                                boolean unused =
                                                        g.hasNext(); // only what it throws matters
                                            }));
            awaitReceivers(impl(g).channel, 1);
            consumer.cancel("stop reading");
            Throwable thrown = consumer.join();
            assertInstanceOf(CancelledException.class, thrown);
            assertEquals("stop reading", ((CancelledException) thrown).reason());
            go.countDown();
            g.forEachRemaining(later::add); // the item the cancelled read waited for is still there
            g.close();
            s.join();
        }
        assertEquals(List.of(1, 2), later);
    }

    @Test
    void anAlreadyCancelledConsumerThrowsAtOnceFromNext() throws Exception {
        try (Scope s = Scope.open()) {
            Generator<Integer> g = Generator.start(e -> e.emit(1));
            Throwable t = ChannelTesting.thrownAfterCancel(s, g::next);
            assertInstanceOf(CancelledException.class, t);
            assertEquals(1, g.next());
            g.close();
            s.join();
        }
    }

    @Test
    void aProducerWaitingInEmitIsCancelledWhenTheConsumerCloses() throws Exception {
        AtomicReference<Throwable> emitThrew = new AtomicReference<>();
        try (Scope s = Scope.open()) {
            Generator<Integer> g =
                    Generator.start(
                            e -> {
                                try {
                                    e.emit(1);
                                } catch (Throwable t) {
                                    emitThrew.set(t);
                                    throw t;
                                }
                            });
            awaitSenders(impl(g).channel, 1);
            g.close();
            s.join();
        }
        assertInstanceOf(CancelledException.class, emitThrew.get());
    }

    @Test
    void emitAfterCloseKeepsThrowingEvenIfTheProducerSwallowsTheCancellation() throws Exception {
        List<String> attempts = Collections.synchronizedList(new ArrayList<>());
        try (Scope s = Scope.open()) {
            Generator<Integer> g =
                    Generator.start(
                            e -> {
                                for (int i = 0; i < 3; i++) {
                                    try {
                                        e.emit(i);
                                        attempts.add("emitted " + i);
                                    } catch (CancelledException c) {
                                        attempts.add(
                                                "refused " + i); // a badly behaved producer goes on
                                    }
                                }
                            });
            assertEquals(0, g.next());
            awaitSenders(impl(g).channel, 1);
            g.close();
            s.join();
        }
        assertEquals(List.of("emitted 0", "refused 1", "refused 2"), attempts);
    }

    @Test
    void aProducerCancelledWithItsScopeEndsAConsumerReadingFromElsewhere() throws Exception {
        try (Scope consumerScope = Scope.open()) {
            AtomicReference<Generator<Integer>> ref = new AtomicReference<>();
            CountDownLatch started = new CountDownLatch(1);
            Scope producerScope = Scope.open(ScopeOptions.defaults().withName("producers"));
            try {
                ref.set(
                        Generator.start(
                                e -> {
                                    started.countDown();
                                    e.emit(1);
                                    new CountDownLatch(1).await(); // until its scope is cancelled
                                }));
                Task<Throwable> reader =
                        consumerScope.fork(
                                () -> {
                                    ref.get().next();
                                    return ChannelTesting.thrownBy(() -> ref.get().next());
                                });
                started.await();
                producerScope.cancel("producers stopped");
                Throwable t = reader.join();
                assertInstanceOf(CancelledException.class, t);
                assertTrue(
                        ((CancelledException) t).reason().contains("producers stopped"),
                        t.getMessage());
            } finally {
                producerScope.close();
            }
            consumerScope.join();
        }
    }

    @Test
    void aGeneratorStartedInAScopeThatIsBeingCancelledEndsAtOnceInsteadOfHanging() {
        Scope cancelled = Scope.open();
        try {
            cancelled.cancel("already stopping");
            Generator<Integer> g = Generator.start(e -> e.emit(1));
            CancelledException e = assertThrows(CancelledException.class, g::hasNext);
            assertTrue(e.reason().contains("already stopping"), e.reason());
            g.close();
        } finally {
            cancelled.close();
        }
    }

    @Test
    void closeIsNotACancellationPointItWaitsForTheProducerEvenInACancelledTask() throws Exception {
        CountDownLatch inFinally = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean cleaned = new AtomicBoolean();
        try (Scope s = Scope.open()) {
            CountDownLatch consumerStarted = new CountDownLatch(1);
            Task<Boolean> consumer =
                    s.fork(
                            () -> {
                                Generator<Integer> g =
                                        Generator.start(
                                                e -> {
                                                    try {
                                                        e.emit(1);
                                                        e.emit(2);
                                                    } finally {
                                                        inFinally.countDown();
                                                        release.await();
                                                        cleaned.set(true);
                                                    }
                                                });
                                try {
                                    g.next();
                                    consumerStarted.countDown();
                                    Weft.sleep(java.time.Duration.ofMinutes(5));
                                    return false;
                                } finally {
                                    g.close(); // in a cancelled task: still waits
                                    assertTrue(
                                            cleaned.get(),
                                            "close returned before the producer's cleanup");
                                }
                            });
            consumerStarted.await();
            consumer.cancel("stop");
            inFinally.await();
            assertFalse(consumer.isDone());
            release.countDown();
            assertThrows(CancelledException.class, consumer::join);
            s.join();
        }
        assertTrue(cleaned.get());
    }

    // ---- bad input ---------------------------------------------------------------------------

    @Test
    void badInputIsRejectedByName() {
        assertThrows(IllegalStateException.class, () -> Generator.start(e -> e.emit(1)));
        Weft.run(
                () -> {
                    IllegalArgumentException neg =
                            assertThrows(
                                    IllegalArgumentException.class,
                                    () -> Generator.start(-1, e -> e.emit(1)));
                    assertTrue(neg.getMessage().contains("buffer"), neg.getMessage());
                    assertEquals(
                            "producer",
                            assertThrows(NullPointerException.class, () -> Generator.start(null))
                                    .getMessage());
                    try (Generator<String> g = Generator.start(e -> e.emit(null))) {
                        NullPointerException npe =
                                assertThrows(NullPointerException.class, g::next);
                        assertEquals("item", npe.getMessage());
                    }
                    return null;
                });
    }

    @Test
    void toStringSaysWhatTheGeneratorIsDoing() {
        Weft.run(
                () -> {
                    Generator<Integer> g = Generator.start(e -> e.emit(1));
                    assertTrue(g.toString().contains("running"), g.toString());
                    assertNotNull(g.next());
                    assertFalse(g.hasNext());
                    g.close();
                    assertTrue(g.toString().contains("closed"), g.toString());
                    return null;
                });
    }
}
