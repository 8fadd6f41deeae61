package dev.weft;

/**
 * A function that may throw checked exceptions, used by {@link Weft#map}.
 *
 * @param <T> the argument type
 * @param <R> the result type
 */
@FunctionalInterface
public interface CheckedFunction<T, R> {
    /**
     * Applies the function.
     *
     * @param item the argument
     * @return the result
     * @throws Exception any failure, reported through the task that runs it
     */
    R apply(T item) throws Exception;
}
