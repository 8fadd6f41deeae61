package dev.weft.bench;

/**
 * Channels between two virtual threads: Weft's {@code Channel} beside Jox's channels and the JDK's
 * {@code SynchronousQueue}, {@code LinkedTransferQueue} (transfer) and {@code ArrayBlockingQueue}.
 * Capacity 0 is a rendezvous; 16 and 100 are buffered.
 *
 * <p>Thread safety: stateless; each operation creates its own channels and threads.
 */
final class ChannelWork {
    /** Messages per operation; figures are per message. */
    static final int MESSAGES = 10_000;

    /** The implementations compared. */
    enum Impl {
        /** Weft's Channel. */
        WEFT,
        /** Jox 1.0.1 channels. */
        JOX,
        /** java.util.concurrent.SynchronousQueue (rendezvous only). */
        SYNCHRONOUS_QUEUE,
        /** java.util.concurrent.LinkedTransferQueue with transfer (rendezvous only). */
        LINKED_TRANSFER_QUEUE,
        /** java.util.concurrent.ArrayBlockingQueue (buffered only). */
        ARRAY_BLOCKING_QUEUE
    }

    private ChannelWork() {}

    /**
     * Ping-pong: one virtual thread sends a message on one channel, the other answers on a second;
     * one unit is a round trip.
     */
    static void pingPong(Impl impl, int capacity) throws InterruptedException {
        Pipe ping = Pipe.create(impl, capacity);
        Pipe pong = Pipe.create(impl, capacity);
        Thread ponger =
                Thread.ofVirtual()
                        .start(
                                () -> {
                                    try {
                                        for (int i = 0; i < MESSAGES; i++) {
                                            pong.send(ping.receive());
                                        }
                                    } catch (InterruptedException e) {
                                        Thread.currentThread().interrupt();
                                    }
                                });
        Thread pinger =
                Thread.ofVirtual()
                        .start(
                                () -> {
                                    try {
                                        for (int i = 0; i < MESSAGES; i++) {
                                            ping.send(i);
                                            if (pong.receive() != i) {
                                                throw new AssertionError("out of order");
                                            }
                                        }
                                    } catch (InterruptedException e) {
                                        Thread.currentThread().interrupt();
                                    }
                                });
        pinger.join();
        ponger.join();
    }

    /** Producer/consumer: one virtual thread sends every message, another receives them. */
    static void producerConsumer(Impl impl, int capacity) throws InterruptedException {
        Pipe pipe = Pipe.create(impl, capacity);
        Thread consumer =
                Thread.ofVirtual()
                        .start(
                                () -> {
                                    try {
                                        long sum = 0;
                                        for (int i = 0; i < MESSAGES; i++) {
                                            sum += pipe.receive();
                                        }
                                        if (sum != (long) MESSAGES * (MESSAGES - 1) / 2) {
                                            throw new AssertionError("lost messages");
                                        }
                                    } catch (InterruptedException e) {
                                        Thread.currentThread().interrupt();
                                    }
                                });
        Thread producer =
                Thread.ofVirtual()
                        .start(
                                () -> {
                                    try {
                                        for (int i = 0; i < MESSAGES; i++) {
                                            pipe.send(i);
                                        }
                                    } catch (InterruptedException e) {
                                        Thread.currentThread().interrupt();
                                    }
                                });
        producer.join();
        consumer.join();
    }
}
