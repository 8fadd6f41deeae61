package dev.weft;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * The tasks that were done and those still pending when {@link Weft#wait} returned: asyncio's
 * {@code (done, pending)} pair. Both sets keep the order the tasks were given in.
 *
 * <p>An immutable value; components are never null.
 *
 * @param done the tasks that had finished
 * @param pending the tasks still running; {@code wait} never cancels them
 * @param <T> the tasks' result type
 */
public record WaitResult<T>(Set<Task<T>> done, Set<Task<T>> pending) {
    /**
     * Copies the sets, keeping their iteration order.
     *
     * @throws NullPointerException if a set is or contains null; the message names which
     */
    public WaitResult {
        done = copy(done, "done");
        pending = copy(pending, "pending");
    }

    private static <T> Set<Task<T>> copy(Set<Task<T>> tasks, String name) {
        Objects.requireNonNull(tasks, name);
        Set<Task<T>> copy = new LinkedHashSet<>(tasks.size() * 2);
        for (Task<T> t : tasks) {
            copy.add(Objects.requireNonNull(t, () -> name + " contains null"));
        }
        return Collections.unmodifiableSet(copy);
    }
}
