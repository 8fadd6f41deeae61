package dev.weft.bench;

import com.softwaremill.jox.Channel;

import dev.weft.bench.ChannelWork.Impl;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.SynchronousQueue;

/**
 * One channel implementation as the channel benchmarks see it: blocking send and receive. The
 * implementations run interleaved in one JVM, so the calls through this interface are megamorphic
 * for all of them alike (a few ns per message, the same for each).
 *
 * <p>Thread safety: as the wrapped channel (every implementation here is thread-safe).
 */
interface Pipe {

    /** Sends, waiting for room (or for a receiver, when there is no buffer). */
    void send(Integer element) throws InterruptedException;

    /** Receives, waiting for an element. */
    Integer receive() throws InterruptedException;

    /**
     * Creates a pipe.
     *
     * @param impl which implementation
     * @param capacity 0 for a rendezvous, else the buffer size
     * @return the pipe
     * @throws IllegalArgumentException if the implementation has no such form
     */
    static Pipe create(Impl impl, int capacity) {
        return switch (impl) {
            case WEFT -> {
                dev.weft.Channel<Integer> ch =
                        capacity == 0
                                ? dev.weft.Channel.rendezvous()
                                : dev.weft.Channel.bounded(capacity);
                yield new Pipe() {
                    @Override
                    public void send(Integer element) {
                        ch.send(element);
                    }

                    @Override
                    public Integer receive() {
                        return ch.receive();
                    }
                };
            }
            case JOX -> {
                Channel<Integer> ch =
                        capacity == 0
                                ? Channel.newRendezvousChannel()
                                : Channel.newBufferedChannel(capacity);
                yield new Pipe() {
                    @Override
                    public void send(Integer element) throws InterruptedException {
                        ch.send(element);
                    }

                    @Override
                    public Integer receive() throws InterruptedException {
                        return ch.receive();
                    }
                };
            }
            case SYNCHRONOUS_QUEUE -> {
                requireCapacity(impl, capacity == 0);
                SynchronousQueue<Integer> q = new SynchronousQueue<>();
                yield new Pipe() {
                    @Override
                    public void send(Integer element) throws InterruptedException {
                        q.put(element);
                    }

                    @Override
                    public Integer receive() throws InterruptedException {
                        return q.take();
                    }
                };
            }
            case LINKED_TRANSFER_QUEUE -> {
                requireCapacity(impl, capacity == 0);
                LinkedTransferQueue<Integer> q = new LinkedTransferQueue<>();
                yield new Pipe() {
                    @Override
                    public void send(Integer element) throws InterruptedException {
                        q.transfer(element);
                    }

                    @Override
                    public Integer receive() throws InterruptedException {
                        return q.take();
                    }
                };
            }
            case ARRAY_BLOCKING_QUEUE -> {
                requireCapacity(impl, capacity > 0);
                ArrayBlockingQueue<Integer> q = new ArrayBlockingQueue<>(capacity);
                yield new Pipe() {
                    @Override
                    public void send(Integer element) throws InterruptedException {
                        q.put(element);
                    }

                    @Override
                    public Integer receive() throws InterruptedException {
                        return q.take();
                    }
                };
            }
        };
    }

    private static void requireCapacity(Impl impl, boolean ok) {
        if (!ok) {
            throw new IllegalArgumentException(impl + " has no form with this capacity");
        }
    }
}
