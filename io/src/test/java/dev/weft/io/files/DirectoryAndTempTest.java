package dev.weft.io.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.CancelledException;
import dev.weft.Scope;
import dev.weft.Task;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

@Timeout(30)
class DirectoryAndTempTest {
    @TempDir Path dir;

    @Test
    void listAndWalkWithFilters() throws Exception {
        Files.createDirectories(dir.resolve("b/c"));
        Files.writeString(dir.resolve("z.txt"), "z");
        Files.writeString(dir.resolve("a.md"), "a");
        Files.writeString(dir.resolve("b/x.txt"), "x");
        Files.writeString(dir.resolve("b/c/y.txt"), "y");
        Files.createSymbolicLink(dir.resolve("b/loop"), dir);

        assertEquals(
                List.of(dir.resolve("a.md"), dir.resolve("b"), dir.resolve("z.txt")),
                WeftFiles.list(dir));
        assertEquals(
                List.of(dir.resolve("a.md"), dir.resolve("z.txt")),
                WeftFiles.list(dir, "*.{md,txt}"));
        assertEquals(
                List.of(dir.resolve("b/c/y.txt"), dir.resolve("b/x.txt"), dir.resolve("z.txt")),
                WeftFiles.walk(dir, p -> p.toString().endsWith(".txt")));
        assertEquals(
                List.of(
                        dir.resolve("a.md"),
                        dir.resolve("b"),
                        dir.resolve("b/c"),
                        dir.resolve("b/c/y.txt"),
                        dir.resolve("b/loop"),
                        dir.resolve("b/x.txt"),
                        dir.resolve("z.txt")),
                WeftFiles.walk(dir, p -> true),
                "depth first, parents first, links listed but not followed");

        assertThrows(NotDirectoryException.class, () -> WeftFiles.list(dir.resolve("z.txt")));
        assertThrows(
                NotDirectoryException.class, () -> WeftFiles.walk(dir.resolve("z.txt"), p -> true));
        assertThrows(
                NoSuchFileException.class, () -> WeftFiles.walk(dir.resolve("none"), p -> true));
        assertEquals(
                "filter",
                assertThrows(NullPointerException.class, () -> WeftFiles.walk(dir, null))
                        .getMessage());
    }

    @Test
    void tempFileAndDirectoryDeleteThemselves() throws Exception {
        Path file;
        try (TempPath t = WeftFiles.tempFile("weft", ".txt")) {
            file = t.path();
            assertTrue(Files.isRegularFile(file));
            assertTrue(file.getFileName().toString().endsWith(".txt"));
            WeftFiles.writeString(file, "temp");
        }
        assertFalse(Files.exists(file));

        Path tree;
        Path outside = Files.writeString(dir.resolve("keep.txt"), "keep");
        TempPath t = WeftFiles.tempDirectory("weft");
        tree = t.path();
        Files.createDirectories(tree.resolve("a/b"));
        Files.writeString(tree.resolve("a/b/f"), "f");
        Files.createSymbolicLink(tree.resolve("a/link"), outside);
        t.close();
        t.close(); // idempotent
        assertFalse(Files.exists(tree));
        assertEquals("keep", Files.readString(outside), "links inside are removed, not followed");
    }

    @Test
    void tempPathCleansUpEvenWhenInterrupted() throws Exception {
        AtomicReference<Path> path = new AtomicReference<>();
        AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
        Thread t =
                Thread.ofVirtual()
                        .start(
                                () -> {
                                    try (TempPath tmp = WeftFiles.tempDirectory("weft")) {
                                        path.set(tmp.path());
                                        Files.writeString(tmp.path().resolve("f"), "f");
                                        Thread.currentThread().interrupt();
                                    } catch (Exception e) {
                                        throw new AssertionError(e);
                                    }
                                    stillInterrupted.set(Thread.currentThread().isInterrupted());
                                });
        t.join();
        assertFalse(Files.exists(path.get()));
        assertTrue(stillInterrupted.get());
    }

    @Test
    void helpersAreCancellationPoints() throws Exception {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Path f = Files.writeString(dir.resolve("f"), "content");
        Thread t =
                Thread.ofVirtual()
                        .start(
                                () -> {
                                    Thread.currentThread().interrupt();
                                    try {
                                        WeftFiles.writeString(f, "new");
                                    } catch (Throwable e) {
                                        thrown.set(e);
                                    }
                                });
        t.join();
        assertInstanceOf(CancelledException.class, thrown.get());
        assertEquals("content", Files.readString(f));
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count());
        }
    }

    @Test
    void aCancelledTaskThatSwallowedTheInterruptIsStillStopped() throws Exception {
        Path f = Files.writeString(dir.resolve("f"), "content");
        CountDownLatch started = new CountDownLatch(1);
        Task<String> task;
        try (Scope scope = Scope.open()) {
            task =
                    scope.fork(
                            "swallower",
                            () -> {
                                started.countDown();
                                try {
                                    new CountDownLatch(1).await();
                                } catch (InterruptedException swallowed) {
                                    // interrupt status now clear; core's cancellation is sticky
                                }
                                return WeftFiles.readString(f);
                            });
            started.await();
            task.cancel("test");
        }
        assertEquals(Task.State.CANCELLED, task.state());
    }
}
