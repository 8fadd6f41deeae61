package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Seeded random property tests of channel invariants. Every failure names its seed; rerun one with
 * {@code -Dweft.seed=N} (the trials then start at N).
 */
@Timeout(30)
class ChannelPropertyTest {
    private static final long BASE_SEED = Long.getLong("weft.seed", 20_251_125L);
    private static final AtomicInteger CANCELLED_WHILE_RUNNING = new AtomicInteger();

    private static void trial(long seed, Runnable body) {
        try {
            body.run();
        } catch (Throwable e) {
            throw new AssertionError(
                    "seed " + seed + " (rerun with -Dweft.seed=" + seed + "): " + e, e);
        }
    }

    /**
     * Single-threaded random operations against a model (a deque with a capacity and a closed
     * flag): every non-blocking call returns what the model predicts, and size, isClosed and isDone
     * agree after each step.
     */
    @Test
    void nonBlockingOperationsFollowTheModel() {
        for (int t = 0; t < 300; t++) {
            long seed = BASE_SEED + t;
            trial(seed, () -> modelTrial(new Random(seed)));
        }
    }

    private static void modelTrial(Random random) {
        int[] capacities = {0, 1, 2, 5, Integer.MAX_VALUE};
        int capacity = capacities[random.nextInt(capacities.length)];
        Channel<Integer> ch =
                capacity == Integer.MAX_VALUE ? Channel.unbounded() : Channel.bounded(capacity);
        ArrayDeque<Integer> model = new ArrayDeque<>();
        boolean closed = false;
        RuntimeException failure = null;
        int next = 0;
        int steps = 20 + random.nextInt(60);
        for (int step = 0; step < steps; step++) {
            int op = random.nextInt(100);
            String where = "step " + step + " op " + op + " on " + ch;
            if (op < 35) {
                int v = next++;
                boolean timed = random.nextBoolean();
                boolean[] sent = new boolean[1];
                int before = model.size();
                Throwable thrown =
                        ChannelTesting.thrownBy(
                                () -> {
                                    sent[0] = timed ? ch.trySend(v, Duration.ZERO) : ch.trySend(v);
                                });
                if (closed) {
                    Class<?> expected =
                            failure != null
                                    ? ChannelFailedException.class
                                    : ChannelClosedException.class;
                    assertTrue(expected.isInstance(thrown), where + ": threw " + thrown);
                } else {
                    assertNull(thrown, where);
                    assertEquals(before < capacity, sent[0], where);
                    if (sent[0]) {
                        model.addLast(v);
                    }
                }
            } else if (op < 70) {
                boolean timed = random.nextBoolean();
                Optional<Integer> got;
                try {
                    got = timed ? ch.tryReceive(Duration.ZERO) : ch.tryReceive();
                } catch (ChannelClosedException e) {
                    assertTrue(closed && model.isEmpty(), where);
                    if (failure != null) {
                        assertSame(failure, e.getCause(), where);
                    }
                    continue;
                }
                assertEquals(Optional.ofNullable(model.pollFirst()), got, where);
            } else if (op < 78) {
                if (!model.isEmpty() || closed) {
                    if (!model.isEmpty()) {
                        assertEquals(model.pollFirst(), ch.receiveOrNull(), where);
                    } else if (failure == null) {
                        assertNull(ch.receiveOrNull(), where);
                    }
                }
            } else if (op < 84) {
                if (closed || model.size() < capacity) {
                    int v = next++;
                    boolean sent = ch.sendOrClosed(v);
                    assertEquals(!closed, sent, where);
                    if (sent) {
                        model.addLast(v);
                    }
                }
            } else if (op < 90) {
                assertEquals(!closed, ch.close(), where);
                closed = true;
            } else if (op < 94) {
                RuntimeException boom = new RuntimeException("boom " + step);
                assertEquals(!closed, ch.fail(boom), where);
                if (!closed) {
                    failure = boom;
                }
                closed = true;
            } else {
                assertEquals(new ArrayList<>(model), ch.shutdownNow(), where);
                model.clear();
                closed = true;
            }
            assertEquals(model.size(), ch.size(), "size after " + where);
            assertEquals(closed, ch.isClosed(), "isClosed after " + where);
            assertEquals(closed && model.isEmpty(), ch.isDone(), "isDone after " + where);
        }
    }

