package dev.weft;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The deadline timer: one daemon platform thread, shared by every scope. Its tasks only set flags
 * and interrupt threads, so one thread is enough. A scope opened under a virtual clock schedules on
 * that clock instead, whose own thread fires its deadlines in virtual time.
 */
final class Timer {
    private static final ScheduledThreadPoolExecutor EXECUTOR;

    static {
        EXECUTOR =
                new ScheduledThreadPoolExecutor(
                        1,
                        r -> {
                            Thread t = new Thread(r, "weft-timer");
                            t.setDaemon(true);
                            return t;
                        });
        EXECUTOR.setRemoveOnCancelPolicy(true);
    }

    private Timer() {}

    /** Runs {@code action} {@code delayNanos} from now on the calling thread's clock. */
    static ScheduledFuture<?> schedule(long delayNanos, Runnable action) {
        if (VirtualClockEngine.open != 0) {
            VirtualClockEngine clock = VirtualClockEngine.bound();
            if (clock != null) {
                return clock.schedule(delayNanos, action);
            }
        }
        return real(delayNanos, action);
    }

    /** Runs {@code action} {@code delayNanos} of real time from now. */
    static ScheduledFuture<?> real(long delayNanos, Runnable action) {
        return EXECUTOR.schedule(action, Math.max(0L, delayNanos), TimeUnit.NANOSECONDS);
    }
}
