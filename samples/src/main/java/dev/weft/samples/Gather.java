package dev.weft.samples;

import dev.weft.Weft;

import java.time.Duration;

/**
 * The tutorial's {@code asyncio.gather} example: the same two tasks as in {@code create_task},
 * started and awaited in one call that returns their results in argument order.
 *
 * <pre>{@code
 * await asyncio.gather(my_coroutine("Task 1", 1), my_coroutine("Task 2", 2))
 * }</pre>
 *
 * Prints {@code Task 1 completed} after one second and {@code Task 2 completed} after two. Unlike
 * asyncio's, Weft's gather never leaves a task running behind it: the first failure cancels the
 * others and is rethrown.
 */
public final class Gather {
    public static void main(String[] args) {
        Weft.run(
                () -> {
                    Weft.gather(
                            () -> myCoroutine("Task 1", Duration.ofSeconds(1)),
                            () -> myCoroutine("Task 2", Duration.ofSeconds(2)));
                });
    }

    private static String myCoroutine(String name, Duration delay) {
        Weft.sleep(delay);
        System.out.println(name + " completed");
        return name;
    }
}
