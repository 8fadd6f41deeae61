package dev.weft.bench;

import dev.weft.Weft;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A call with a generous timeout that the work beats: {@code Weft.withTimeout} (the work on the
 * caller's thread in a scope with a deadline) beside {@code Future.get(timeout)}, {@code
 * CompletableFuture.orTimeout} and the preview {@code StructuredTaskScope} with a timeout, which
 * run the work on a new virtual thread as their APIs do.
 *
 * <p>Thread safety: one thread drives an instance at a time; {@link #close()} when done.
 */
final class TimeoutWork implements AutoCloseable {
    private final ExecutorService shared = Executors.newVirtualThreadPerTaskExecutor();
    private final StructuredPeer structured = Peers.hasStructured() ? Peers.structured() : null;

    Integer weftWithTimeout() {
        return Weft.withTimeout(Work.IN_TIME, Work.NO_OP);
    }

    Integer executorFutureGet() throws InterruptedException, ExecutionException, TimeoutException {
        return shared.submit(Work.NO_OP).get(Work.IN_TIME.toNanos(), TimeUnit.NANOSECONDS);
    }

    Integer completableFutureOrTimeout() {
        return CompletableFuture.supplyAsync(() -> 1, shared)
                .orTimeout(Work.IN_TIME.toNanos(), TimeUnit.NANOSECONDS)
                .join();
    }

    Integer structuredTaskScope() throws Exception {
        return structured.withTimeout(Work.IN_TIME, Work.NO_OP);
    }

    @Override
    public void close() {
        shared.close();
    }
}
