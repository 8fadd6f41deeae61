package dev.weft;

/**
 * A consumer that may throw checked exceptions, used by {@link Weft#forEach} and {@link
 * Generator#start}.
 *
 * @param <T> the argument type
 */
@FunctionalInterface
public interface CheckedConsumer<T> {
    /**
     * Consumes one item.
     *
     * @param item the argument
     * @throws Exception any failure, reported through the task that runs it
     */
    void accept(T item) throws Exception;
}
