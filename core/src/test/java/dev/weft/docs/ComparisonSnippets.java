package dev.weft.docs;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The README example written without Weft, for docs/comparison.md; {@code DocExamplesTest} runs it.
 */
final class ComparisonSnippets {
    private ComparisonSnippets() {}

    record Page(String user, List<String> orders) {}

    // region executor
    static Page loadPageWithExecutor(String id) throws InterruptedException, ExecutionException {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<String> user = pool.submit(() -> fetchUser(id));
            Future<List<String>> orders = pool.submit(() -> fetchOrders(id));
            // If fetchUser fails, fetchOrders runs on until it ends: nothing cancels it,
            // and close() waits for it. The failure arrives wrapped in ExecutionException.
            return new Page(user.get(), orders.get());
        }
    }

    // endregion

    // region completable
    static Page loadPageWithFutures(String id) {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            CompletableFuture<String> user =
                    CompletableFuture.supplyAsync(() -> fetchUser(id), pool);
            CompletableFuture<List<String>> orders =
                    CompletableFuture.supplyAsync(() -> fetchOrders(id), pool);
            // cancel(true) on a CompletableFuture does not interrupt the thread running it,
            // and join() wraps failures in CompletionException.
            return user.thenCombine(orders, Page::new).join();
        }
    }

    // endregion

    static String fetchUser(String id) {
        sleep(Duration.ofMillis(50));
        return "user-" + id;
    }

    static List<String> fetchOrders(String id) {
        sleep(Duration.ofMillis(80));
        return List.of("order-1", "order-2");
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
