package dev.weft.samples;

import dev.weft.Task;
import dev.weft.Weft;

import java.time.Duration;

/**
 * The tutorial's {@code asyncio.create_task} example: two tasks sleeping one and two seconds run at
 * the same time, so the whole run takes two seconds, not three.
 *
 * <pre>{@code
 * task1 = asyncio.create_task(my_coroutine("Task 1", 1))
 * task2 = asyncio.create_task(my_coroutine("Task 2", 2))
 * await task1
 * await task2
 * }</pre>
 *
 * Prints {@code Task 1 completed} after one second and {@code Task 2 completed} after two.
 */
public final class CreateTask {
    public static void main(String[] args) {
        Weft.run(
                () -> {
                    Task<Void> task1 =
                            Weft.fork(() -> myCoroutine("Task 1", Duration.ofSeconds(1)));
                    Task<Void> task2 =
                            Weft.fork(() -> myCoroutine("Task 2", Duration.ofSeconds(2)));
                    task1.join();
                    task2.join();
                });
    }

    private static void myCoroutine(String name, Duration delay) {
        Weft.sleep(delay);
        System.out.println(name + " completed");
    }
}
