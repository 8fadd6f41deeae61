package dev.weft;

import org.jspecify.annotations.Nullable;

/**
 * A FIFO of {@link WaitNode}s, intrusive and doubly linked so that a cancelled or losing select
 * node is removed in constant time. Guarded by the owning channel's lock.
 */
final class WaitQueue {
    private @Nullable WaitNode head;
    private @Nullable WaitNode tail;

    boolean isEmpty() {
        return head == null;
    }

    void add(WaitNode n) {
        n.prev = tail;
        n.next = null;
        if (tail == null) {
            head = n;
        } else {
            tail.next = n;
        }
        tail = n;
        n.linked = true;
    }

    /** Counts every queued node, live or dead (for tests); O(n). */
    int nodeCount() {
        int count = 0;
        for (WaitNode n = head; n != null; n = n.next) {
            count++;
        }
        return count;
    }

    /** Counts the nodes whose waiter still waits (for tests and toString); O(n). */
    int liveCount() {
        int count = 0;
        for (WaitNode n = head; n != null; n = n.next) {
            if (n.owner.isWaiting()) {
                count++;
            }
        }
        return count;
    }

    /** Removes and returns the oldest node, or null. */
    @Nullable WaitNode poll() {
        WaitNode n = head;
        if (n != null) {
            unlink(n);
        }
        return n;
    }

    /** Removes {@code n} if it is still queued here. */
    void remove(WaitNode n) {
        if (n.linked) {
            unlink(n);
        }
    }

    private void unlink(WaitNode n) {
        if (n.prev == null) {
            head = n.next;
        } else {
            n.prev.next = n.next;
        }
        if (n.next == null) {
            tail = n.prev;
        } else {
            n.next.prev = n.prev;
        }
        n.prev = null;
        n.next = null;
        n.linked = false;
    }
}