    /**
     * Random capacities, producer and consumer counts, and cancellations at random moments: the
     * elements received (by consumers, then drained after close) are exactly those whose send
     * returned normally, each once.
     */
    @Test
    void cancellationsNeverLoseOrDuplicateElements() {
        CANCELLED_WHILE_RUNNING.set(0);
        for (int t = 0; t < 25; t++) {
            long seed = BASE_SEED * 31 + t;
            trial(seed, () -> concurrentTrial(new Random(seed)));
        }
        assertTrue(CANCELLED_WHILE_RUNNING.get() > 0, "the trials did cancel running tasks");
    }

    private static void concurrentTrial(Random random) {
        int[] capacities = {0, 1, 3, 16, -1};
        int capacity = capacities[random.nextInt(capacities.length)];
        Channel<Integer> ch = capacity < 0 ? Channel.unbounded() : Channel.bounded(capacity);
        int producers = 1 + random.nextInt(30);
        int consumers = 1 + random.nextInt(30);
        int perProducer = 1 + random.nextInt(60);
        Set<Integer> sent = ConcurrentHashMap.newKeySet();
        ConcurrentLinkedQueue<Integer> received = new ConcurrentLinkedQueue<>();
        long[] cancelPlan = random.longs(producers + consumers).toArray();
        Weft.scope(
                outer -> {
                    List<Task<Void>> consumerTasks = new ArrayList<>();
                    for (int c = 0; c < consumers; c++) {
                        consumerTasks.add(
                                outer.fork(
                                        () -> {
                                            for (Integer x = ch.receiveOrNull();
                                                    x != null;
                                                    x = ch.receiveOrNull()) {
                                                received.add(x);
                                            }
                                        }));
                    }
                    List<Task<Void>> producerTasks = new ArrayList<>();
                    for (int p = 0; p < producers; p++) {
                        int base = p * perProducer;
                        producerTasks.add(
                                outer.fork(
                                        () -> {
                                            for (int i = 0; i < perProducer; i++) {
                                                ch.send(base + i);
                                                sent.add(base + i);
                                            }
                                        }));
                    }
                    // cancel a random third of the producers and of the consumers (never consumer
                    // 0, so
                    // blocked producers always drain) at moments spread over the run
                    Random chaos = new Random(cancelPlan[0]);
                    for (int k = 0; k < producers + consumers; k++) {
                        if (chaos.nextInt(3) != 0) {
                            continue;
                        }
                        for (int y = chaos.nextInt(50); y > 0; y--) {
                            Thread.yield();
                        }
                        Task<Void> victim =
                                k < consumers
                                        ? (k > 0 ? consumerTasks.get(k) : null)
                                        : producerTasks.get(k - consumers);
                        if (victim != null && victim.cancel("chaos")) {
                            CANCELLED_WHILE_RUNNING.incrementAndGet();
                        }
                    }
                    for (Task<Void> producer : producerTasks) {
                        try {
                            producer.join();
                        } catch (CancelledException expected) {
                            // its last send either completed (and was recorded) or never happened
                        }
                    }
                    ch.close();
                });
        for (Integer x : ch) {
            received.add(x);
        }
        Set<Integer> unique = new HashSet<>();
        for (Integer x : received) {
            if (!unique.add(x)) {
                fail("element " + x + " received twice");
            }
        }
        assertEquals(
                sent,
                unique,
                "received exactly what was sent (capacity "
                        + capacity
                        + ", "
                        + producers
                        + " producers, "
                        + consumers
                        + " consumers)");
        assertFalse(ch.iterator().hasNext());
    }
}
