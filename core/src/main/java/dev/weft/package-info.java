/**
 * Weft: Python asyncio's ergonomics — run, fork, gather, wait, timeouts, cancellation, task groups,
 * channels — for plain blocking Java 21+ on virtual threads.
 *
 * <h2>Where to start</h2>
 *
 * <ul>
 *   <li>{@link dev.weft.Weft} holds the static entry points: {@link dev.weft.Weft#run run}
 *       (asyncio's {@code asyncio.run}) runs a root task and waits for everything it forked; {@link
 *       dev.weft.Weft#fork fork}, {@link dev.weft.Weft#gather gather}, {@link dev.weft.Weft#wait
 *       wait}, {@link dev.weft.Weft#asCompleted asCompleted}, {@link dev.weft.Weft#race race},
 *       {@link dev.weft.Weft#withTimeout withTimeout}, {@link dev.weft.Weft#shield shield} and
 *       {@link dev.weft.Weft#map map} start and wait for tasks; {@link dev.weft.Weft#sleep sleep}
 *       and {@link dev.weft.Weft#checkpoint checkpoint} are cancellation points.
 *   <li>{@link dev.weft.Scope} is the task group: every task is forked into one and never outlives
 *       it. Open one with {@link dev.weft.Weft#scope(Scope.Body) Weft.scope(s -> ...)} (or {@link
 *       dev.weft.Weft#scoped(Scope.ValueBody) Weft.scoped} when the body returns a value) or {@link
 *       dev.weft.Scope#open() Scope.open()} in a try-with-resources block; {@link
 *       dev.weft.ScopeOptions} names it, picks its {@link dev.weft.FailurePolicy} and gives it a
 *       deadline.
 *   <li>{@link dev.weft.Task} is one forked piece of work: join it, read its {@link
 *       dev.weft.Outcome}, cancel it.
 * </ul>
 *
 * <h2>Coordination</h2>
 *
 * {@link dev.weft.Channel} (asyncio's {@code Queue}, Go's channels) with {@link dev.weft.Select};
 * {@link dev.weft.Limiter} (a semaphore handing out try-with-resources permits); {@link
 * dev.weft.Event}; {@link dev.weft.Context}, values carried from a task to the tasks it forks.
 *
 * <h2>Bridges</h2>
 *
 * {@link dev.weft.Generator} runs a producer written as a loop on its own virtual thread behind a
 * closeable iterator (Python's async generators); {@link
 * dev.weft.Weft#onPlatformThread(java.util.concurrent.Callable) Weft.onPlatformThread} runs
 * CPU-heavy or carrier-pinning work on a bounded pool of platform threads (asyncio's {@code
 * to_thread}); {@link dev.weft.Weft#await Weft.await} waits for any {@link
 * java.util.concurrent.CompletionStage} and {@link dev.weft.Task#toCompletableFuture()} hands a
 * task to future-based code (asyncio's {@code wrap_future}); {@link dev.weft.Flows} bridges
 * channels and {@link java.util.concurrent.Flow} publishers.
 *
 * <h2>Failures and cancellation</h2>
 *
 * Cancellation interrupts a task's virtual thread and surfaces as the unchecked {@link
 * dev.weft.CancelledException}; an expired timeout or deadline as {@link
 * dev.weft.DeadlineExceededException}. A task's checked failure reaches its joiner wrapped in
 * {@link dev.weft.TaskFailedException}, several at once as a {@link dev.weft.TaskGroupException}.
 * No failure is lost: one that nobody retrieves is logged through SLF4J (logger {@code dev.weft}),
 * or printed on {@link java.lang.System#err} when SLF4J has no provider.
 *
 * <h2>Introspection</h2>
 *
 * {@link dev.weft.TaskTree} renders the live tree of scopes and tasks, like Python 3.14's {@code
 * asyncio pstree}, and returns it as data.
 *
 * <p>Unless a type says otherwise, every method of this package rejects {@code null} arguments with
 * a {@link java.lang.NullPointerException} naming the argument.
 */
@NullMarked
package dev.weft;

import org.jspecify.annotations.NullMarked;
