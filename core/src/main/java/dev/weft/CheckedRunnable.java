package dev.weft;

/**
 * A piece of work with no result that may throw checked exceptions: the void counterpart of {@link
 * java.util.concurrent.Callable}, so that {@code () -> { Weft.sleep(d); print(x); }} can be forked
 * without {@code return null}.
 */
@FunctionalInterface
public interface CheckedRunnable {
    /**
     * Runs the work.
     *
     * @throws Exception any failure, reported through the task that runs it
     */
    void run() throws Exception;
}
