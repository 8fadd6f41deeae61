package dev.weft;

import org.jspecify.annotations.Nullable;

/**
 * A {@link Waiter}'s entry in one channel's queue of waiting senders or receivers. All fields but
 * the final ones are guarded by that channel's lock; the waiting thread reads {@link #item} and
 * {@link #closed} only after it sees its waiter claimed for this node's clause, which the claim's
 * CAS publishes.
 */
final class WaitNode {
    final Waiter owner;
    final int clause;

    /** For a sender: the element offered. For a receiver: the element handed over. */
    @Nullable Object item;

    /** Set before the claim when the channel was closed instead of completing the operation. */
    boolean closed;

    @Nullable WaitNode prev;
    @Nullable WaitNode next;
    boolean linked;

    WaitNode(Waiter owner, int clause, @Nullable Object item) {
        this.owner = owner;
        this.clause = clause;
        this.item = item;
    }
}
