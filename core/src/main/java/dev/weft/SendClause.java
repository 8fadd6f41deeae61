package dev.weft;

import java.util.function.Supplier;

/** A select clause that sends {@code element} to {@code channel} and then calls {@code then}. */
record SendClause<T, R>(ChannelImpl<T> channel, T element, Supplier<? extends R> then)
        implements SelectClause<R> {}
