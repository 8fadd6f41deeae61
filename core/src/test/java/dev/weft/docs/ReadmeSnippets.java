package dev.weft.docs;

import dev.weft.Scope;
import dev.weft.Task;
import dev.weft.Weft;

import java.time.Duration;
import java.util.List;

/** The README's first example; {@code DocExamplesTest} runs it. */
public final class ReadmeSnippets {
    private ReadmeSnippets() {}

    // region readme
    record Page(String user, List<String> orders) {}

    static Page loadPage(String id) {
        try (Scope scope = Scope.open()) {
            Task<String> user = scope.fork(() -> fetchUser(id)); // own virtual thread
            Task<List<String>> orders = scope.fork(() -> fetchOrders(id)); // at the same time
            scope.join(); // waits for both; the first failure cancels the other
            return new Page(user.resultNow(), orders.resultNow());
        } // no task outlives the block
    }

    public static void main(String[] args) {
        System.out.println(Weft.run(() -> loadPage("42")));
    }

    // endregion

    static String fetchUser(String id) {
        Weft.sleep(Duration.ofMillis(50));
        return "user-" + id;
    }

    static List<String> fetchOrders(String id) {
        Weft.sleep(Duration.ofMillis(80));
        return List.of("order-1", "order-2");
    }
}
