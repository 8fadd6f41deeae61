package dev.weft.docs;

import dev.weft.Channel;
import dev.weft.DeadlineExceededException;
import dev.weft.Limiter;
import dev.weft.Scope;
import dev.weft.ScopeOptions;
import dev.weft.Task;
import dev.weft.Weft;

import java.time.Duration;

/**
 * asyncio idioms beyond the tutorial, as docs/asyncio-to-weft.md quotes them; {@code
 * DocExamplesTest} runs them.
 */
final class BeyondTutorialSnippets {
    private BeyondTutorialSnippets() {}

    // region task-group
    static String taskGroup() {
        return Weft.run(
                () ->
                        Weft.scoped(
                                tg -> {
                                    Task<String> t1 = tg.fork(() -> fetch("a"));
                                    Task<String> t2 = tg.fork(() -> fetch("b"));
                                    return t1.join() + " " + t2.join();
                                })); // the block's end: every task has finished
    }

    // endregion

    // region task-group-twr
    static String taskGroupWithResources() {
        return Weft.run(
                () -> {
                    try (Scope tg = Scope.open()) {
                        Task<String> t1 = tg.fork(() -> fetch("a"));
                        Task<String> t2 = tg.fork(() -> fetch("b"));
                        tg.join(); // the wait TaskGroup does at the block's end
                        return t1.resultNow() + " " + t2.resultNow();
                    }
                });
    }

    // endregion

    // region timeout
    static String withDeadline(Duration limit) {
        try {
            Weft.scope(ScopeOptions.defaults().withTimeout(limit), s -> longRunningTask());
            return "finished";
        } catch (DeadlineExceededException e) {
            return "timed out";
        }
    }

    // endregion

    // region queue
    static int producerConsumer() {
        Channel<Integer> queue = Channel.bounded(4);
        return Weft.run(
                () -> {
                    try (Scope tg = Scope.open()) {
                        tg.fork(
                                () -> {
                                    try {
                                        for (int i = 0; i < 10; i++) {
                                            queue.send(i); // await queue.put(i): waits while full
                                        }
                                    } finally {
                                        queue.close(); // queue.shutdown()
                                    }
                                });
                        Task<Integer> total =
                                tg.fork(
                                        () -> {
                                            int sum = 0;
                                            for (int x : queue) { // ends once closed and drained
                                                sum += x;
                                            }
                                            return sum;
                                        });
                        tg.join();
                        return total.resultNow();
                    }
                });
    }

    // endregion

    // region semaphore
    static final Limiter LIMIT = new Limiter(4);

    static String fetchLimited(String url) throws Exception {
        return LIMIT.run(() -> fetch(url)); // async with sem: at most 4 at a time
    }

    // endregion

    static String fetch(String what) {
        Weft.sleep(Duration.ofMillis(10));
        return what.toUpperCase(java.util.Locale.ROOT);
    }

    static void longRunningTask() {
        Weft.sleep(Duration.ofMillis(300));
    }
}
