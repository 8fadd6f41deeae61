package dev.weft;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One parked thread waiting in core: on channels, a plain send or receive (one {@link WaitNode}) or
 * a select (one node per clause, all pointing here); on a {@link Limiter} or an {@link Event} (one
 * node). Its parks and wake-ups go through {@link Durations}, where a virtual clock sees them. Its
 * state moves once, by CAS, from {@link #WAITING} either to the index of the clause a counterpart
 * completed ({@link #claim}) or to {@link #CANCELLED} by its own thread on interrupt or timeout (in
 * {@link #await}). Whoever wins that CAS decides the outcome, which is what makes an interrupted
 * send or receive exact: the element moved if and only if a counterpart claimed the waiter first.
 */
final class Waiter {
    static final int WAITING = -1;
    static final int CANCELLED = -2;

    /** Returned by {@link #await} after a timeout cancelled the wait. */
    static final int TIMED_OUT = -3;

    /** Returned by {@link #await} after an interrupt cancelled the wait. */
    static final int INTERRUPTED = -4;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Waiter.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Thread thread = Thread.currentThread();
    private volatile int state = WAITING;

    boolean isWaiting() {
        return state == WAITING;
    }

    /**
     * Spins up to {@code spins} times, before parking, for a counterpart that is already on its way
     * (a rendezvous): parking and waking a virtual thread costs far more than a short spin.
     *
     * @return true if the waiter was claimed (or cancelled) while spinning
     */
    boolean spin(int spins) {
        for (int i = 0; i < spins; i++) {
            if (state != WAITING) {
                return true;
            }
            Thread.onSpinWait();
        }
        return state != WAITING;
    }

    /** Completes the wait with {@code clause}; false if already completed or cancelled. */
    boolean claim(int clause) {
        if (STATE.compareAndSet(this, WAITING, clause)) {
            Durations.unpark(thread);
            return true;
        }
        return false;
    }

    /**
     * Parks until claimed, interrupted or past {@code deadline} (a {@link Durations#now()} value;
     * ignored unless {@code timed}). On interrupt or timeout it tries to cancel; if a counterpart
     * claimed the waiter first, the claim wins and the interrupt status is left set.
     *
     * @return the claimed clause (0 or more), {@link #TIMED_OUT} or {@link #INTERRUPTED}
     */
    int await(boolean timed, long deadline) {
        while (true) {
            int s = state;
            if (s != WAITING) {
                return s;
            }
            if (Thread.currentThread().isInterrupted()) {
                return STATE.compareAndSet(this, WAITING, CANCELLED) ? INTERRUPTED : state;
            }
            if (timed) {
                if (Durations.remaining(deadline) <= 0) {
                    return STATE.compareAndSet(this, WAITING, CANCELLED) ? TIMED_OUT : state;
                }
                Durations.parkUntil(this, deadline);
            } else {
                Durations.park(this);
            }
        }
    }
}
