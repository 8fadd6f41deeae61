package dev.weft;

import org.jspecify.annotations.Nullable;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debug mode: a switch read once per fork (one volatile read), and the watchdog warnings it
 * enables: a cancelled task still running after {@link #SLOW_NANOS}, and a scope waiting that long
 * for tasks that ignore cancellation.
 */
final class Debug {
    /**
     * How long a cancelled task may keep running before it is reported ({@code
     * weft.debug.slowMillis}).
     */
    static final long SLOW_NANOS =
            TimeUnit.MILLISECONDS.toNanos(Long.getLong("weft.debug.slowMillis", 1000L));

    private static volatile boolean enabled = Boolean.getBoolean("weft.debug");

    private Debug() {}

    static boolean enabled() {
        return enabled;
    }

    static void enable(boolean on) {
        enabled = on;
    }

    /** After a cancel in debug mode: warn if the task is still running later. */
    // FutureReturnValueIgnored: the watchdog is fire-and-forget: its action only logs, and nobody
    // cancels it
    @SuppressWarnings("FutureReturnValueIgnored")
    static void watchCancelled(TaskImpl<?> task) {
        Timer.schedule(
                SLOW_NANOS,
                () -> {
                    if (!task.isDone()) {
                        Log.LOG.warn(
                                "task '{}' was cancelled {} ms ago and is still running: it may be ignoring "
                                        + "interruption (swallowing InterruptedException, or blocking in a call that is not "
                                        + "interruptible)\n{}",
                                task.name(),
                                TimeUnit.NANOSECONDS.toMillis(SLOW_NANOS),
                                describe(task));
                    }
                });
    }

    /** A scope has waited long for these tasks to finish after it was cancelled. */
    static void reportStuck(ScopeImpl scope, List<TaskImpl<?>> stuck, long waitedNanos) {
        StringBuilder sb = new StringBuilder();
        for (TaskImpl<?> t : stuck) {
            sb.append(describe(t));
        }
        Log.LOG.warn(
                "scope '{}' has waited {} ms for {} task(s) that do not finish{}:\n{}",
                scope.name(),
                TimeUnit.NANOSECONDS.toMillis(waitedNanos),
                stuck.size(),
                scope.isCancelled() ? " after being cancelled" : "",
                sb);
    }

    private static final java.util.Set<String> INTERNAL =
            java.util.Set.of("dev.weft.TaskImpl", "dev.weft.ScopeImpl", "dev.weft.Weft");

    /** The first frame of a fork site that is the user's code, not Weft's own fork path. */
    static @Nullable StackTraceElement userFrame(List<StackTraceElement> site) {
        for (StackTraceElement e : site) {
            String c = e.getClassName();
            int dollar = c.indexOf('$');
            if (!INTERNAL.contains(dollar < 0 ? c : c.substring(0, dollar))) {
                return e;
            }
        }
        return site.isEmpty() ? null : site.get(site.size() - 1);
    }

    /** Name, state, stack and fork site of a task, for warnings. */
    static String describe(TaskImpl<?> task) {
        StringBuilder sb =
                new StringBuilder("  task '").append(task.name()).append("' ").append(task.state());
        task.cancellationReason()
                .ifPresent(r -> sb.append(" cancelled(\"").append(r).append("\")"));
        sb.append('\n');
        Thread th = task.thread;
        if (th != null) {
            sb.append("    stack:\n");
            for (StackTraceElement e : th.getStackTrace()) {
                sb.append("      at ").append(e).append('\n');
            }
        }
        if (task.forkSite != null) {
            sb.append("    forked at:\n");
            for (StackTraceElement e : task.forkSite.getStackTrace()) {
                sb.append("      at ").append(e).append('\n');
            }
        }
        return sb.toString();
    }
}
