package dev.weft.samples;

import dev.weft.CancelledException;
import dev.weft.Task;
import dev.weft.Weft;

import java.time.Duration;

/**
 * The tutorial's cancellation example: a task that would sleep ten seconds is cancelled after one;
 * it sees the cancellation, prints, and lets it propagate; its joiner catches it.
 *
 * <pre>{@code
 * async def cancel_me():
 *     try:
 *         await asyncio.sleep(10)
 *     except asyncio.CancelledError:
 *         print("Task was cancelled")
 *         raise
 * }</pre>
 *
 * Prints {@code Task was cancelled}, then {@code Caught task cancellation}, one second after the
 * start. Cancellation interrupts the task's virtual thread; {@link Weft#sleep} turns that into the
 * unchecked {@link CancelledException}.
 */
public final class Cancellation {
    public static void main(String[] args) {
        Weft.run(
                () -> {
                    Task<Void> task = Weft.fork(Cancellation::cancelMe);
                    Weft.sleep(Duration.ofSeconds(1));
                    task.cancel();
                    try {
                        task.join();
                    } catch (CancelledException e) {
                        System.out.println("Caught task cancellation");
                    }
                });
    }

    private static void cancelMe() {
        try {
            Weft.sleep(Duration.ofSeconds(10));
        } catch (CancelledException e) {
            System.out.println("Task was cancelled");
            throw e;
        }
    }
}
