package dev.weft.io.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.CancelledException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

@Timeout(30)
class FileHandleTest {
    @TempDir Path dir;

    @Test
    void pythonModes() throws Exception {
        Path f = dir.resolve("m.txt");
        try (FileHandle h = WeftFiles.open(f, "w")) {
            h.writeString("one\ntwo\n");
        }
        try (FileHandle h = WeftFiles.open(f, "a")) {
            h.writeString("three\n");
        }
        try (FileHandle h = WeftFiles.open(f, "r")) {
            assertEquals("one", h.readLine());
            assertEquals(List.of("two", "three"), h.lines().toList());
            assertNull(h.readLine());
            assertThrows(
                    NonWritableChannelException.class,
                    () -> {
                        h.seek(0);
                        h.writeString("x");
                        h.flush();
                    });
        }
        assertThrows(FileAlreadyExistsException.class, () -> WeftFiles.open(f, "x"));
        try (FileHandle h = WeftFiles.open(f, "r+b")) {
            h.write("ONE".getBytes(StandardCharsets.US_ASCII));
            h.seek(0);
            assertEquals("ONE\ntwo\nthree\n", h.readString());
        }
        try (FileHandle h = WeftFiles.open(f, "a+")) {
            assertEquals("ONE", new String(h.read(3), StandardCharsets.US_ASCII));
            h.writeString("four\n");
            h.seek(0);
            assertEquals("ONE\ntwo\nthree\nfour\n", h.readString());
        }
        try (FileHandle h = WeftFiles.open(f, "wb+")) {
            assertEquals(0, h.size());
            h.write(new byte[] {1, 2, 3});
            assertEquals(3, h.position());
            h.seek(1);
            assertArrayEquals(new byte[] {2, 3}, h.readAllBytes());
            assertArrayEquals(new byte[0], h.read(10));
        }
    }

    @Test
    void badModesAndArgumentsAreNamed() throws Exception {
        Path f = Files.writeString(dir.resolve("f"), "x");
        for (String bad : List.of("", "q", "rw", "r++", "rbt", "b", "+")) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> WeftFiles.open(f, bad));
            assertTrue(e.getMessage().contains("mode \"" + bad + "\""), e.getMessage());
        }
        try (FileHandle h = WeftFiles.open(f, "r")) {
            assertTrue(
                    assertThrows(IllegalArgumentException.class, () -> h.read(-1))
                            .getMessage()
                            .contains("n is negative: -1"));
            assertTrue(
                    assertThrows(IllegalArgumentException.class, () -> h.seek(-5))
                            .getMessage()
                            .contains("position"));
            assertEquals(
                    "bytes",
                    assertThrows(NullPointerException.class, () -> h.write(null)).getMessage());
        }
        assertEquals(
                "mode",
                assertThrows(NullPointerException.class, () -> WeftFiles.open(f, (String) null))
                        .getMessage());
    }

    @Test
    void manyLinesAcrossBuffersAndMixingRule() throws Exception {
        Path f = dir.resolve("big.txt");
        List<String> lines =
                IntStream.range(0, 50_000).mapToObj(i -> "line " + i + " äöü").toList();
        WeftFiles.writeLines(f, lines, StandardCharsets.UTF_8);
        try (FileHandle h = WeftFiles.open(f, StandardCharsets.UTF_8, StandardOpenOption.READ)) {
            assertEquals(lines, h.lines().toList());
            assertThrows(
                    IllegalStateException.class, () -> h.read(1), "bytes after text need a seek");
            h.seek(0);
            assertEquals("line", new String(h.read(4), StandardCharsets.UTF_8));
            assertEquals(" 0 äöü", h.readLine());
        }
    }

    @Test
    void utf16Handle() throws Exception {
        Path f = dir.resolve("u16.txt");
        try (FileHandle h = WeftFiles.open(f, "w", StandardCharsets.UTF_16)) {
            h.writeString("ä\nb\n");
        }
        assertEquals("ä\nb\n", Files.readString(f, StandardCharsets.UTF_16));
        try (FileHandle h = WeftFiles.open(f, "r", StandardCharsets.UTF_16)) {
            assertEquals("ä", h.readLine());
            assertEquals("b", h.readLine());
        }
    }

    @Test
    void cancellationClosesOnlyThisHandle() throws Exception {
        Path f = Files.writeString(dir.resolve("c.txt"), "abc\n".repeat(100_000));
        try (FileHandle other = WeftFiles.open(f, "r")) {
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            AtomicReference<Boolean> interruptKept = new AtomicReference<>();
            AtomicReference<FileHandle> mine = new AtomicReference<>();
            Thread t =
                    Thread.ofVirtual()
                            .start(
                                    () -> {
                                        try (FileHandle h = WeftFiles.open(f, "r")) {
                                            mine.set(h);
                                            Thread.currentThread().interrupt();
                                            h.readAllBytes();
                                        } catch (Throwable e) {
                                            thrown.set(e);
                                            interruptKept.set(
                                                    Thread.currentThread().isInterrupted());
                                        }
                                    });
            t.join();
            assertTrue(thrown.get() instanceof CancelledException, String.valueOf(thrown.get()));
            assertTrue(interruptKept.get());
            assertThrows(ClosedChannelException.class, () -> mine.get().readLine());
            assertEquals("abc", other.readLine(), "the other handle on the same file still works");
        }
    }
}
