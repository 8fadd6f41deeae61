package dev.weft.docs;

import dev.weft.CancelledException;
import dev.weft.DeadlineExceededException;
import dev.weft.Task;
import dev.weft.Weft;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** Code quoted by docs/cancellation.md; {@code DocExamplesTest} runs it. */
final class CancellationSnippets {
    private CancellationSnippets() {}

    // region cancel-task
    static void cancelAfter(Duration patience) {
        Weft.run(
                () -> {
                    Task<String> slow =
                            Weft.fork(
                                    () -> {
                                        Weft.sleep(Duration.ofMinutes(5)); // a cancellation point
                                        return "done";
                                    });
                    Weft.sleep(patience);
                    slow.cancel("user pressed stop"); // interrupt + sticky flag, does not wait
                    try {
                        slow.join();
                    } catch (CancelledException e) {
                        System.out.println(
                                slow.state() + ": " + e.reason()); // CANCELLED: user pressed stop
                    }
                });
    }

    // endregion

    // region checkpoint
    static long countPrimes(long limit) {
        long count = 0;
        for (long n = 2; n < limit; n++) {
            if ((n & 0xFFFF) == 0) {
                Weft.checkpoint(); // CPU-bound loop: let cancellation in
            }
            if (isPrime(n)) {
                count++;
            }
        }
        return count;
    }

    // endregion

    // region jdk-blocking
    static void drain(BlockingQueue<String> queue) throws InterruptedException {
        while (true) {
            String item = queue.take(); // throws InterruptedException when the task is cancelled
            System.out.println("got " + item);
        } // the task ends CANCELLED, not FAILED
    }

    // endregion

    // region cleanup
    static void withLease(Runnable work) {
        acquireLease();
        try {
            work.run();
        } finally {
            releaseLease(); // runs on cancellation too; keep it short and non-blocking,
        } // or see Weft.shield for cleanup that must block
    }

    // endregion

    // region own-channel
    static byte[] readHeader(Path file) throws IOException {
        // One channel per task: an interrupt closes the channel it hits,
        // so a channel shared between tasks would break for all of them.
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer header = ByteBuffer.allocate(16);
            channel.read(header, 0);
            return Arrays.copyOf(header.array(), header.position());
        }
    }

    // endregion

    // region sticky
    static String bestEffort() {
        try {
            Weft.sleep(Duration.ofMinutes(5));
            return "full result";
        } catch (CancelledException e) {
            // Caught, but the task is still cancelled: the next cancellation point throws again.
            // Return what you have without blocking; do not try to carry on working.
            return "partial result";
        }
    }

    // endregion

    // region shield
    static String saveWithin(Duration limit) {
        return Weft.run(
                () -> {
                    try {
                        Weft.withTimeout(
                                limit,
                                () -> Weft.shield(() -> save())); // save() is never cancelled
                        return "saved in time";
                    } catch (DeadlineExceededException e) {
                        return "answered on time; the save goes on"; // Weft.run waits for it before
                        // returning
                    }
                });
    }

    // endregion

    /** Stands for a slow disk: the test opens it once the answer was given. */
    static final CountDownLatch DISK = new CountDownLatch(1);

    static final AtomicBoolean SAVED = new AtomicBoolean();

    static boolean save() throws InterruptedException {
        DISK.await(30, TimeUnit.SECONDS);
        SAVED.set(true);
        return true;
    }

    static boolean isPrime(long n) {
        for (long d = 2; d * d <= n; d++) {
            if (n % d == 0) {
                return false;
            }
        }
        return true;
    }

    static void acquireLease() {}

    static void releaseLease() {}
}
