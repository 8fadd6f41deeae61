package dev.weft.bench;

import dev.weft.Weft;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Fork and join {@code tasks} no-op tasks: a Weft scope beside bare virtual threads, a
 * virtual-thread-per-task executor, {@code CompletableFuture.supplyAsync} on a virtual-thread
 * executor, and the JDK 25 preview {@code StructuredTaskScope}. One operation is the whole batch.
 *
 * <p>Thread safety: one thread drives an instance at a time; {@link #close()} when done.
 */
final class ForkJoinWork implements AutoCloseable {
    private final int tasks;
    private final ExecutorService shared = Executors.newVirtualThreadPerTaskExecutor();
    private final StructuredPeer structured;

    ForkJoinWork(int tasks) {
        this.tasks = tasks;
        this.structured = Peers.hasStructured() ? Peers.structured() : null;
    }

    boolean hasStructured() {
        return structured != null;
    }

    /** Weft: a lambda-form scope that forks the tasks and joins them when the body returns. */
    void weftScope() {
        int n = tasks;
        Weft.scope(
                s -> {
                    for (int i = 0; i < n; i++) {
                        s.fork(Work.NO_OP);
                    }
                });
    }

    /** Bare virtual threads: start each, then join each. */
    void virtualThreads() throws InterruptedException {
        Thread[] threads = new Thread[tasks];
        for (int i = 0; i < threads.length; i++) {
            threads[i] = Thread.ofVirtual().start(Work.NO_OP_RUNNABLE);
        }
        for (Thread t : threads) {
            t.join();
        }
    }

    /** A new virtual-thread-per-task executor per batch; its close waits for the tasks. */
    void virtualThreadExecutor() {
        int n = tasks;
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                ex.submit(Work.NO_OP);
            }
        }
    }

    /** {@code supplyAsync} on a shared virtual-thread executor, then {@code allOf(...).join()}. */
    void completableFuture() {
        CompletableFuture<?>[] futures = new CompletableFuture<?>[tasks];
        for (int i = 0; i < futures.length; i++) {
            futures[i] = CompletableFuture.supplyAsync(() -> 1, shared);
        }
        CompletableFuture.allOf(futures).join();
    }

    /** The JDK 25 preview StructuredTaskScope with its default joiner. */
    void structuredTaskScope() throws Exception {
        structured.forkJoin(tasks, Work.NO_OP);
    }

    /**
     * Runs {@code batch} on a new virtual thread and waits for it: the owner of the batch is a
     * virtual thread, as inside {@code Weft.run}.
     */
    static void onVirtualOwner(Rounds.Op batch) throws InterruptedException {
        Throwable[] failed = new Throwable[1];
        Thread.ofVirtual()
                .start(
                        () -> {
                            try {
                                batch.run(1);
                            } catch (Throwable e) {
                                failed[0] = e;
                            }
                        })
                .join();
        if (failed[0] != null) {
            throw new IllegalStateException("batch on a virtual owner failed", failed[0]);
        }
    }

    @Override
    public void close() {
        shared.close();
    }
}
