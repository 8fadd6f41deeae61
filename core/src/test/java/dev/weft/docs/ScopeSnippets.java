package dev.weft.docs;

import dev.weft.Context;
import dev.weft.FailurePolicy;
import dev.weft.Scope;
import dev.weft.ScopeOptions;
import dev.weft.Task;
import dev.weft.TaskGroupException;
import dev.weft.Weft;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/** Code quoted by docs/scopes-and-policies.md; {@code DocExamplesTest} runs it. */
final class ScopeSnippets {
    private ScopeSnippets() {}

    // region lambda
    static void warmCaches(List<String> regions) {
        Weft.scope(
                s -> {
                    for (String region : regions) {
                        s.fork(() -> warm(region)); // each on its own virtual thread
                    }
                }); // returns when every warm() has returned
    }

    // endregion

    // region lambda-value
    static String summary(String id) {
        return Weft.scoped(
                s -> {
                    Task<String> name = s.fork(() -> lookup("name", id));
                    Task<String> avatar = s.fork(() -> lookup("avatar", id));
                    return name.join()
                            + " "
                            + avatar.join(); // returned once every task has finished
                });
    }

    // endregion

    // region twr
    static String profile(String id) {
        try (Scope scope = Scope.open(ScopeOptions.defaults().withName("profile"))) {
            Task<String> name = scope.fork("name", () -> lookup("name", id));
            Task<String> avatar = scope.fork("avatar", () -> lookup("avatar", id));
            scope.join(); // throws the first failure, if any
            return name.resultNow() + " " + avatar.resultNow();
        } // close(): cancels stragglers, waits for them
    }

    // endregion

    // region supervise
    static Map<String, String> crawl(List<String> urls) {
        Map<String, String> pages = new ConcurrentHashMap<>();
        ScopeOptions options =
                ScopeOptions.defaults().withName("crawl").withPolicy(FailurePolicy.SUPERVISE);
        try {
            Weft.scope(
                    options,
                    s -> {
                        for (String url : urls) {
                            s.fork(() -> pages.put(url, fetch(url))); // a failure cancels nothing
                        }
                    });
        } catch (TaskGroupException e) {
            for (Throwable failure : e.failures()) { // every failure, in order
                System.err.println("crawl: " + failure);
            }
        }
        return pages; // what did succeed
    }

    // endregion

    // region cancel-self
    static Optional<String> firstShardWith(List<String> shards, String needle) {
        AtomicReference<String> found = new AtomicReference<>();
        try (Scope scope = Scope.open()) {
            for (String shard : shards) {
                scope.fork(
                        () -> {
                            if (search(shard, needle) && found.compareAndSet(null, shard)) {
                                scope.cancel("found in " + shard); // stop the other searches
                            }
                        });
            }
            scope.join(); // returns normally: a scope absorbs its own cancel()
        }
        return Optional.ofNullable(found.get());
    }

    // endregion

    // region context
    static final Context.Key<String> REQUEST_ID = Context.key("request-id");

    static void handle(String requestId) {
        Weft.run(
                () -> {
                    Context.set(REQUEST_ID, requestId); // this task's value
                    Weft.scope(
                            s ->
                                    s.fork(
                                            () -> // a child starts with a copy of its parent's
                                                    // values
                                                    System.out.println(
                                                            "working on "
                                                                    + Context.get(REQUEST_ID)
                                                                            .orElse("?"))));
                });
    }

    // endregion

    static void warm(String region) {
        Weft.sleep(Duration.ofMillis(10));
    }

    static String lookup(String what, String id) {
        Weft.sleep(Duration.ofMillis(10));
        return what + ":" + id;
    }

    static String fetch(String url) {
        Weft.sleep(Duration.ofMillis(10));
        if (url.contains("broken")) {
            throw new IllegalStateException("cannot fetch " + url);
        }
        return "<html>" + url + "</html>";
    }

    static boolean search(String shard, String needle) {
        if (shard.contains(needle)) {
            return true;
        }
        Weft.sleep(Duration.ofSeconds(30)); // a slow miss; cancelled when another shard matches
        return false;
    }
}
