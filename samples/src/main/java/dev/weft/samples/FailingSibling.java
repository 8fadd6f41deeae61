package dev.weft.samples;

import dev.weft.Scope;
import dev.weft.ScopeOptions;
import dev.weft.Task;
import dev.weft.Weft;
import java.io.PrintStream;
import java.time.Duration;

/**
 * Demo: one failing task tears down the whole tree. A checkout loads the user and the cart (the
 * cart prices its items in a nested scope) while it charges the card; the card is declined after
 * 200 ms. The fail-fast scope then cancels every sibling — including the grandchildren in the
 * nested scope — waits for them, and rethrows the failure, so nothing keeps running for a checkout
 * that has already failed. The tree is printed at the moment of failure and once more after.
 * Prints:
 * <pre>
 * at the moment of failure:
 * checkout (scope)
 * +-- load-user RUNNING
 * +-- load-cart RUNNING
 * |   `-- cart (scope)
 * |       +-- price-1 RUNNING
 * |       +-- price-2 RUNNING
 * |       `-- price-3 RUNNING
 * `-- charge-card FAILED
 * checkout failed: card declined
 * after the scope closed:
 * checkout (scope)
 * +-- load-user CANCELLED
 * ...
 * `-- charge-card FAILED
 * </pre>
 */
public final class FailingSibling {
    private static final Duration SLOW = Duration.ofSeconds(10);

    private FailingSibling() {
    }

    /**
     * Runs the checkout and prints the task tree at the failure and after it.
     *
     * @param out where to print
     * @param args ignored
     */
    public static void run(PrintStream out, String... args) {
        TaskTreeView tree = TaskTreeView.scope("checkout");
        Weft.run(() -> {
            try {
                Weft.scope(ScopeOptions.defaults().withName("checkout"), s -> {
                    tree.add(s.fork("load-user", () -> Weft.sleep(SLOW)));
                    TaskTreeView cart = TaskTreeView.scope("cart");
                    tree.add(s.fork("load-cart", () -> priceItems(cart))).attach(cart);
                    Task<Void> charge = s.fork("charge-card", FailingSibling::chargeCard);
                    tree.add(charge);
                    charge.onComplete(t -> out.print("at the moment of failure:\n" + tree.render()));
                });
            } catch (IllegalStateException e) {
                out.println("checkout failed: " + e.getMessage());
            }
        });
        out.print("after the scope closed:\n" + tree.render());
    }

    private static void priceItems(TaskTreeView cart) {
        try (Scope items = Scope.open(ScopeOptions.defaults().withName("cart"))) {
            for (int i = 1; i <= 3; i++) {
                cart.add(items.fork("price-" + i, () -> Weft.sleep(SLOW)));
            }
            items.join();
        }
    }

    private static void chargeCard() {
        Weft.sleep(Duration.ofMillis(200));
        throw new IllegalStateException("card declined");
    }
}
