package dev.weft.bench;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The JDK's preview {@code java.util.concurrent.StructuredTaskScope}, seen through an interface
 * that compiles without preview features. The implementation lives in {@code src/preview/java} and
 * is compiled at run time by {@link Preview} when the running JDK has the JDK 25 form of the API;
 * see {@link Peers#structured()}.
 *
 * <p>Thread safety: implementations are stateless and may be used from any thread.
 */
public interface StructuredPeer {

    /**
     * Opens a scope, forks {@code tasks} copies of {@code task}, joins, and closes the scope.
     *
     * @param tasks how many subtasks
     * @param task what each runs
     * @throws Exception if the join fails or is interrupted
     */
    void forkJoin(int tasks, Callable<Integer> task) throws Exception;

    /**
     * Runs {@code calls} as subtasks and returns their results in order, failing fast.
     *
     * @param calls the subtasks
     * @return their results in argument order
     * @throws Exception if a subtask fails or the join is interrupted
     */
    List<Integer> gather(List<Callable<Integer>> calls) throws Exception;

    /**
     * Returns the result of the first subtask to succeed; the others are cancelled.
     *
     * @param calls the contenders
     * @return the winner's result
     * @throws Exception if all fail or the join is interrupted
     */
    Integer race(List<Callable<Integer>> calls) throws Exception;

    /**
     * Runs {@code call} as the single subtask of a scope with a timeout.
     *
     * @param timeout the scope's timeout
     * @param call the work
     * @return its result
     * @throws Exception if it fails, times out or the join is interrupted
     */
    Integer withTimeout(Duration timeout, Callable<Integer> call) throws Exception;

    /**
     * Opens a scope, forks {@code tasks} copies of {@code task}, runs {@code whileRunning} on the
     * owner while they run, then closes the scope, which cancels the tasks and waits for them (the
     * memory account's parked tasks).
     *
     * @param tasks how many subtasks
     * @param task what each runs (it should block until interrupted)
     * @param whileRunning runs while every subtask is forked
     * @throws Exception if {@code whileRunning} fails
     */
    void forkAndClose(int tasks, Callable<Integer> task, Callable<Void> whileRunning)
            throws Exception;
}
