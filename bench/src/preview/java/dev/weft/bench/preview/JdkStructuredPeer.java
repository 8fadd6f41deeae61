package dev.weft.bench.preview;

import dev.weft.bench.StructuredPeer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.StructuredTaskScope;
import java.util.concurrent.StructuredTaskScope.Joiner;
import java.util.concurrent.StructuredTaskScope.Subtask;

/**
 * The JDK 25 preview {@link StructuredTaskScope} as a benchmark peer. Compiled at run time with
 * {@code --release 25 --enable-preview} by the bench driver; never by the Maven build.
 *
 * <p>Thread safety: stateless.
 */
public final class JdkStructuredPeer implements StructuredPeer {

    /** Creates the peer. */
    public JdkStructuredPeer() {}

    @Override
    public void forkJoin(int tasks, Callable<Integer> task) throws Exception {
        try (var scope = StructuredTaskScope.<Integer>open()) {
            for (int i = 0; i < tasks; i++) {
                scope.fork(task);
            }
            scope.join();
        }
    }

    @Override
    public List<Integer> gather(List<Callable<Integer>> calls) throws Exception {
        try (var scope = StructuredTaskScope.open(Joiner.<Integer>awaitAllSuccessfulOrThrow())) {
            List<Subtask<Integer>> subtasks = new ArrayList<>(calls.size());
            for (Callable<Integer> c : calls) {
                subtasks.add(scope.fork(c));
            }
            scope.join();
            List<Integer> results = new ArrayList<>(subtasks.size());
            for (Subtask<Integer> s : subtasks) {
                results.add(s.get());
            }
            return results;
        }
    }

    @Override
    public Integer race(List<Callable<Integer>> calls) throws Exception {
        try (var scope = StructuredTaskScope.open(Joiner.<Integer>anySuccessfulResultOrThrow())) {
            for (Callable<Integer> c : calls) {
                scope.fork(c);
            }
            return scope.join();
        }
    }

    @Override
    public Integer withTimeout(Duration timeout, Callable<Integer> call) throws Exception {
        try (var scope =
                StructuredTaskScope.open(
                        Joiner.<Integer>awaitAllSuccessfulOrThrow(),
                        cf -> cf.withTimeout(timeout))) {
            Subtask<Integer> s = scope.fork(call);
            scope.join();
            return s.get();
        }
    }

    @Override
    public void forkAndClose(int tasks, Callable<Integer> task, Callable<Void> whileRunning)
            throws Exception {
        var scope = StructuredTaskScope.<Integer>open();
        try {
            for (int i = 0; i < tasks; i++) {
                scope.fork(task);
            }
            whileRunning.call();
        } finally {
            try {
                scope.close(); // cancels the subtasks and waits for them
            } catch (IllegalStateException expected) {
                // "Owner did not join after forking": the scope is closed all the same
            }
        }
    }

    /**
     * One scope with {@code count} subtasks that each sleep {@code sleep}: the whole-process
     * sleeper comparison.
     *
     * @param count how many sleepers
     * @param sleep how long each sleeps
     * @throws Exception if the join fails
     */
    public static void sleepers(int count, Duration sleep) throws Exception {
        try (var scope = StructuredTaskScope.<Object>open()) {
            for (int i = 0; i < count; i++) {
                scope.fork(
                        () -> {
                            Thread.sleep(sleep);
                            return null;
                        });
            }
            scope.join();
        }
    }
}
