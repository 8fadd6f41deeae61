package dev.weft;

import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/*
 * Weft.onPlatformThread: asyncio's to_thread, Trio's to_thread.run_sync.
 *
 * Concurrency is bounded by a Limiter (the default one, or the caller's), so the permit mechanism
 * is core's one. The threads come from one cached pool: a call takes an idle thread or starts a
 * new one, and a thread idle for KEEP_ALIVE ends. The pool itself needs no bound: at most as many
 * threads run calls as permits are held across all limiters in use.
 *
 * Structure: a call never outlives its caller. When the caller is cancelled, the pool thread is
 * interrupted and the caller waits (quietly) until the call has returned before it throws, and
 * only then gives its permit back. So when onPlatformThread returns or throws, its pool thread is
 * idle again, and IN_FLIGHT (what the leak check reads) counts exactly the calls whose caller is
 * still inside onPlatformThread.
 *
 * Interrupt hygiene: the caller interrupts the pool thread only while it runs this call (runner
 * is set and cleared under a lock), and the pool thread clears its interrupt status after the
 * call, so an interrupt never leaks into the next call on that thread.
 */
final class PlatformThreads {
    /**
     * The default limiter's permits: {@code -Dweft.platformThreads}, else asyncio's min(32, cpus +
     * 4).
     */
    static final int DEFAULT_PERMITS =
            Math.max(
                    1,
                    Integer.getInteger(
                            "weft.platformThreads",
                            Math.min(32, Runtime.getRuntime().availableProcessors() + 4)));

    /**
     * How long an idle pool thread lives: {@code -Dweft.platformThreads.keepAliveSeconds}, else 10.
     */
    static final long KEEP_ALIVE_SECONDS =
            Math.max(1, Long.getLong("weft.platformThreads.keepAliveSeconds", 10));

    static final Limiter DEFAULT = new Limiter(DEFAULT_PERMITS);

    private static final AtomicInteger IN_FLIGHT = new AtomicInteger();
    private static final AtomicInteger THREAD_SEQ = new AtomicInteger();
    private static final ThreadPoolExecutor POOL = newPool();

    private PlatformThreads() {}

    private static ThreadPoolExecutor newPool() {
        ThreadPoolExecutor pool =
                new ThreadPoolExecutor(
                        0,
                        Integer.MAX_VALUE,
                        KEEP_ALIVE_SECONDS,
                        TimeUnit.SECONDS,
                        new SynchronousQueue<>(),
                        r -> {
                            Thread t =
                                    new Thread(r, "weft-platform-" + THREAD_SEQ.incrementAndGet());
                            t.setDaemon(true);
                            return t;
                        });
        return pool;
    }

    /** Calls whose caller is still waiting inside {@link #call}: zero when nothing runs. */
    static int inFlight() {
        return IN_FLIGHT.get();
    }

    /** Pool threads alive now, busy or idle. */
    static int poolThreads() {
        return POOL.getPoolSize();
    }

    static <T> T call(Limiter limiter, Callable<? extends T> callable) {
        Objects.requireNonNull(limiter, "limiter");
        Objects.requireNonNull(callable, "callable");
        Cancellation.checkpoint();
        IN_FLIGHT.incrementAndGet();
        try {
            Limiter.Permit permit = limiter.acquire();
            try {
                Call<T> call = new Call<>(callable);
                POOL.execute(call);
                return call.await(); // returns or throws only once the call has ended
            } finally {
                permit.close();
            }
        } finally {
            IN_FLIGHT.decrementAndGet();
        }
    }

    /** One call on a pool thread, with the caller's Weft context and MDC. */
    private static final class Call<T> implements Runnable {
        private final Callable<? extends T> callable;
        private final @Nullable Map<Context.Key<?>, Object> context = Context.capture();
        private final @Nullable Map<String, String> mdc = MDC.getCopyOfContextMap();
        private final CompletableFuture<T> done = new CompletableFuture<>();
        private final ReentrantLock lock = new ReentrantLock();
        private @Nullable Thread runner;
        private boolean cancelled;

        Call(Callable<? extends T> callable) {
            this.callable = callable;
        }

        @Override
        public void run() {
            lock.lock();
            try {
                if (cancelled) {
                    done.completeExceptionally(
                            new CancelledException("cancelled before it started"));
                    return;
                }
                runner = Thread.currentThread();
            } finally {
                lock.unlock();
            }
            if (context != null) {
                Context.install(context);
            }
            if (mdc != null) {
                MDC.setContextMap(mdc);
            }
            try {
                done.complete(callable.call());
            } catch (Throwable t) {
                done.completeExceptionally(t);
            } finally {
                lock.lock();
                try {
                    runner = null;
                } finally {
                    lock.unlock();
                }
                Thread.interrupted(); // an interrupt aimed at this call must not reach the next
                if (mdc != null) {
                    MDC.clear();
                }
                if (context != null) {
                    Context.install(null);
                }
            }
        }

        private void interrupt() {
            lock.lock();
            try {
                cancelled = true;
                if (runner != null) {
                    runner.interrupt();
                }
            } finally {
                lock.unlock();
            }
        }

        T await() {
            try {
                return StageWait.await(done, false);
            } catch (CancelledException cancelled) {
                if (done.isDone()) {
                    // Finished as the caller was cancelled, or cancelled itself: report as the
                    // stage ended.
                    return reportAfterCancel(cancelled);
                }
                interrupt();
                StageWait.awaitQuietly(done, -1L, false); // a pool thread's work: outside Weft
                return reportAfterCancel(cancelled);
            }
        }

        /**
         * The caller was cancelled: a real failure of the call wins (never hidden behind the
         * cancellation), anything else is reported as the cancellation.
         */
        private T reportAfterCancel(CancelledException cancelled) {
            Throwable failure =
                    done.isCompletedExceptionally() ? done.handle((v, e) -> e).join() : null;
            if (failure != null && !Cancellation.isCancellation(failure)) {
                failure.addSuppressed(cancelled);
                throw Failures.propagate(failure, "platform-thread call failed");
            }
            throw cancelled;
        }
    }
}
