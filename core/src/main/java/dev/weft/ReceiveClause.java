package dev.weft;

import java.util.function.Function;

/** A select clause that receives from {@code channel} and applies {@code then}. */
record ReceiveClause<T, R>(ChannelImpl<T> channel, Function<? super T, ? extends R> then)
        implements SelectClause<R> {}
