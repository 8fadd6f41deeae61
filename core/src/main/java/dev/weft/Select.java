package dev.weft;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Waits for the first of several channel operations that can proceed, and performs exactly that
 * one: Go's {@code select}, Jox's {@code select}. asyncio, Trio and the JDK have no counterpart.
 *
 * <pre>{@code
 * String what = Select.select(
 *         Select.receive(orders, o -> "order " + o.id()),
 *         Select.receive(cancels, c -> "cancel " + c.id()),
 *         Select.send(audit, entry, () -> "audited"),
 *         Select.timeout(Duration.ofSeconds(1), () -> "idle"));
 * }</pre>
 *
 * <h2>Semantics</h2>
 *
 * A select performs exactly one clause: of the channel clauses that can proceed at once, one is
 * chosen at random (so that over many rounds every ready clause gets a fair share); if none can,
 * the select runs its {@link #orElse default} clause if it has one, or else waits until a clause
 * can proceed, or until its {@link #timeout timeout} clause expires. The chosen clause's callback
 * then runs on the calling thread, after every channel lock is released, and its value is what the
 * select returns. The operations of the clauses not chosen have no effect: no element is taken from
 * or given to their channels.
 *
 * <p>A receive clause whose channel is done (closed and drained), or a send clause whose channel is
 * closed, counts as ready and makes the select throw {@link ChannelClosedException} (a {@link
 * ChannelFailedException} for a failed channel): a select loop ends when a channel it needs ends.
 * The exception's {@link ChannelClosedException#channel() channel()} says which channel it was;
 * remove that channel's clauses from the next rounds if the loop should go on.
 *
 * <p>The same channel may appear in several clauses — two receives with different callbacks, a send
 * and a receive (Go allows both): each is a clause like any other, the select still performs
 * exactly one of them, and a select never completes one of its own clauses with another.
 *
 * <h2>Cancellation</h2>
 *
 * {@code select} is a cancellation point: it throws {@link CancelledException} at once if the
 * calling task is cancelled (or the thread interrupted) and when that happens while it waits; no
 * clause has then taken effect. If a counterpart completes a clause at the very moment of the
 * interrupt, the clause wins: its callback runs, the select returns, and the interrupt status (the
 * task's cancellation) stays set for the next cancellation point.
 *
 * <p>Thread safety: a stateless utility; clauses are immutable, and the clause factories do not
 * block (only {@code select} does). Arguments must not be null; channels never carry null elements,
 * but callbacks may return null.
 */
public final class Select {
    private Select() {}

    /**
     * A clause that receives an element from {@code channel} and maps it with {@code then}.
     *
     * @param channel the channel to receive from
     * @param then what to do with the element when this clause is chosen
     * @param <T> the element type
     * @param <R> the select's result type
     * @return the clause
     * @throws NullPointerException if an argument is null
     */
    public static <T, R> SelectClause<R> receive(
            Channel<T> channel, Function<? super T, ? extends R> then) {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(then, "then");
        return new ReceiveClause<>((ChannelImpl<T>) channel, then);
    }

    /**
     * A clause that receives an element from {@code channel}; the select returns the element.
     *
     * @param channel the channel to receive from
     * @param <T> the element type
     * @return the clause
     * @throws NullPointerException if {@code channel} is null
     */
    public static <T> SelectClause<T> receive(Channel<T> channel) {
        return receive(channel, Function.identity());
    }

    /**
     * A clause that sends {@code element} to {@code channel} and then calls {@code then}.
     *
     * @param channel the channel to send to
     * @param element the element to send
     * @param then what to return when this clause is chosen (the element was sent)
     * @param <T> the element type
     * @param <R> the select's result type
     * @return the clause
     * @throws NullPointerException if an argument is null
     */
    public static <T, R> SelectClause<R> send(
            Channel<T> channel, T element, Supplier<? extends R> then) {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(element, "element");
        Objects.requireNonNull(then, "then");
        return new SendClause<>((ChannelImpl<T>) channel, element, then);
    }

    /**
     * The default clause: chosen when no channel clause can proceed at once, so the select never
     * waits (Go's {@code default:}). At most one default or timeout clause per select.
     *
     * @param then what to return when no channel clause is ready
     * @param <R> the select's result type
     * @return the clause
     * @throws NullPointerException if {@code then} is null
     */
    public static <R> SelectClause<R> orElse(Supplier<? extends R> then) {
        Objects.requireNonNull(then, "then");
        return new DefaultClause<>(then);
    }

    /**
     * The timeout clause: chosen when no channel clause could proceed within {@code timeout} (Go's
     * {@code case <-time.After(d):}). A zero timeout behaves like {@link #orElse}. At most one
     * default or timeout clause per select.
     *
     * @param timeout how long the select may wait
     * @param then what to return when the timeout expires
     * @param <R> the select's result type
     * @return the clause
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws NullPointerException if an argument is null
     */
    public static <R> SelectClause<R> timeout(Duration timeout, Supplier<? extends R> then) {
        Durations.requireNonNegative(timeout, "timeout");
        Objects.requireNonNull(then, "then");
        return new TimeoutClause<>(timeout, then);
    }

    /**
     * Performs exactly one of the clauses, waiting until one can proceed; see the type's
     * documentation. Blocks until a channel clause proceeds or the timeout clause expires; never
     * blocks when there is a default clause.
     *
     * @param clauses the clauses, in any order (the order does not give priority)
     * @param <R> the result type
     * @return what the chosen clause's callback returned
     * @throws ChannelClosedException if the chosen clause's channel is done (receive) or closed
     *     (send); a {@link ChannelFailedException} if it failed
     * @throws CancelledException if the calling task is cancelled or the thread interrupted, before
     *     or while waiting; no clause took effect
     * @throws IllegalArgumentException if there are no clauses, or more than one default or timeout
     *     clause
     * @throws NullPointerException if {@code clauses} or one of them is null
     * @throws RuntimeException what the chosen callback throws, as thrown
     */
    @SafeVarargs
    public static <R> R select(SelectClause<? extends R>... clauses) {
        Objects.requireNonNull(clauses, "clauses");
        List<SelectClause<? extends R>> list = new ArrayList<>(clauses.length);
        for (SelectClause<? extends R> c : clauses) {
            list.add(c);
        }
        return SelectImpl.select(list);
    }

    /**
     * Performs exactly one of the clauses; see {@link #select(SelectClause[])}. For a number of
     * clauses known only at run time.
     *
     * @param clauses the clauses
     * @param <R> the result type
     * @return what the chosen clause's callback returned
     * @throws ChannelClosedException if the chosen clause's channel is done (receive) or closed
     *     (send); a {@link ChannelFailedException} if it failed
     * @throws CancelledException if the calling task is cancelled or the thread interrupted, before
     *     or while waiting; no clause took effect
     * @throws IllegalArgumentException if there are no clauses, or more than one default or timeout
     *     clause
     * @throws NullPointerException if {@code clauses} or one of them is null
     * @throws RuntimeException what the chosen callback throws, as thrown
     */
    public static <R> R select(List<? extends SelectClause<? extends R>> clauses) {
        Objects.requireNonNull(clauses, "clauses");
        return SelectImpl.select(clauses);
    }
}
