package dev.weft;

import dev.weft.internal.CoreAccess;
import dev.weft.internal.VirtualClockControl;

import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;

/** Core's side of {@link CoreAccess}: lends package-private mechanisms to Weft's other modules. */
final class InternalAccess implements CoreAccess {
    @Override
    public CancelledException interrupted(String where, @Nullable Throwable cause) {
        return Cancellation.interrupted(where, cause);
    }

    @Override
    public boolean isCancellation(Throwable e) {
        return Cancellation.isCancellation(e);
    }

    @Override
    public Duration requireNonNegative(Duration d, String name) {
        return Durations.requireNonNegative(d, name);
    }

    @Override
    public Duration requirePositive(Duration d, String name) {
        return Durations.requirePositive(d, name);
    }

    @Override
    public long toNanosSaturated(Duration d) {
        return Durations.toNanosSaturated(d);
    }

    @Override
    public long deadlineFromNow(Duration d) {
        return Durations.deadlineFromNow(d);
    }

    @Override
    public long now() {
        return Durations.now();
    }

    @Override
    public VirtualClockControl installVirtualClock(Duration deadlockTimeout) {
        return VirtualClockEngine.install(deadlockTimeout);
    }

    @Override
    public boolean awaitEnd(Task<?> task, Runnable onFirstInterrupt) {
        return ((TaskImpl<?>) task).awaitDoneRegardless(onFirstInterrupt);
    }

    @Override
    public @Nullable String closeLeaks(String test, @Nullable VirtualClockControl managed) {
        return Leaks.closeLeaks(test, managed);
    }

    @Override
    public boolean awaitQuietly(CompletionStage<?> stage, @Nullable Duration timeout) {
        return StageWait.awaitQuietly(
                stage,
                timeout == null ? -1L : Math.max(0L, Durations.toNanosSaturated(timeout)),
                false);
    }

    @Override
    public <T> Task<T> fork(String name, Callable<? extends T> callable) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(callable, "callable");
        return Weft.currentScope("fork").forkTask(name, callable, false);
    }

    @Override
    public void sleepQuietly(Duration duration) {
        StageWait.awaitQuietly(
                new java.util.concurrent.CompletableFuture<Void>(),
                Math.max(0L, Durations.toNanosSaturated(duration)),
                false);
    }
}
