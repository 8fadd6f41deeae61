package dev.weft.io.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.CancelledException;
import dev.weft.io.files.internal.Fan;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SortedMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

@Timeout(60)
class ConcurrentHelpersTest {
    @TempDir Path dir;

    @Test
    void readManyKeepsInputOrder() throws Exception {
        List<Path> paths = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            // Sizes decrease, so later files tend to finish first: order must still be kept.
            paths.add(
                    Files.writeString(
                            dir.resolve("f" + i), ("file " + i + "\n").repeat(4000 - i * 90)));
        }
        List<Path> shuffled = new ArrayList<>(paths);
        java.util.Collections.reverse(shuffled);
        List<String> texts = WeftFiles.readStrings(shuffled, StandardCharsets.UTF_8, 8);
        for (int i = 0; i < shuffled.size(); i++) {
            assertEquals(Files.readString(shuffled.get(i)), texts.get(i));
        }
        List<byte[]> bytes = WeftFiles.readAllBytes(paths, 3);
        for (int i = 0; i < paths.size(); i++) {
            assertArrayEquals(Files.readAllBytes(paths.get(i)), bytes.get(i));
        }
    }

    @Test
    void concurrencyIsBoundedAndReached() throws Exception {
        int bound = 3;
        AtomicInteger active = new AtomicInteger();
        AtomicInteger max = new AtomicInteger();
        CountDownLatch allBoundActive = new CountDownLatch(bound);
        List<Integer> items = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            items.add(i);
        }
        List<Integer> out =
                Fan.map(
                        items,
                        bound,
                        "bound-test",
                        i -> {
                            int now = active.incrementAndGet();
                            max.accumulateAndGet(now, Math::max);
                            try {
                                if (i < bound) {
                                    // The first `bound` items wait for each other: the bound is
                                    // reachable.
                                    allBoundActive.countDown();
                                    allBoundActive.await();
                                }
                                return i * 2;
                            } catch (InterruptedException e) {
                                throw new IOException(e);
                            } finally {
                                active.decrementAndGet();
                            }
                        });
        assertEquals(bound, max.get(), "never more than the bound at once, and the bound reached");
        assertEquals(0, active.get(), "every task finished before map returned");
        for (int i = 0; i < items.size(); i++) {
            assertEquals(i * 2, out.get(i));
        }
    }

    @Test
    void firstFailureIsTheJdkExceptionAndStopsTheRest() throws Exception {
        List<Path> paths =
                List.of(Files.writeString(dir.resolve("ok"), "x"), dir.resolve("missing"));
        NoSuchFileException e =
                assertThrows(NoSuchFileException.class, () -> WeftFiles.readAllBytes(paths, 2));
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void cancellingTheCallerStopsEveryRead() throws Exception {
        CountDownLatch started = new CountDownLatch(2);
        AtomicInteger finished = new AtomicInteger();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread caller =
                Thread.ofVirtual()
                        .start(
                                () -> {
                                    try {
                                        Fan.map(
                                                List.of(1, 2, 3, 4),
                                                2,
                                                "cancel-test",
                                                i -> {
                                                    started.countDown();
                                                    try {
                                                        new CountDownLatch(1).await();
                                                    } catch (InterruptedException ie) {
                                                        Thread.currentThread().interrupt();
                                                        throw new CancelledException(
                                                                "cancelled", ie);
                                                    } finally {
                                                        finished.incrementAndGet();
                                                    }
                                                    return i;
                                                });
                                    } catch (Throwable t) {
                                        thrown.set(t);
                                    }
                                });
        started.await();
        caller.interrupt();
        caller.join();
        assertInstanceOf(CancelledException.class, thrown.get());
        assertEquals(
                2, finished.get(), "both started tasks were stopped and joined; no others started");
    }

    @Test
    void checksumAndCopyTree() throws Exception {
        Path src = Files.createDirectories(dir.resolve("src/a/b"));
        src = dir.resolve("src");
        Files.writeString(src.resolve("top.txt"), "top");
        Files.writeString(src.resolve("a/one.txt"), "one");
        Files.write(src.resolve("a/b/two.bin"), new byte[100_000]);
        Files.createSymbolicLink(src.resolve("a/link"), Path.of("one.txt"));
        Files.createDirectories(src.resolve("empty"));

        SortedMap<Path, String> sums = WeftFiles.checksumTree(src, "SHA-256", 2);
        assertEquals(
                List.of(Path.of("a/b/two.bin"), Path.of("a/one.txt"), Path.of("top.txt")),
                List.copyOf(sums.keySet()));
        String expected =
                HexFormat.of()
                        .formatHex(
                                MessageDigest.getInstance("SHA-256")
                                        .digest("top".getBytes(StandardCharsets.UTF_8)));
        assertEquals(expected, sums.get(Path.of("top.txt")));

        Path dst = dir.resolve("dst");
        assertEquals(3, WeftFiles.copyTree(src, dst, 2));
        assertEquals(sums, WeftFiles.checksumTree(dst, "SHA-256", 4));
        assertTrue(Files.isSymbolicLink(dst.resolve("a/link")));
        assertTrue(Files.isDirectory(dst.resolve("empty")));
        final Path source = src;
        assertThrows(
                IllegalArgumentException.class,
                () -> WeftFiles.copyTree(source, source.resolve("a/inner"), 2));
        IllegalArgumentException bad =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> WeftFiles.checksumTree(source, "NOPE", 2));
        assertTrue(bad.getMessage().contains("NOPE"), bad.getMessage());
    }
}
