package dev.weft;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test that leaves a Weft scope open or a Weft task thread alive after it ends: the
 * "no thread outlives its scope" invariant, checked after every test of every module (it is
 * registered through {@code META-INF/services} and JUnit's extension auto-detection, which the
 * build switches on). It also fails a test that leaves a {@link Weft#onPlatformThread} call
 * running: such a call never outlives its caller, so once the test's callers have returned, every
 * pool thread is idle (idle pool threads are allowed: they end after their keep-alive).
 *
 * <p>Scopes are closed synchronously, so the check needs no grace period. What is still open is
 * reported with every live task, then force-closed so that the next test starts clean.
 */
public final class NoLeakedTasksExtension implements AfterEachCallback {
    @Override
    public void afterEach(ExtensionContext context) {
        List<ScopeImpl> leaked = new ArrayList<>(ScopeImpl.ROOTS);
        if (leaked.isEmpty()) {
            int calls = PlatformThreads.inFlight();
            if (calls != 0) {
                throw new AssertionError("test left " + calls + " Weft.onPlatformThread call(s) running");
            }
            return;
        }
        StringBuilder report = new StringBuilder("test left ")
                .append(leaked.size()).append(" Weft scope(s) open with live tasks:");
        for (ScopeImpl s : leaked) {
            report.append("\n  scope '").append(s.name()).append("' owned by thread '")
                    .append(s.owner.getName()).append('\'');
            for (TaskImpl<?> t : s.runningTasks()) {
                Thread th = t.thread;
                report.append("\n    task '").append(t.name()).append("' ").append(t.state())
                        .append(th != null && th.isAlive() ? " (thread alive)" : "");
            }
        }
        for (ScopeImpl s : leaked) {
            s.forceClose("leaked by test " + context.getDisplayName());
        }
        throw new AssertionError(report.toString());
    }
}
