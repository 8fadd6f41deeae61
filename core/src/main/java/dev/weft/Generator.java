package dev.weft;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.stream.Stream;

/**
 * A producer running on its own virtual thread behind a closeable {@link Iterator}: Python's async
 * generators, Kotlin's {@code produce}. The producer emits items; each {@link Emitter#emit emit}
 * waits until the consumer has room for the item, so a slow consumer slows the producer down
 * instead of piling items up (back-pressure).
 *
 * <pre>{@code
 * try (Generator<String> lines = Generator.start(out -> {
 *     for (Path file : files) {
 *         for (String line : Files.readAllLines(file)) {
 *             out.emit(line);                // waits until the consumer wants it
 *         }
 *     }
 * })) {
 *     for (String line : lines) {
 *         if (line.contains("needle")) {
 *             return line;                   // closing stops the producer and waits for it
 *         }
 *     }
 * }
 * }</pre>
 *
 * <h2>Lifecycle</h2>
 *
 * {@link #start(CheckedConsumer)} forks the producer as a task of the current scope (as {@link
 * Weft#fork} does), so the producer belongs to the consumer's scope and never outlives it. The
 * generator ends when the producer returns (after the consumer has read every item), when the
 * producer fails, or when the consumer calls {@link #close()}: close cancels the producer, waits
 * until its {@code finally} blocks have run, and drops the items it had buffered. Reading to the
 * end needs no close, but an early exit does: <em>a generator that is neither read to the end nor
 * closed keeps its producer parked in {@code emit}, and its scope waits for it</em> — use
 * try-with-resources, as for any resource.
 *
 * <h2>Exceptions</h2>
 *
 * A producer failure reaches the consumer at its next read, after the items emitted before it:
 * {@link #hasNext()} throws it (unchecked as itself, checked wrapped in {@link
 * TaskFailedException}), once; afterwards the generator is finished. A failure the consumer never
 * read is thrown by {@link #close()}. If neither happens (the consumer's scope is cancelled first),
 * the producer's task fails with it and its scope reports it: every failure is reported exactly
 * once. A producer cancelled from outside (its scope cancelled while the consumer reads from
 * elsewhere) makes the next read throw {@link CancelledException}.
 *
 * <h2>Cancellation</h2>
 *
 * {@link #hasNext()} and {@link #next()} are cancellation points: a cancelled consumer stops
 * waiting and throws {@link CancelledException}; no item is lost (the item it was waiting for stays
 * with the producer). {@link Emitter#emit} is the producer's cancellation point: it throws {@link
 * CancelledException} once the consumer has closed the generator or the producer's task is
 * cancelled; let it propagate. {@link #close()} is not a cancellation point: it always waits for
 * the producer to finish, and re-asserts an interrupt that arrived meanwhile.
 *
 * <h2>Memory effects</h2>
 *
 * Actions of the producer before it emits an item happen-before the consumer's actions after {@link
 * #next()} returns that item.
 *
 * <p>Thread safety: {@link #hasNext()}, {@link #next()} and the iteration are for one consumer
 * thread at a time; {@link #close()} may be called from any thread. Items must not be null;
 * arguments must not be null. Users do not implement this interface.
 *
 * @param <T> the item type
 */
// IterableAndIterator: a generator is a one-shot iterator that for-each accepts, as Python's are;
// iterator() returns itself (documented).
@SuppressWarnings("IterableAndIterator")
public sealed interface Generator<T> extends Iterator<T>, Iterable<T>, AutoCloseable
        permits GeneratorImpl {

    /**
     * Where a generator's producer puts its items. Given to the producer by {@link
     * Generator#start}; only the producer's thread may use it.
     *
     * @param <T> the item type
     */
    sealed interface Emitter<T> permits GeneratorImpl.EmitterImpl {
        /**
         * Hands an item to the consumer, waiting until the generator has room for it: until the
         * consumer asks for it (no buffer), or until the buffer has a free place.
         *
         * @param item the item
         * @throws CancelledException if the consumer closed the generator or the producer's task is
         *     cancelled, before or while waiting; the item was not emitted
         * @throws NullPointerException if {@code item} is null
         */
        void emit(T item);
    }

    /**
     * Starts a generator without a buffer: the producer runs one item ahead of the consumer at
     * most, and {@link Emitter#emit} waits until the consumer takes the item. Forks the producer
     * into the current scope (see {@link Weft#fork}). Does not block.
     *
     * @param producer emits the items; its failure reaches the consumer
     * @param <T> the item type
     * @return the generator, to be read and closed by the consumer
     * @throws IllegalStateException if the caller is outside every scope
     * @throws NullPointerException if {@code producer} is null
     */
    static <T> Generator<T> start(CheckedConsumer<? super Emitter<T>> producer) {
        return GeneratorImpl.start(0, producer);
    }

    /**
     * Starts a generator whose producer may run up to {@code buffer} items ahead of the consumer.
     * See {@link #start(CheckedConsumer)}. Does not block.
     *
     * @param buffer how many items may wait for the consumer; 0 for none
     * @param producer emits the items; its failure reaches the consumer
     * @param <T> the item type
     * @return the generator
     * @throws IllegalArgumentException if {@code buffer} is negative
     * @throws IllegalStateException if the caller is outside every scope
     * @throws NullPointerException if {@code producer} is null
     */
    static <T> Generator<T> start(int buffer, CheckedConsumer<? super Emitter<T>> producer) {
        return GeneratorImpl.start(buffer, producer);
    }

    /**
     * Returns whether another item comes, waiting until the producer emits one or ends.
     *
     * @return {@code true} if {@link #next()} will return an item; {@code false} once the producer
     *     has finished and every item was read, after a producer failure was thrown, or after
     *     {@link #close()}
     * @throws CancelledException if the calling task is cancelled or the thread interrupted, before
     *     or while waiting (no item was taken); or if the producer was cancelled from outside
     * @throws TaskFailedException if the producer failed with a checked exception (its cause)
     * @throws RuntimeException the producer's unchecked failure, as thrown
     */
    @Override
    boolean hasNext();

    /**
     * Returns the next item, waiting for it like {@link #hasNext()}.
     *
     * @return the item, never null
     * @throws NoSuchElementException if there is none: the generator has finished or was closed
     * @throws CancelledException as {@link #hasNext()}
     * @throws TaskFailedException as {@link #hasNext()}
     * @throws RuntimeException as {@link #hasNext()}
     */
    @Override
    T next();

    /**
     * Returns this generator, so that it can be read with a for-each loop. Iterating again goes on
     * where the last iteration stopped, as with a Python generator. Does not block.
     *
     * @return this generator
     */
    @Override
    Iterator<T> iterator();

    /**
     * Returns a sequential, ordered stream of the remaining items. Closing the stream closes the
     * generator; a terminal operation that stops early (such as {@code findFirst}) does not, so
     * read it in try-with-resources on the generator or the stream. Each element is read as by
     * {@link #next()}, with its exceptions.
     *
     * @return a stream over the remaining items
     */
    Stream<T> stream();

    /**
     * Stops the generator: cancels the producer if it still runs, waits until it has finished (its
     * {@code finally} blocks included), and drops the items it had buffered. Later reads find no
     * item. Idempotent.
     *
     * <p>Not a cancellation point: it always waits for the producer, and an interrupt that arrives
     * meanwhile is re-asserted afterwards (a Weft task stays cancelled).
     *
     * @throws TaskFailedException if the producer failed with a checked exception that no read has
     *     thrown yet (its cause)
     * @throws RuntimeException the producer's unchecked failure that no read has thrown yet
     */
    @Override
    void close();
}
