package dev.weft.io;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/*
 * Bounded fan-out for the multi-file helpers: each item on its own virtual thread, at most
 * `concurrency` at once (the launcher takes a permit before starting a thread), results in input
 * order. Fail-fast: the first failure interrupts the others; every started thread is joined before
 * returning or throwing, so no thread outlives the call. If the caller is cancelled, the workers
 * are interrupted and joined, and CancelledException is thrown.
 */
final class Fan {
    private Fan() {}

    @FunctionalInterface
    interface IoFunction<T, R> {
        R apply(T item) throws IOException;
    }

    @SuppressWarnings("unchecked")
    static <T, R> List<R> map(List<? extends T> items, int concurrency, String what, IoFunction<? super T, ? extends R> fn)
            throws IOException {
        Blocking.checkCancelled(what);
        Object[] results = new Object[items.size()];
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Semaphore permits = new Semaphore(concurrency);
        List<Thread> workers = new ArrayList<>();
        Thread.Builder builder = Thread.ofVirtual().name("weft-io-" + what.replace(' ', '-') + "-", 0);
        boolean cancelled = false;
        try {
            for (int i = 0; i < results.length && failure.get() == null; i++) {
                permits.acquire();
                if (failure.get() != null) {
                    permits.release();
                    break;
                }
                int index = i;
                T item = items.get(i);
                Thread t = builder.unstarted(() -> {
                    try {
                        results[index] = fn.apply(item);
                    } catch (Throwable e) {
                        if (failure.compareAndSet(null, e)) {
                            interruptAll(workers);
                        }
                    } finally {
                        permits.release();
                    }
                });
                synchronized (workers) {
                    workers.add(t);
                }
                t.start();
            }
            for (Thread t : snapshot(workers)) {
                t.join();
            }
        } catch (InterruptedException e) {
            cancelled = true;
            interruptAll(workers);
            joinUninterruptibly(workers);
            throw Blocking.cancelled(what, e);
        } finally {
            if (!cancelled) {
                joinUninterruptibly(workers);
            }
        }
        Throwable f = failure.get();
        if (f != null) {
            throw rethrow(f);
        }
        return (List<R>) Arrays.asList(results);
    }

    private static List<Thread> snapshot(List<Thread> workers) {
        synchronized (workers) {
            return List.copyOf(workers);
        }
    }

    private static void interruptAll(List<Thread> workers) {
        for (Thread t : snapshot(workers)) {
            if (t != Thread.currentThread()) {
                t.interrupt();
            }
        }
    }

    private static void joinUninterruptibly(List<Thread> workers) {
        boolean interrupted = false;
        for (Thread t : snapshot(workers)) {
            while (true) {
                try {
                    t.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static IOException rethrow(Throwable f) {
        if (f instanceof IOException io) {
            return io;
        }
        if (f instanceof RuntimeException re) {
            throw re;
        }
        if (f instanceof Error err) {
            throw err;
        }
        throw new IllegalStateException("unexpected checked failure", f);
    }
}
