package dev.weft.samples;

import dev.weft.Weft;
import java.io.PrintStream;
import java.time.Duration;

/**
 * The tutorial's first example, {@code asyncio.run(main())}: prints {@code Hello}, sleeps one
 * second without blocking a platform thread, prints {@code World}.
 * <pre>{@code
 * async def main():
 *     print('Hello')
 *     await asyncio.sleep(1)
 *     print('World')
 * }</pre>
 * In Weft the body is plain blocking Java: no {@code async}, no {@code await}.
 */
public final class SayHello {
    private SayHello() {
    }

    /**
     * Prints {@code Hello}, then {@code World} one second later.
     *
     * @param out where to print
     * @param args ignored
     */
    public static void run(PrintStream out, String... args) {
        Weft.run(() -> {
            out.println("Hello");
            Weft.sleep(Duration.ofSeconds(1));
            out.println("World");
        });
    }
}
