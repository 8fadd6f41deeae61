package dev.weft;

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
     * Copies the sets.
     *
     * @throws NullPointerException if a set is or contains null
     */
    public WaitResult {
        Objects.requireNonNull(done, "done");
        Objects.requireNonNull(pending, "pending");
        done = java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(done));
        pending = java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(pending));
    }
}
