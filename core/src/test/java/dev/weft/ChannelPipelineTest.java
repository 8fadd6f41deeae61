package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The pipeline example of the channels guide: a producer, N workers and a collector, each stage
 * closing its output when it is done so that the next one ends cleanly.
 */
@Timeout(20)
class ChannelPipelineTest {

    /** Squares 1..n on {@code workers} workers and returns the sum of the squares. */
    static long sumOfSquares(int n, int workers) {
        Channel<Integer> numbers = Channel.bounded(16);
        Channel<Long> squares = Channel.bounded(16);
        long[] total = new long[1];
        Weft.scope(
                scope -> {
                    scope.fork(
                            "producer",
                            () -> {
                                try {
                                    for (int i = 1; i <= n; i++) {
                                        numbers.send(i);
                                    }
                                } finally {
                                    numbers.close(); // workers drain, then their loops end
                                }
                            });
                    scope.fork(
                            "workers",
                            () -> {
                                try {
                                    Weft.scope(
                                            pool -> {
                                                for (int w = 0; w < workers; w++) {
                                                    pool.fork(
                                                            () -> {
                                                                for (int x :
                                                                        numbers) { // until numbers
                                                                    // is done
                                                                    squares.send((long) x * x);
                                                                }
                                                            });
                                                }
                                            });
                                } finally {
                                    squares.close(); // after the last worker, not before
                                }
                            });
                    scope.fork(
                            "collector",
                            () -> {
                                for (long sq : squares) {
                                    total[0] += sq;
                                }
                            });
                });
        return total[0];
    }

    @Test
    void pipelineSumsEverySquareOnce() {
        int n = 10_000;
        long expected = (long) n * (n + 1) * (2L * n + 1) / 6;
        assertEquals(expected, sumOfSquares(n, 8));
        assertEquals(expected, sumOfSquares(n, 1));
    }

    @Test
    void failingWorkerCancelsThePipelineAndNothingHangs() {
        Channel<Integer> numbers = Channel.rendezvous();
        Channel<Integer> results = Channel.unbounded();
        AtomicInteger processed = new AtomicInteger();
        IllegalStateException boom = new IllegalStateException("bad input 13");
        IllegalStateException thrown =
                assertThrows(
                        IllegalStateException.class,
                        () ->
                                Weft.scope(
                                        scope -> {
                                            scope.fork(
                                                    () -> {
                                                        for (int i = 0; ; i++) {
                                                            numbers.send(
                                                                    i); // cancelled once the worker
                                                            // fails
                                                        }
                                                    });
                                            for (int w = 0; w < 4; w++) {
                                                scope.fork(
                                                        () -> {
                                                            for (int x : numbers) {
                                                                if (x == 13) {
                                                                    throw boom;
                                                                }
                                                                results.send(x);
                                                                processed.incrementAndGet();
                                                            }
                                                        });
                                            }
                                        }));
        assertSame(boom, thrown);
        assertEquals(processed.get(), results.size(), "every counted result was sent once");
    }

    @Test
    void producerFailureReachesTheConsumerAfterTheGoodElements() {
        Channel<Integer> ch = Channel.bounded(4);
        int[] seen = new int[1];
        RuntimeException boom = new RuntimeException("source broke");
        ChannelFailedException e =
                assertThrows(
                        ChannelFailedException.class,
                        () ->
                                Weft.scope(
                                        scope -> {
                                            scope.fork(
                                                    () -> {
                                                        try {
                                                            for (int i = 0; i < 10; i++) {
                                                                ch.send(i);
                                                            }
                                                            throw boom;
                                                        } catch (RuntimeException failure) {
                                                            ch.fail(failure); // the consumer learns
                                                            // why the stream
                                                            // ended
                                                        }
                                                    });
                                            for (int x : ch) {
                                                seen[0]++;
                                            }
                                        }));
        assertSame(boom, e.getCause());
        assertEquals(10, seen[0], "every element sent before the failure was delivered");
    }
}
