package dev.weft.internal;

import java.time.Duration;

/**
 * Installs virtual clocks: for {@code dev.weft.test}'s {@code VirtualClock} and Weft's own tests
 * only. Production code never installs one; with none installed, Weft's waits read the system clock
 * exactly as they would without this class.
 */
public final class VirtualClocks {
    private VirtualClocks() {}

    /**
     * Installs a new virtual clock, at zero, on the calling thread and, through it, on every task
     * forked from it from now on.
     *
     * @param deadlockTimeout how long, in real time, every thread of the clock must stay parked in
     *     Weft with no deadline pending before the clock reports a deadlock and cancels them
     * @return the clock; close it on the same thread
     * @throws IllegalStateException if the calling thread has a virtual clock installed already
     * @throws IllegalArgumentException if {@code deadlockTimeout} is not positive
     * @throws NullPointerException if {@code deadlockTimeout} is null
     */
    public static VirtualClockControl install(Duration deadlockTimeout) {
        return Access.core().installVirtualClock(deadlockTimeout);
    }
}
