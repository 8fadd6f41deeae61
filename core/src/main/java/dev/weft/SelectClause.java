package dev.weft;

/**
 * One case of a {@link Select#select select}: a receive or send on a channel with what to do when
 * it is chosen, a default ({@link Select#orElse}) or a timeout ({@link Select#timeout}). Created by
 * the static methods of {@link Select}; users do not implement it. Immutable, and reusable across
 * selects (a send clause sends the same element each time it is chosen).
 *
 * @param <R> the type the clause's callback returns, which the select returns
 */
public sealed interface SelectClause<R>
        permits ReceiveClause, SendClause, DefaultClause, TimeoutClause {}
