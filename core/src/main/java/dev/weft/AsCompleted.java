package dev.weft;

import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.Consumer;

/*
 * Weft.asCompleted. The iterator registers one withdrawable completion callback per task when it
 * first needs one; a callback queues its task's index once (the per-index flag makes a callback
 * that races its own withdrawal harmless) and unparks the iterating thread. Callbacks stay
 * registered between calls to next(), so tasks finishing while the caller works are not missed,
 * and are withdrawn when next() times out or is cancelled: a loop that polls a long-lived task
 * with short timeouts leaves nothing behind on it. After a cancellation they are registered again
 * by the next call; after a timeout every call throws it again.
 */
final class AsCompleted<T> implements Iterable<Task<T>> {
    private final List<Task<T>> tasks;

    /** Negative: no timeout. */
    private final long nanos;

    private final long deadline;
    private final AtomicBoolean used = new AtomicBoolean();

    AsCompleted(List<Task<T>> tasks, long nanos) {
        this.tasks = tasks;
        this.nanos = nanos;
        this.deadline = nanos < 0 ? 0L : Durations.deadlineIn(nanos);
    }

    @Override
    public Iterator<Task<T>> iterator() {
        if (!used.compareAndSet(false, true)) {
            throw new IllegalStateException("asCompleted can be iterated only once");
        }
        return new Iter();
    }

    private final class Iter implements Iterator<Task<T>> {
        private final Queue<Integer> finished = new ConcurrentLinkedQueue<>();
        private final AtomicIntegerArray queued = new AtomicIntegerArray(tasks.size());
        private final @Nullable Object[] handles = new Object[tasks.size()];
        private volatile @Nullable Thread waiter;
        private int left = tasks.size();
        private boolean expired;

        @Override
        public boolean hasNext() {
            return left > 0;
        }

        @Override
        public Task<T> next() {
            if (left == 0) {
                throw new NoSuchElementException();
            }
            if (expired) {
                throw timedOut();
            }
            try {
                Cancellation.checkpoint();
                attach();
                Integer i = awaitNext();
                if (i == null) {
                    expired = true;
                    detach();
                    throw timedOut();
                }
                left--;
                return tasks.get(i);
            } catch (CancelledException e) {
                detach();
                throw e;
            }
        }

        private void attach() {
            for (int i = 0; i < handles.length; i++) {
                if (handles[i] == null && queued.get(i) == 0) {
                    int index = i;
                    Consumer<Object> onDone =
                            x -> {
                                if (queued.compareAndSet(index, 0, 1)) {
                                    finished.add(index);
                                    Thread w = waiter;
                                    if (w != null) {
                                        Durations.unpark(w);
                                    }
                                }
                            };
                    handles[i] = ((TaskImpl<?>) tasks.get(i)).addCallback(onDone);
                }
            }
        }

        private void detach() {
            for (int i = 0; i < handles.length; i++) {
                if (handles[i] != null) {
                    ((TaskImpl<?>) tasks.get(i)).removeCallback(handles[i]);
                    handles[i] = null;
                }
            }
        }

        /** The index of the next finished task, or null when the timeout has passed. */
        private @Nullable Integer awaitNext() {
            Integer i = finished.poll();
            if (i != null) {
                return i;
            }
            waiter = Thread.currentThread();
            try {
                while ((i = finished.poll()) == null) {
                    if (nanos < 0) {
                        Durations.park(this);
                    } else if (Durations.remaining(deadline) <= 0) {
                        return null;
                    } else {
                        Durations.parkUntil(this, deadline);
                    }
                    if (Thread.interrupted()) {
                        throw Cancellation.interrupted("waiting for the next completed task", null);
                    }
                }
                return i;
            } finally {
                waiter = null;
            }
        }

        private DeadlineExceededException timedOut() {
            Duration timeout = Duration.ofNanos(nanos);
            String reason =
                    "asCompleted timed out after " + timeout + " with " + left + " task(s) pending";
            return new DeadlineExceededException(reason, timeout, new CancelledException(reason));
        }
    }
}
