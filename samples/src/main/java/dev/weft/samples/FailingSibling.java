package dev.weft.samples;

import dev.weft.Scope;
import dev.weft.ScopeOptions;
import dev.weft.Task;
import dev.weft.TaskTree;
import dev.weft.Weft;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Demo: one failing task tears down the whole tree. A checkout loads the user and the cart (the
 * cart prices its items in a nested scope) while it charges the card; the card is declined after
 * 200 ms. The fail-fast scope then cancels every sibling — the grandchildren in the nested scope
 * too — waits for them, and rethrows the failure: nothing keeps running for a checkout that has
 * already failed.
 *
 * <p>The live task tree ({@link TaskTree#render()}) is printed at the moment of failure, from the
 * failing task's completion callback, before the siblings are cancelled; then every task's final
 * state. Prints (scope ages and thread ids vary; a task's age shows in debug mode only):
 *
 * <pre>
 * task tree at the moment of failure:
 * scope 'run' open 0.214s owner=main
 * └─ task 'main' RUNNING thread=#31 main joining scope 'checkout'
 *    └─ scope 'checkout' open 0.212s owner=main
 *       ├─ task 'load-user' RUNNING thread=#33 load-user
 *       ...
 * checkout failed: card declined
 * load-user CANCELLED
 * load-cart CANCELLED
 * price-1 CANCELLED
 * price-2 CANCELLED
 * price-3 CANCELLED
 * charge-card FAILED
 * </pre>
 */
public final class FailingSibling {
    private static final Duration SLOW = Duration.ofSeconds(10);
    private static final List<String> TASKS =
            List.of("load-user", "load-cart", "price-1", "price-2", "price-3", "charge-card");

    public static void main(String[] args) {
        Map<String, Task<?>> tasks = new ConcurrentHashMap<>();
        Weft.run(
                () -> {
                    try {
                        Weft.scope(
                                ScopeOptions.defaults().withName("checkout"),
                                s -> {
                                    track(tasks, s.fork("load-user", () -> Weft.sleep(SLOW)));
                                    track(tasks, s.fork("load-cart", () -> priceItems(tasks)));
                                    Task<Void> charge =
                                            track(
                                                    tasks,
                                                    s.fork(
                                                            "charge-card",
                                                            FailingSibling::chargeCard));
                                    charge.onComplete(
                                            t ->
                                                    System.out.print(
                                                            "task tree at the moment of failure:\n"
                                                                    + TaskTree.render()));
                                });
                    } catch (IllegalStateException e) {
                        System.out.println("checkout failed: " + e.getMessage());
                    }
                });
        for (String name : TASKS) {
            System.out.println(name + " " + tasks.get(name).state());
        }
    }

    private static void priceItems(Map<String, Task<?>> tasks) {
        try (Scope items = Scope.open(ScopeOptions.defaults().withName("cart"))) {
            for (int i = 1; i <= 3; i++) {
                track(tasks, items.fork("price-" + i, () -> Weft.sleep(SLOW)));
            }
            items.join();
        }
    }

    private static void chargeCard() {
        Weft.sleep(Duration.ofMillis(200));
        throw new IllegalStateException("card declined");
    }

    private static <T> Task<T> track(Map<String, Task<?>> tasks, Task<T> task) {
        tasks.put(task.name(), task);
        return task;
    }
}
