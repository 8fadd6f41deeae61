package dev.weft.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Channels between two virtual threads: Weft's {@code Channel} beside Jox's channels and the
 * JDK's {@code SynchronousQueue}, {@code LinkedTransferQueue} (transfer) and
 * {@code ArrayBlockingQueue}. {@code capacity} 0 is a rendezvous; 16 and 100 are buffered
 * (JDK peer: ArrayBlockingQueue). The driver runs only the combinations that exist.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ChannelBenchmark {
    /** Messages per operation; the score is per message. */
    public static final int MESSAGES = 10_000;

    /** The implementations compared. */
    public enum Impl {
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

    /** Which implementation. */
    @Param({"WEFT", "JOX", "SYNCHRONOUS_QUEUE", "LINKED_TRANSFER_QUEUE", "ARRAY_BLOCKING_QUEUE"})
    public Impl impl;

    /** 0: rendezvous; otherwise the buffer size. */
    @Param({"0", "16", "100"})
    public int capacity;

    /** Creates the benchmark state. */
    public ChannelBenchmark() {
    }

    /** Checks that the combination exists before measuring it. */
    @Setup(Level.Trial)
    public void setUp() {
        Pipe.create(impl, capacity);
    }

    /**
     * Ping-pong: one virtual thread sends a message on one channel, the other answers on a second;
     * the score is one round trip.
     *
     * @throws InterruptedException if interrupted
     */
    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public void pingPong() throws InterruptedException {
        Pipe ping = Pipe.create(impl, capacity);
        Pipe pong = Pipe.create(impl, capacity);
        Thread ponger = Thread.ofVirtual().start(() -> {
            try {
                for (int i = 0; i < MESSAGES; i++) {
                    pong.send(ping.receive());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Thread pinger = Thread.ofVirtual().start(() -> {
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

    /**
     * Producer/consumer: one virtual thread sends every message, another receives them; the score
     * is one message.
     *
     * @throws InterruptedException if interrupted
     */
    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public void producerConsumer() throws InterruptedException {
        Pipe pipe = Pipe.create(impl, capacity);
        Thread consumer = Thread.ofVirtual().start(() -> {
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
        Thread producer = Thread.ofVirtual().start(() -> {
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
