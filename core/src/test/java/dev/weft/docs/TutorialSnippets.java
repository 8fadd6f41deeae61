package dev.weft.docs;

import dev.weft.CancelledException;
import dev.weft.Task;
import dev.weft.Weft;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The asyncio tutorial's examples as the asyncio guide quotes them. The runnable versions, with
 * timing tests, are the samples module's {@code dev.weft.samples} classes.
 */
final class TutorialSnippets {
    private TutorialSnippets() {
    }

    // region say-hello
    static void sayHello() {
        Weft.run(() -> {
            System.out.println("Hello");
            Weft.sleep(Duration.ofSeconds(1));
            System.out.println("World");
        });
    }
    // endregion

    // region create-task
    static String myCoroutine(String name, Duration delay) {
        Weft.sleep(delay);
        System.out.println(name + " completed");
        return name;
    }

    static void createTask() {
        Weft.run(() -> {
            Task<String> task1 = Weft.fork(() -> myCoroutine("Task 1", Duration.ofSeconds(1)));
            Task<String> task2 = Weft.fork(() -> myCoroutine("Task 2", Duration.ofSeconds(2)));
            task1.join();   // await task1
            task2.join();   // await task2: 2 s in all, not 3
        });
    }
    // endregion

    // region gather
    static void gather() {
        Weft.run(() -> {
            List<String> names = Weft.gather(
                    () -> myCoroutine("Task 1", Duration.ofSeconds(1)),
                    () -> myCoroutine("Task 2", Duration.ofSeconds(2)));
            System.out.println(names);              // [Task 1, Task 2], in argument order
        });
    }
    // endregion

    // region files
    static void files(Path dir) {
        Weft.run(() -> {
            Path file = dir.resolve("example.txt");
            Files.writeString(file, "Hello, asyncio!");     // blocks this virtual thread only
            System.out.println(Files.readString(file));
        });
    }
    // endregion

    // region exceptions
    static void faultyTask() {
        Weft.sleep(Duration.ofSeconds(1));
        throw new IllegalArgumentException("An error occurred!");
    }

    static void exceptions() {
        Weft.run(() -> {
            try {
                faultyTask();                       // await faulty_task(): a plain call
            } catch (IllegalArgumentException e) {  // except ValueError as e
                System.out.println("Caught an exception: " + e.getMessage());
            }
        });
    }
    // endregion

    // region cancellation
    static void cancelMe() {
        try {
            Weft.sleep(Duration.ofSeconds(10));
        } catch (CancelledException e) {
            System.out.println("Task was cancelled");
            throw e;                                // raise
        }
    }

    static void cancellation() {
        Weft.run(() -> {
            Task<Void> task = Weft.fork(TutorialSnippets::cancelMe);
            Weft.sleep(Duration.ofSeconds(1));
            task.cancel();
            try {
                task.join();
            } catch (CancelledException e) {
                System.out.println("Caught task cancellation");
            }
        });
    }
    // endregion
}
