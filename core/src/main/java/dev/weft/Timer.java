package dev.weft;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The deadline timer: one daemon platform thread, shared by every scope. Its tasks only set
 * flags and interrupt threads, so one thread is enough.
 */
final class Timer {
    private static final ScheduledThreadPoolExecutor EXECUTOR;

    static {
        EXECUTOR = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "weft-timer");
            t.setDaemon(true);
            return t;
        });
        EXECUTOR.setRemoveOnCancelPolicy(true);
    }

    private Timer() {
    }

    static ScheduledFuture<?> schedule(long delayNanos, Runnable action) {
        return EXECUTOR.schedule(action, Math.max(0L, delayNanos), TimeUnit.NANOSECONDS);
    }
}
