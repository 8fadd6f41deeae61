package dev.weft;

/** What a {@link Scope} does when one of its tasks fails. */
public enum FailurePolicy {
    /**
     * The default, as in asyncio's {@code TaskGroup} and Trio's nursery: the first failure cancels
     * every sibling (and, in the lambda form, the scope's body); the scope's join rethrows that
     * failure, with any other real failure that raced it attached as suppressed.
     */
    FAIL_FAST,

    /**
     * A supervisor: a failure cancels nothing; the siblings run on, and the scope's join throws one
     * {@link TaskGroupException} listing every failure.
     */
    SUPERVISE
}
