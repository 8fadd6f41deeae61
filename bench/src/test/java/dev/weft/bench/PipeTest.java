package dev.weft.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.bench.ChannelWork.Impl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

class PipeTest {

    @Test
    @Timeout(10)
    void everyBenchmarkedPairMovesMessagesInOrder() throws Exception {
        check(Impl.WEFT, 0);
        check(Impl.JOX, 0);
        check(Impl.SYNCHRONOUS_QUEUE, 0);
        check(Impl.LINKED_TRANSFER_QUEUE, 0);
        for (int cap : new int[] {16, 100}) {
            check(Impl.WEFT, cap);
            check(Impl.JOX, cap);
            check(Impl.ARRAY_BLOCKING_QUEUE, cap);
        }
    }

    @Test
    void pairsThatDoNotExistAreRefused() {
        assertThrows(
                IllegalArgumentException.class, () -> Pipe.create(Impl.ARRAY_BLOCKING_QUEUE, 0));
        assertThrows(IllegalArgumentException.class, () -> Pipe.create(Impl.SYNCHRONOUS_QUEUE, 16));
    }

    private static void check(Impl impl, int capacity) throws Exception {
        Pipe pipe = Pipe.create(impl, capacity);
        int[] got = new int[200];
        Thread consumer =
                Thread.ofVirtual()
                        .start(
                                () -> {
                                    try {
                                        for (int i = 0; i < got.length; i++) {
                                            got[i] = pipe.receive();
                                        }
                                    } catch (InterruptedException e) {
                                        Thread.currentThread().interrupt();
                                    }
                                });
        for (int i = 0; i < got.length; i++) {
            pipe.send(i);
        }
        consumer.join(Duration.ofSeconds(5));
        for (int i = 0; i < got.length; i++) {
            assertEquals(i, got[i], impl + " capacity " + capacity);
        }
    }
}
