package dev.weft;

import org.jspecify.annotations.Nullable;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/*
 * Algorithm (Go's selectgo, on ChannelImpl's locks and queues):
 *
 * 1. Lock every distinct channel of the select, in channel-id order, so that two selects (or a
 *    select and any single operation, which takes one lock) can never deadlock.
 * 2. Visit the channel clauses in a fresh random order and perform the first that can proceed
 *    now (the same offerLocked / pollLocked steps a plain send or receive uses). A done channel
 *    counts as ready and is reported by throwing.
 * 3. If none can: a default clause, or an already expired timeout, is chosen. Otherwise one
 *    Waiter is created and a WaitNode per channel clause is queued on its channel, all while
 *    every lock is still held, so no counterpart can see a half-registered select.
 * 4. Unlock and park. A counterpart completes the select by claiming the Waiter for one clause
 *    (one CAS; nodes of a claimed waiter are dead and skipped by everybody else); the select's
 *    own interrupt or timeout cancels it by the same CAS.
 * 5. Unlink every node that is still queued (one lock at a time), then run the chosen clause's
 *    callback outside all locks.
 */
final class SelectImpl {
    private static final Comparator<ChannelImpl<?>> BY_ID = Comparator.comparingLong(c -> c.id);

    private SelectImpl() {}

    static <R> R select(List<? extends SelectClause<? extends R>> clauses) {
        int total = clauses.size();
        if (total == 0) {
            throw new IllegalArgumentException("select needs at least one clause");
        }
        SelectClause<?>[] ops = new SelectClause<?>[total];
        ChannelImpl<?>[] channels = new ChannelImpl<?>[total];
        int n = 0;
        SelectClause<?> fallback = null;
        for (SelectClause<?> c : clauses) {
            Objects.requireNonNull(c, "clause");
            switch (c) {
                case ReceiveClause<?, ?> r -> channels[n] = r.channel();
                case SendClause<?, ?> s -> channels[n] = s.channel();
                case DefaultClause<?> d -> {
                    fallback = checkOneFallback(fallback, d);
                    continue;
                }
                case TimeoutClause<?> t -> {
                    fallback = checkOneFallback(fallback, t);
                    continue;
                }
            }
            ops[n++] = c;
        }
        Cancellation.checkpoint();

        boolean timed = fallback instanceof TimeoutClause<?>;
        long deadline =
                fallback instanceof TimeoutClause<?> tc
                        ? Durations.deadlineFromNow(tc.timeout())
                        : 0L;
        ChannelImpl<?>[] lockOrder = distinctById(channels, n);
        Waiter waiter = null;
        WaitNode[] nodes = null;
        int chosen = -1;
        Object result = null;
        lockAll(lockOrder);
        try {
            int[] order = randomOrder(n);
            for (int k = 0; k < n && chosen < 0; k++) {
                int i = order[k];
                result = tryLocked(ops[i]);
                if (result != null) {
                    chosen = i;
                }
            }
            boolean mayWait = fallback == null || (timed && Durations.remaining(deadline) > 0);
            if (chosen < 0 && mayWait) {
                waiter = new Waiter();
                nodes = new WaitNode[n];
                for (int i = 0; i < n; i++) {
                    nodes[i] = register(ops[i], waiter, i);
                }
            }
        } finally {
            unlockAll(lockOrder);
        }

        if (chosen >= 0) {
            return complete(ops[chosen], result);
        }
        if (waiter == null || nodes == null) { // both set together, under the locks
            return callFallback(fallback);
        }
        int outcome = waiter.await(timed, deadline);
        for (int i = 0; i < n; i++) {
            channels[i].unlink(nodes[i], queueOf(ops[i]));
        }
        if (outcome >= 0) {
            WaitNode won = nodes[outcome];
            Object r =
                    won.closed
                            ? closedResult(ops[outcome])
                            : ops[outcome] instanceof SendClause<?, ?>
                                    ? ChannelImpl.SENT
                                    : won.item;
            return complete(ops[outcome], r);
        }
        if (outcome == Waiter.TIMED_OUT) {
            return callFallback(fallback);
        }
        Thread.interrupted();
        throw Cancellation.interrupted("waiting in select", null);
    }

