package dev.weft;

import java.time.Duration;
import java.util.function.Supplier;

/** The select clause chosen when no channel clause became ready within {@code timeout}. */
record TimeoutClause<R>(Duration timeout, Supplier<? extends R> then) implements SelectClause<R> {}
