package dev.weft.io.http.internal;

import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A body subscriber that hands the response body to the calling thread one buffer at a time, with a
 * timeout on every wait.
 *
 * <p>The JDK's {@code BodyHandlers.ofInputStream()} blocks without a limit; this one lets the
 * caller bound the silence between chunks and the whole call. It requests one list of buffers at a
 * time, so at most two lists are buffered (back-pressure keeps the rest in the socket), and {@link
 * #cancel()} cancels the subscription, which makes the client close the connection. Producer
 * methods run on the client's threads; {@link #next} and {@link #cancel} on the caller's.
 */
public final class BodyChannel implements HttpResponse.BodySubscriber<BodyChannel>, BodySource {
    private static final Object END = new Object();

    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private volatile Flow.@Nullable Subscription subscription;
    private volatile boolean cancelled;
    private @Nullable Iterator<ByteBuffer> current;
    private boolean finished;

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (cancelled) {
            s.cancel();
        } else {
            s.request(1);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        queue.add(item);
    }

    @Override
    public void onError(Throwable throwable) {
        queue.add(throwable);
    }

    @Override
    public void onComplete() {
        queue.add(END);
    }

    @Override
    public CompletionStage<BodyChannel> getBody() {
        return CompletableFuture.completedFuture(this);
    }

    /**
     * Returns the next non-empty buffer, or {@code null} at the end of the body.
     *
     * @param timeoutNanos the longest wait for the next buffer
     * @throws TimeoutException if nothing arrived in time
     * @throws InterruptedException if the caller was interrupted while waiting
     * @throws IOException if the exchange failed
     */
    @Override
    public @Nullable ByteBuffer next(long timeoutNanos)
            throws TimeoutException, InterruptedException, IOException {
        while (true) {
            if (finished) {
                return null;
            }
            if (current != null && current.hasNext()) {
                ByteBuffer buffer = current.next();
                if (buffer.hasRemaining()) {
                    return buffer;
                }
                continue;
            }
            Object item = queue.poll(Math.max(0, timeoutNanos), TimeUnit.NANOSECONDS);
            if (item == null) {
                throw new TimeoutException("no body data within the timeout");
            }
            if (item == END) {
                finished = true;
                return null;
            }
            if (item instanceof Throwable failure) {
                finished = true;
                throw failure instanceof IOException io ? io : new IOException(failure);
            }
            @SuppressWarnings("unchecked")
            List<ByteBuffer> list = (List<ByteBuffer>) item;
            current = list.iterator();
            Flow.Subscription s = subscription;
            if (s != null) {
                s.request(1);
            }
        }
    }

    /** Whether the end of the body (or a failure) has been seen by {@link #next}. */
    @Override
    public boolean finished() {
        return finished;
    }

    /** Stops the transfer; the client closes the connection. Idempotent. */
    @Override
    public void abort() {
        if (!finished()) {
            cancel();
        }
    }

    /**
     * Cancels the subscription (the client closes the connection), even after the end. Idempotent.
     */
    public void cancel() {
        cancelled = true;
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }
}
