package dev.weft.io.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.CancelledException;
import dev.weft.Scope;
import dev.weft.Task;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

@Timeout(60)
class TailAndWatchTest {
    private static final Duration POLL = Duration.ofMillis(20);

    @TempDir Path dir;

    @Test
    void tailDeliversExistingAndAppendedLinesAndStopsWithItsScope() throws Exception {
        Path log = Files.writeString(dir.resolve("app.log"), "one\ntwo\n");
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Task<Void> tail;
        try (Scope scope = Scope.open()) {
            tail = scope.fork("tail", () -> WeftFiles.tail(log, POLL, lines::add));
            assertEquals("one", lines.poll(30, TimeUnit.SECONDS));
            assertEquals("two", lines.poll(30, TimeUnit.SECONDS));
            Files.writeString(log, "three ä\n", StandardOpenOption.APPEND);
            assertEquals("three ä", lines.poll(30, TimeUnit.SECONDS));
            scope.cancel("done reading");
        }
        assertEquals(Task.State.CANCELLED, tail.state(), "tail ended with its scope");
        Files.writeString(log, "four\n", StandardOpenOption.APPEND);
        assertNull(lines.poll(), "nothing delivered after the scope ended");
    }

    @Test
    void tailFromEndSkipsOldContentAndSinkFailureStopsIt() throws Exception {
        Path log = Files.writeString(dir.resolve("app.log"), "old\n", StandardCharsets.ISO_8859_1);
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t =
                Thread.ofVirtual()
                        .start(
                                () -> {
                                    try {
                                        WeftFiles.tail(
                                                log,
                                                StandardCharsets.ISO_8859_1,
                                                POLL,
                                                true,
                                                line -> {
                                                    lines.add(line);
                                                    if (line.equals("stop")) {
                                                        throw new IllegalStateException(
                                                                "sink refused " + line);
                                                    }
                                                });
                                    } catch (Throwable e) {
                                        thrown.set(e);
                                    }
                                });
        // From the end: appended lines arrive, the old one never does. Append until the tailer,
        // which starts asynchronously, has seen its start position; then "stop" ends it.
        String first;
        int k = 0;
        do {
            Files.writeString(
                    log,
                    "new" + k++ + "\n",
                    StandardCharsets.ISO_8859_1,
                    StandardOpenOption.APPEND);
            first = lines.poll(200, TimeUnit.MILLISECONDS);
        } while (first == null && k < 100);
        assertTrue(first != null && first.startsWith("new"), String.valueOf(first));
        Files.writeString(log, "stop\n", StandardCharsets.ISO_8859_1, StandardOpenOption.APPEND);
        t.join();
        assertInstanceOf(IllegalStateException.class, thrown.get());
        assertTrue(lines.contains("stop"));
        assertTrue(!lines.contains("old"));
    }

    @Test
    void interruptStopsTailWithCancelledException() throws Exception {
        Path log = dir.resolve("not-yet.log");
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t =
                Thread.ofVirtual()
                        .start(
                                () -> {
                                    try {
                                        WeftFiles.tail(log, POLL, line -> {});
                                    } catch (Throwable e) {
                                        thrown.set(e);
                                    }
                                });
        t.interrupt();
        t.join();
        assertInstanceOf(CancelledException.class, thrown.get());
        assertThrows(
                IllegalArgumentException.class,
                () -> WeftFiles.tail(log, Duration.ZERO, line -> {}));
        assertThrows(
                java.nio.file.NoSuchFileException.class,
                () -> WeftFiles.watch(dir.resolve("none"), POLL, e -> {}));
        assertThrows(
                java.nio.file.NotDirectoryException.class,
                () -> WeftFiles.watch(Files.writeString(dir.resolve("file"), "x"), POLL, e -> {}));
    }

    @Test
    void watchReportsCreateModifyDeleteAndStopsWithItsScope() throws Exception {
        Path existing = Files.writeString(dir.resolve("existing.txt"), "1");
        BlockingQueue<FileEvent> events = new LinkedBlockingQueue<>();
        Task<Void> watch;
        try (Scope scope = Scope.open()) {
            watch = scope.fork("watch", () -> WeftFiles.watch(dir, POLL, events::add));
            // The watcher snapshots the directory when it starts; create probes until one is seen.
            FileEvent first;
            int k = 0;
            do {
                Files.writeString(dir.resolve("probe-" + k++), "p");
                first = events.poll(200, TimeUnit.MILLISECONDS);
            } while (first == null && k < 100);
            // A probe is created empty, then written: a snapshot taken between the two sees it,
            // and the first event is then its modification. Either kind shows the watcher runs.
            assertTrue(
                    first != null
                            && first.path().getFileName().toString().startsWith("probe-")
                            && (first.kind() == FileEvent.Kind.CREATED
                                    || first.kind() == FileEvent.Kind.MODIFIED),
                    String.valueOf(first));
            drainProbes(events);

            Files.writeString(existing, "12345", StandardOpenOption.APPEND);
            assertEquals(
                    new FileEvent(FileEvent.Kind.MODIFIED, existing, false), nextNonProbe(events));
            Files.delete(existing);
            assertEquals(
                    new FileEvent(FileEvent.Kind.DELETED, existing, false), nextNonProbe(events));
            Path sub = Files.createDirectory(dir.resolve("sub"));
            assertEquals(new FileEvent(FileEvent.Kind.CREATED, sub, true), nextNonProbe(events));
            scope.cancel("done watching");
        }
        assertEquals(Task.State.CANCELLED, watch.state(), "watch ended with its scope");
    }

    private static void drainProbes(BlockingQueue<FileEvent> events) {
        events.removeIf(e -> e.path().getFileName().toString().startsWith("probe-"));
    }

    private static FileEvent nextNonProbe(BlockingQueue<FileEvent> events)
            throws InterruptedException {
        while (true) {
            FileEvent e = events.poll(30, TimeUnit.SECONDS);
            if (e == null || !e.path().getFileName().toString().startsWith("probe-")) {
                return e;
            }
        }
    }
}