    private static SelectClause<?> checkOneFallback(
            @Nullable SelectClause<?> existing, SelectClause<?> c) {
        if (existing != null) {
            throw new IllegalArgumentException("select takes at most one orElse or timeout clause");
        }
        return c;
    }

    /** Performs the clause if it can proceed now; all locks held. Null if it cannot. */
    private static @Nullable Object tryLocked(SelectClause<?> op) {
        return switch (op) {
            case ReceiveClause<?, ?> r -> {
                Object e = r.channel().pollLocked();
                yield e != null ? e : r.channel().isClosed() ? ChannelImpl.DONE : null;
            }
            case SendClause<?, ?> s ->
                    s.channel().isClosed()
                            ? ChannelImpl.CLOSED
                            : s.channel().offerLocked(s.element()) ? ChannelImpl.SENT : null;
            default -> throw new AssertionError(op);
        };
    }

    private static WaitNode register(SelectClause<?> op, Waiter waiter, int clause) {
        return switch (op) {
            case ReceiveClause<?, ?> r -> {
                WaitNode node = new WaitNode(waiter, clause, null);
                r.channel().receivers.add(node);
                yield node;
            }
            case SendClause<?, ?> s -> {
                WaitNode node = new WaitNode(waiter, clause, s.element());
                s.channel().senders.add(node);
                yield node;
            }
            default -> throw new AssertionError(op);
        };
    }

    private static WaitQueue queueOf(SelectClause<?> op) {
        return op instanceof SendClause<?, ?> s
                ? s.channel().senders
                : ((ReceiveClause<?, ?>) op).channel().receivers;
    }

    private static Object closedResult(SelectClause<?> op) {
        return op instanceof SendClause<?, ?> ? ChannelImpl.CLOSED : ChannelImpl.DONE;
    }

    /**
     * Runs the chosen clause's callback, or throws for a closed channel; no locks held. For a
     * receive, {@code result} is the element or DONE, never null (channels refuse null elements).
     */
    // TypeParameterUnusedInFormals: R is the select's result type, fixed by the clauses the caller
    // built
    @SuppressWarnings({"unchecked", "NullAway", "TypeParameterUnusedInFormals"})
    private static <R> R complete(SelectClause<?> op, @Nullable Object result) {
        return switch (op) {
            case ReceiveClause<?, ?> r -> {
                if (result == ChannelImpl.DONE) {
                    throw r.channel().doneForReceive();
                }
                yield (R) applyReceive(r, result);
            }
            case SendClause<?, ?> s -> {
                if (result == ChannelImpl.CLOSED) {
                    throw s.channel().closedForSend();
                }
                yield (R) s.then().get();
            }
            default -> throw new AssertionError(op);
        };
    }

    private static <T, R> R applyReceive(ReceiveClause<T, R> r, Object element) {
        T e = ChannelImpl.cast(element);
        return r.then().apply(e);
    }

    // TypeParameterUnusedInFormals: R is the select's result type, fixed by the clauses the caller
    // built
    @SuppressWarnings({"unchecked", "TypeParameterUnusedInFormals"})
    private static <R> R callFallback(@Nullable SelectClause<?> fallback) {
        return switch (fallback) {
            case DefaultClause<?> d -> (R) d.then().get();
            case TimeoutClause<?> t -> (R) t.then().get();
            case null, default -> throw new AssertionError(fallback);
        };
    }

    private static int[] randomOrder(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (n > 1) {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            for (int i = n - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        return order;
    }

    private static ChannelImpl<?>[] distinctById(ChannelImpl<?>[] channels, int n) {
        ChannelImpl<?>[] sorted = Arrays.copyOf(channels, n);
        Arrays.sort(sorted, BY_ID);
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (m == 0 || sorted[m - 1] != sorted[i]) {
                sorted[m++] = sorted[i];
            }
        }
        return Arrays.copyOf(sorted, m);
    }

    private static void lockAll(ChannelImpl<?>[] lockOrder) {
        for (int i = 0; i < lockOrder.length; i++) {
            lockOrder[i].lock.lock();
        }
    }

    private static void unlockAll(ChannelImpl<?>[] lockOrder) {
        for (int i = lockOrder.length - 1; i >= 0; i--) {
            lockOrder[i].lock.unlock();
        }
    }
}
