package dev.weft.bench;

import dev.weft.Weft;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Gather {@code tasks} no-op results in order: {@code Weft.gather} beside {@code invokeAll}, {@code
 * CompletableFuture.allOf} and the preview {@code StructuredTaskScope} with {@code
 * allSuccessfulOrThrow}.
 *
 * <p>Thread safety: one thread drives an instance at a time; {@link #close()} when done.
 */
final class GatherWork implements AutoCloseable {
    private final int tasks;
    private final List<Callable<Integer>> calls;
    private final ExecutorService shared = Executors.newVirtualThreadPerTaskExecutor();
    private final StructuredPeer structured;

    GatherWork(int tasks) {
        this.tasks = tasks;
        this.calls = Collections.nCopies(tasks, Work.NO_OP);
        this.structured = Peers.hasStructured() ? Peers.structured() : null;
    }

    List<Integer> weftGather() {
        return check(Weft.gather(calls));
    }

    List<Integer> executorInvokeAll() throws InterruptedException, ExecutionException {
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> futures = ex.invokeAll(calls);
            List<Integer> results = new ArrayList<>(futures.size());
            for (Future<Integer> f : futures) {
                results.add(f.get());
            }
            return check(results);
        }
    }

    List<Integer> completableFutureAllOf() {
        CompletableFuture<?>[] futures = new CompletableFuture<?>[tasks];
        for (int i = 0; i < futures.length; i++) {
            futures[i] = CompletableFuture.supplyAsync(() -> 1, shared);
        }
        CompletableFuture.allOf(futures).join();
        List<Integer> results = new ArrayList<>(futures.length);
        for (CompletableFuture<?> f : futures) {
            results.add((Integer) f.join());
        }
        return check(results);
    }

    List<Integer> structuredTaskScope() throws Exception {
        return check(structured.gather(calls));
    }

    private List<Integer> check(List<Integer> results) {
        if (results.size() != tasks) {
            throw new AssertionError("gathered " + results.size() + " of " + tasks);
        }
        return results;
    }

    @Override
    public void close() {
        shared.close();
    }
}
