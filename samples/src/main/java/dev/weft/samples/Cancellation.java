package dev.weft.samples;

import dev.weft.CancelledException;
import dev.weft.Task;
import dev.weft.Weft;
import java.io.PrintStream;
import java.time.Duration;

/**
 * The tutorial's cancellation example: a task that would sleep ten seconds is cancelled after
 * one; it sees the cancellation, prints, and lets it propagate; its joiner catches it.
 * <pre>{@code
 * async def cancel_me():
 *     try:
 *         await asyncio.sleep(10)
 *     except asyncio.CancelledError:
 *         print("Task was cancelled")
 *         raise
 * }</pre>
 * Prints {@code Task was cancelled}, then {@code Caught task cancellation}, one second after the
 * start. Cancellation interrupts the task's virtual thread; {@link Weft#sleep} turns that into the
 * unchecked {@link CancelledException}.
 */
public final class Cancellation {
    private Cancellation() {
    }

    /**
     * Forks the sleeper, cancels it after one second and joins it.
     *
     * @param out where to print
     * @param args ignored
     */
    public static void run(PrintStream out, String... args) {
        Weft.run(() -> {
            Task<Void> task = Weft.fork(() -> cancelMe(out));
            Weft.sleep(Duration.ofSeconds(1));
            task.cancel();
            try {
                task.join();
            } catch (CancelledException e) {
                out.println("Caught task cancellation");
            }
        });
    }

    private static void cancelMe(PrintStream out) {
        try {
            Weft.sleep(Duration.ofSeconds(10));
        } catch (CancelledException e) {
            out.println("Task was cancelled");
            throw e;
        }
    }
}
