package dev.weft.internal;

import dev.weft.Task;

import java.util.concurrent.Callable;

/**
 * Forking named tasks for Weft's other modules, so that the helper tasks they start (a process's
 * supervisor, a pipe pump) show up under a telling name in the task tree and thread dumps.
 */
public final class Forks {
    private Forks() {}

    /**
     * Forks a named task into the calling code's current scope, as {@code Weft.fork} does: the
     * innermost scope the thread has open, else the scope of the calling task.
     *
     * @param name the task's name (also its thread's)
     * @param callable the work
     * @param <T> its result type
     * @return the task; already CANCELLED if the scope is being cancelled
     * @throws IllegalStateException if the caller is outside every scope
     */
    public static <T> Task<T> fork(String name, Callable<? extends T> callable) {
        return Access.core().fork(name, callable);
    }
}
