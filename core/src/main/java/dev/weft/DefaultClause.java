package dev.weft;

import java.util.function.Supplier;

/** The select clause chosen when no channel clause is ready at once. */
record DefaultClause<R>(Supplier<? extends R> then) implements SelectClause<R> {}
