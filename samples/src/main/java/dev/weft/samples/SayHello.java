package dev.weft.samples;

import dev.weft.Weft;

import java.time.Duration;

/**
 * The tutorial's first example, {@code asyncio.run(main())}: prints {@code Hello}, sleeps one
 * second without blocking a platform thread, prints {@code World}.
 *
 * <pre>{@code
 * async def main():
 *     print('Hello')
 *     await asyncio.sleep(1)
 *     print('World')
 *
 * asyncio.run(main())
 * }</pre>
 *
 * In Weft the body is plain blocking Java: no {@code async}, no {@code await}.
 */
public final class SayHello {
    public static void main(String[] args) {
        Weft.run(
                () -> {
                    System.out.println("Hello");
                    Weft.sleep(Duration.ofSeconds(1));
                    System.out.println("World");
                });
    }
}
