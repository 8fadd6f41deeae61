package dev.weft;

import org.jspecify.annotations.Nullable;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * Task-local values carried from a parent to its children at fork, like Python's {@code
 * contextvars}: a task starts with a snapshot of the values its forking thread had, and what a task
 * sets is seen by itself and by the tasks it forks afterwards, never by its parent or its siblings.
 *
 * <pre>{@code
 * static final Context.Key<String> REQUEST_ID = Context.key("request-id");
 *
 * Context.set(REQUEST_ID, "r-42");
 * Weft.scope(s -> s.fork(() -> log(Context.get(REQUEST_ID).orElse("?"))));   // prints r-42
 * }</pre>
 *
 * <p>The SLF4J {@link org.slf4j.MDC} of the forking thread is carried the same way, so log lines of
 * a task show its parent's MDC values.
 *
 * <p>Values live per thread and are immutable snapshots: nothing here blocks, and every method may
 * be called from any thread, about that thread's own values. Keys, values and other arguments must
 * not be null.
 */
public final class Context {
    private static final ThreadLocal<Map<Key<?>, Object>> VALUES = new ThreadLocal<>();

    private Context() {}

    /**
     * A key for a context value. Keys compare by identity: two keys with the same name are
     * different keys.
     *
     * @param <T> the value type
     */
    // UnusedTypeParameter: T is a phantom type: it types the value that get(key) returns
    @SuppressWarnings("UnusedTypeParameter")
    public static final class Key<T> {
        private final String name;

        private Key(String name) {
            this.name = name;
        }

        /**
         * Returns the key's name.
         *
         * @return the name given to {@link Context#key}
         */
        public String name() {
            return name;
        }

        @Override
        public String toString() {
            return "Context.Key[" + name + "]";
        }
    }

    /**
     * Creates a new key.
     *
     * @param name a name for debugging
     * @param <T> the value type
     * @return the key
     * @throws NullPointerException if {@code name} is null
     */
    public static <T> Key<T> key(String name) {
        return new Key<>(Objects.requireNonNull(name, "name"));
    }

    /**
     * Returns the calling thread's value for {@code key}.
     *
     * @param key the key
     * @param <T> the value type
     * @return the value, or empty if none was set here or inherited
     * @throws NullPointerException if {@code key} is null
     */
    @SuppressWarnings("unchecked")
    public static <T> Optional<T> get(Key<T> key) {
        Objects.requireNonNull(key, "key");
        Map<Key<?>, Object> m = VALUES.get();
        return m == null ? Optional.empty() : Optional.ofNullable((T) m.get(key));
    }

    /**
     * Sets the calling thread's value for {@code key}; tasks forked afterwards inherit it.
     *
     * @param key the key
     * @param value the value
     * @param <T> the value type
     * @throws NullPointerException if an argument is null
     */
    public static <T> void set(Key<T> key, T value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Map<Key<?>, Object> old = VALUES.get();
        Map<Key<?>, Object> m = old == null ? new HashMap<>() : new HashMap<>(old);
        m.put(key, value);
        VALUES.set(Map.copyOf(m));
    }

    /**
     * Removes the calling thread's value for {@code key}.
     *
     * @param key the key
     * @throws NullPointerException if {@code key} is null
     */
    public static void remove(Key<?> key) {
        Objects.requireNonNull(key, "key");
        Map<Key<?>, Object> old = VALUES.get();
        if (old == null || !old.containsKey(key)) {
            return;
        }
        Map<Key<?>, Object> m = new HashMap<>(old);
        m.remove(key);
        VALUES.set(m.isEmpty() ? null : Map.copyOf(m));
    }

    /**
     * Runs {@code callable} with {@code key} bound to {@code value} in the calling thread, then
     * restores the previous values, even if it throws. Blocks only as long as the callable.
     *
     * @param key the key
     * @param value the value while the callable runs
     * @param callable the work
     * @param <T> the value type
     * @param <R> the result type
     * @return the callable's result
     * @throws Exception whatever the callable throws
     * @throws NullPointerException if an argument is null
     */
    public static <T, R> R with(Key<T> key, T value, Callable<R> callable) throws Exception {
        Objects.requireNonNull(callable, "callable");
        Map<Key<?>, Object> saved = VALUES.get();
        set(key, value);
        try {
            return callable.call();
        } finally {
            VALUES.set(saved);
        }
    }

    /** The snapshot to hand to a forked task. */
    static Map<Key<?>, Object> capture() {
        return VALUES.get();
    }

    /** Installs a captured snapshot in the current thread ({@code null} clears it). */
    static void install(@Nullable Map<Key<?>, Object> snapshot) {
        if (snapshot == null) {
            VALUES.remove();
        } else {
            VALUES.set(snapshot);
        }
    }
}
