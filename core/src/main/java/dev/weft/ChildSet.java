package dev.weft;

import org.jspecify.annotations.Nullable;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/*
 * The running tasks of one scope, for cancellation and the task tree.
 *
 * A concurrent hash set was the first choice; profiles of fork+join showed it as the largest
 * cost of a fork: the table resizes while the scope grows (ten times on the way to 10,000 tasks,
 * while children already remove themselves) and adds and removes contend on its counter. Here a
 * task is linked into one of a few stripes, chosen round-robin by its fork number, with intrusive links in
 * the task itself: add and remove are a few field writes under the stripe's lock, nothing is
 * resized, and the owner adding to one stripe rarely meets a child removing itself from another.
 * Stripes are created on first use, so a small scope costs little.
 *
 * The stripe lock is a CAS to take it and a release store to give it back: a monitor costs a CAS
 * on each side, and these critical sections are a few field writes (a snapshot walks one stripe).
 * It is never held while blocking; a contender spins briefly, then yields its carrier or processor.
 */
final class ChildSet {
    private static final int STRIPES = 8;

    /** One stripe: a doubly linked list through TaskImpl.prev / TaskImpl.next, and its lock. */
    private static final class Stripe {
        private static final VarHandle LOCK;

        static {
            try {
                LOCK = MethodHandles.lookup().findVarHandle(Stripe.class, "locked", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        @Nullable TaskImpl<?> head;

        @SuppressWarnings("unused") // through LOCK
        private volatile int locked;

        // ThreadPriorityCheck: spins on a lock held for a few instructions, then yields the carrier
        // so that the holder can run
        @SuppressWarnings("ThreadPriorityCheck")
        void lock() {
            if (LOCK.compareAndSet(this, 0, 1)) {
                return;
            }
            for (int spins = 0; !LOCK.compareAndSet(this, 0, 1); spins++) {
                if (spins < 64) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
            }
        }

        void unlock() {
            LOCK.setRelease(this, 0);
        }
    }

    private final AtomicReferenceArray<Stripe> stripes = new AtomicReferenceArray<>(STRIPES);

    private Stripe stripe(int i) {
        Stripe s = stripes.get(i);
        if (s == null) {
            Stripe created = new Stripe();
            s = stripes.compareAndExchange(i, null, created);
            if (s == null) {
                s = created;
            }
        }
        return s;
    }

    void add(TaskImpl<?> t) {
        Stripe s = stripe(t.seq & (STRIPES - 1));
        s.lock();
        try {
            TaskImpl<?> h = s.head;
            t.next = h;
            t.prev = null;
            if (h != null) {
                h.prev = t;
            }
            s.head = t;
        } finally {
            s.unlock();
        }
    }

    void remove(TaskImpl<?> t) {
        Stripe s = stripes.get(t.seq & (STRIPES - 1));
        s.lock();
        try {
            TaskImpl<?> p = t.prev;
            TaskImpl<?> n = t.next;
            if (p != null) {
                p.next = n;
            } else if (s.head == t) {
                s.head = n;
            } else {
                return; // not linked
            }
            if (n != null) {
                n.prev = p;
            }
            t.prev = null;
            t.next = null;
        } finally {
            s.unlock();
        }
    }

    /** A snapshot of the running tasks. */
    List<TaskImpl<?>> snapshot() {
        List<TaskImpl<?>> list = new ArrayList<>();
        for (int i = 0; i < STRIPES; i++) {
            Stripe s = stripes.get(i);
            if (s == null) {
                continue;
            }
            s.lock();
            try {
                for (TaskImpl<?> t = s.head; t != null; t = t.next) {
                    list.add(t);
                }
            } finally {
                s.unlock();
            }
        }
        return list;
    }
}
