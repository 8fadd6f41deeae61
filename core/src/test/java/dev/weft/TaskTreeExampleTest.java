package dev.weft;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/** The example of docs/debugging.md: it runs, and the tree it prints is the one shown there. */
@Timeout(30)
class TaskTreeExampleTest {

    @AfterEach
    void debugOff() {
        TaskTree.setDebug(false);
    }

    @Test
    void printsTheLiveTree() {
        AtomicReference<String> printed = new AtomicReference<>();
        CountDownLatch busy = new CountDownLatch(3);
        // region example
        TaskTree.setDebug(true); // or -Dweft.debug=true: records fork sites
        Weft.run(
                () ->
                        Weft.scope(
                                ScopeOptions.defaults()
                                        .withName("crawl")
                                        .withTimeout(Duration.ofSeconds(30)),
                                s -> {
                                    Task<String> home =
                                            s.fork(
                                                    "fetch-home",
                                                    () -> {
                                                        busy.countDown();
                                                        Weft.sleep(Duration.ofMillis(300));
                                                        return "<html>";
                                                    });
                                    s.fork(
                                            "fetch-links",
                                            () -> {
                                                busy.countDown();
                                                return home.join()
                                                        .length(); // waits for fetch-home: a join
                                                // edge in the tree
                                            });
                                    s.fork(
                                            "watchdog",
                                            () -> {
                                                busy.countDown();
                                                busy.await();
                                                printed.set(
                                                        TaskTree.render()); // what `jconsole` shows
                                                // as
                                                // dev.weft:type=TaskTree
                                            });
                                }));
        // endregion
        String tree = printed.get();
        assertTrue(tree.contains("scope 'crawl' open"), tree);
        assertTrue(tree.contains("task 'fetch-home' RUNNING"), tree);
        assertTrue(tree.contains("forked at dev.weft.TaskTreeExampleTest"), tree);
    }
}
