package dev.weft.samples;

import dev.weft.Weft;

import java.time.Duration;

/**
 * The tutorial's exception-handling example: a coroutine fails after one second and its caller
 * catches the error with an ordinary {@code try}/{@code catch}.
 *
 * <pre>{@code
 * try:
 *     await faulty_task()
 * except ValueError as e:
 *     print(f"Caught an exception: {e}")
 * }</pre>
 *
 * Awaiting a coroutine is a plain method call in Weft. Prints {@code Caught an exception: An error
 * occurred!} after one second.
 */
public final class Exceptions {
    public static void main(String[] args) {
        Weft.run(
                () -> {
                    try {
                        faultyTask();
                    } catch (IllegalArgumentException e) {
                        System.out.println("Caught an exception: " + e.getMessage());
                    }
                });
    }

    private static void faultyTask() {
        Weft.sleep(Duration.ofSeconds(1));
        throw new IllegalArgumentException("An error occurred!");
    }
}
