package dev.weft;

import dev.weft.internal.VirtualClockControl;

import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.List;

/**
 * The leak check behind weft-test's {@code NoLeakedTasksExtension} (and core's own tests): after a
 * test, no Weft scope may be open, no task alive, no {@link Weft#onPlatformThread} call running,
 * and the test's thread may not be left with a virtual clock installed. What leaked is reported -
 * each scope with its live tasks and where each task's thread is - and then closed, so that the
 * next test starts clean.
 *
 * <p>Scopes are closed synchronously, so the check needs no grace period. It looks at every root
 * scope of the JVM: tests that use it run one at a time.
 */
final class Leaks {
    private Leaks() {}

    /**
     * Closes what the test that just ended on the calling thread leaked, and returns the report, or
     * null if nothing leaked.
     *
     * @param test the test's name, for the cancellation reason
     * @param managed a virtual clock the caller closes itself (not a leak), or null
     */
    static @Nullable String closeLeaks(String test, @Nullable VirtualClockControl managed) {
        StringBuilder report = new StringBuilder();
        List<ScopeImpl> leaked = new ArrayList<>(ScopeImpl.ROOTS);
        if (!leaked.isEmpty()) {
            report.append("test left ")
                    .append(leaked.size())
                    .append(" Weft scope(s) open with live tasks:");
            for (ScopeImpl s : leaked) {
                report.append("\n  scope '")
                        .append(s.name())
                        .append("' owned by thread '")
                        .append(s.owner.getName())
                        .append('\'');
                for (TaskImpl<?> t : s.runningTasks()) {
                    Thread th = t.thread;
                    report.append("\n    task '").append(t.name()).append("' ").append(t.state());
                    if (th != null && th.isAlive()) {
                        report.append(", its thread ").append(WaitSite.describe(th, null));
                    }
                }
            }
            for (ScopeImpl s : leaked) {
                s.forceClose("leaked by test " + test);
            }
        }
        int calls = PlatformThreads.inFlight();
        if (calls != 0) {
            // Such a call never outlives its caller, so once the test's callers have returned every
            // pool thread is idle (idle pool threads are allowed: they end after their keep-alive).
            if (!report.isEmpty()) {
                report.append('\n');
            }
            report.append("test left ")
                    .append(calls)
                    .append(" Weft.onPlatformThread call(s) running");
        }
        if (VirtualClockEngine.open != 0) {
            VirtualClockEngine clock = VirtualClockEngine.bound();
            if (clock != null && clock != managed && !clock.isClosed()) {
                clock.close();
                if (!report.isEmpty()) {
                    report.append('\n');
                }
                report.append("test left a virtual clock installed on its thread '")
                        .append(Thread.currentThread().getName())
                        .append("': close it (try-with-resources) before the test ends");
            }
        }
        return report.isEmpty() ? null : report.toString();
    }
}
