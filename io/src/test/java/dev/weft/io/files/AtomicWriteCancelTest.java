package dev.weft.io.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.CancelledException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * A writer interrupted mid-write leaves the old content or the new, never a mix, and no temp file.
 */
@Timeout(60)
class AtomicWriteCancelTest {
    @TempDir Path dir;

    @Test
    void interruptedHalfwayKeepsOldContentAndNoTempFile() throws Exception {
        Path f = dir.resolve("data.bin");
        byte[] old = filled(100_000, (byte) 'o');
        Files.write(f, old);
        CountDownLatch halfway = new CountDownLatch(1);
        InputStream stalling =
                new InputStream() {
                    private int sent;

                    @Override
                    public int read() throws IOException {
                        if (sent < 200_000) {
                            sent++;
                            return 'n';
                        }
                        halfway.countDown();
                        try {
                            new CountDownLatch(1).await(); // until interrupted
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new InterruptedIOException("interrupted");
                        }
                        return -1;
                    }
                };
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<Boolean> interrupted = new AtomicReference<>();
        Thread writer =
                Thread.ofVirtual()
                        .start(
                                () -> {
                                    try {
                                        WeftFiles.write(f, stalling, WriteMode.ATOMIC);
                                    } catch (Throwable e) {
                                        thrown.set(e);
                                        interrupted.set(Thread.currentThread().isInterrupted());
                                    }
                                });
        halfway.await();
        writer.interrupt();
        writer.join();
        assertInstanceOf(CancelledException.class, thrown.get());
        Throwable cause = thrown.get().getCause();
        assertTrue(
                cause instanceof InterruptedIOException
                        || cause instanceof ClosedByInterruptException,
                String.valueOf(cause));
        assertTrue(interrupted.get(), "interrupt status kept");
        assertArrayEquals(old, Files.readAllBytes(f));
        assertEquals(List.of(f), listDir());
    }

    @Test
    void interruptAtRandomPointsNeverMixes() throws Exception {
        Path f = dir.resolve("big.bin");
        byte[] a = filled(4 << 20, (byte) 'a');
        byte[] b = filled(4 << 20, (byte) 'b');
        Files.write(f, a);
        int rounds = Integer.getInteger("weft.io.cancelRounds", 20);
        int cancelled = 0;
        for (int round = 0; round < rounds; round++) {
            byte[] next = Arrays.equals(Files.readAllBytes(f), a) ? b : a;
            CountDownLatch started = new CountDownLatch(1);
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread writer =
                    Thread.ofVirtual()
                            .start(
                                    () -> {
                                        started.countDown();
                                        try {
                                            WeftFiles.write(f, next);
                                        } catch (Throwable e) {
                                            thrown.set(e);
                                        }
                                    });
            started.await();
            // Vary the moment: spin a round-dependent amount of work before interrupting.
            long spin = (round * 7919L) % 200_000;
            for (long i = 0; i < spin; i++) {
                Thread.onSpinWait();
            }
            writer.interrupt();
            writer.join();
            if (thrown.get() != null) {
                assertInstanceOf(CancelledException.class, thrown.get());
                cancelled++;
            }
            byte[] now = Files.readAllBytes(f);
            assertTrue(
                    Arrays.equals(now, a) || Arrays.equals(now, b),
                    "file is whole in round " + round);
            if (thrown.get() == null) {
                assertArrayEquals(next, now, "a write that returned normally is in place");
            }
            assertEquals(List.of(f), listDir(), "no temp file after round " + round);
        }
        assertTrue(cancelled > 0, "at least one write was actually cancelled");
    }

    private List<Path> listDir() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    private static byte[] filled(int n, byte b) {
        byte[] out = new byte[n];
        Arrays.fill(out, b);
        return out;
    }
}
