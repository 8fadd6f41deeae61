package dev.weft.io.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

@Timeout(30)
class WeftFilesRoundTripTest {
    private static final String TEXT = "Hello, asyncio! Grüße, ½ € — 日本語";

    @TempDir Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"UTF-8", "UTF-16", "windows-1252", "ISO-8859-15"})
    void textRoundTrip(String name) throws Exception {
        Charset cs = Charset.forName(name);
        String text = cs.newEncoder().canEncode(TEXT) ? TEXT : "Hello, asyncio! Grüße €";
        Path f = dir.resolve("t.txt");
        WeftFiles.writeString(f, text, cs);
        assertEquals(text, WeftFiles.readString(f, cs));
        assertArrayEquals(text.getBytes(cs), Files.readAllBytes(f));
    }

    @ParameterizedTest
    @ValueSource(strings = {"UTF-8", "UTF-16LE", "ISO-8859-1"})
    void linesRoundTrip(String name) throws Exception {
        Charset cs = Charset.forName(name);
        Path f = dir.resolve("lines.txt");
        List<String> lines = List.of("first", "", "third ä", "last");
        WeftFiles.writeLines(f, lines, cs);
        assertEquals(lines, WeftFiles.readAllLines(f, cs));
        try (Stream<String> s = WeftFiles.lines(f, cs)) {
            assertEquals(lines, s.toList());
        }
        assertEquals(Files.readAllLines(f, cs), lines);
    }

    @Test
    void bytesRoundTripAndDefaultUtf8() throws Exception {
        byte[] data = new byte[300_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31);
        }
        Path f = dir.resolve("b.bin");
        WeftFiles.write(f, data);
        assertArrayEquals(data, WeftFiles.readAllBytes(f));
        WeftFiles.write(f, new byte[] {1, 2}, WriteMode.IN_PLACE);
        assertArrayEquals(new byte[] {1, 2}, WeftFiles.readAllBytes(f));

        WeftFiles.writeString(f, TEXT);
        assertEquals(TEXT, WeftFiles.readString(f));
        assertArrayEquals(TEXT.getBytes(StandardCharsets.UTF_8), Files.readAllBytes(f));
    }

    @Test
    void appendAndStreamWrite() throws Exception {
        Path f = dir.resolve("log.txt");
        WeftFiles.appendString(f, "a\n", StandardCharsets.UTF_8);
        WeftFiles.append(f, "b\n".getBytes(StandardCharsets.UTF_8));
        assertEquals("a\nb\n", Files.readString(f));
        long n = WeftFiles.write(f, new ByteArrayInputStream(new byte[70_000]), WriteMode.ATOMIC);
        assertEquals(70_000, n);
        assertEquals(70_000, Files.size(f));
        assertEquals(
                5,
                WeftFiles.write(
                        f,
                        new ByteArrayInputStream("12345".getBytes(StandardCharsets.UTF_8)),
                        WriteMode.IN_PLACE));
        assertEquals("12345", Files.readString(f));
    }

    @Test
    void atomicWriteKeepsLinkAndPermissions() throws Exception {
        Path real = dir.resolve("real.txt");
        Files.writeString(real, "old");
        Files.setPosixFilePermissions(
                real, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));
        Path link = Files.createSymbolicLink(dir.resolve("link.txt"), real.getFileName());
        WeftFiles.writeString(link, "new");
        assertTrue(Files.isSymbolicLink(link), "the link is kept");
        assertEquals("new", Files.readString(real));
        assertEquals(
                "rw-r-----",
                java.nio.file.attribute.PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(real)));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(2, s.count(), "no temporary file left");
        }
    }

    @Test
    void malformedInputIsReported() throws Exception {
        Path f = dir.resolve("bad.txt");
        Files.write(f, new byte[] {(byte) 0xC3, (byte) 0x28});
        assertThrows(CharacterCodingException.class, () -> WeftFiles.readString(f));
        assertThrows(
                CharacterCodingException.class,
                () -> WeftFiles.readAllLines(f, StandardCharsets.UTF_8));
        assertThrows(
                CharacterCodingException.class,
                () -> WeftFiles.writeString(f, "€", StandardCharsets.ISO_8859_1));
        assertArrayEquals(
                new byte[] {(byte) 0xC3, (byte) 0x28},
                Files.readAllBytes(f),
                "failed encode left file alone");
    }

    @Test
    void errorsAreJdkTypesWithThePath() throws Exception {
        Path missing = dir.resolve("missing.txt");
        NoSuchFileException e =
                assertThrows(NoSuchFileException.class, () -> WeftFiles.readString(missing));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        assertThrows(NoSuchFileException.class, () -> WeftFiles.open(missing, "r"));
        Path noParent = dir.resolve("no/such/dir.txt");
        NoSuchFileException np =
                assertThrows(NoSuchFileException.class, () -> WeftFiles.writeString(noParent, "x"));
        assertEquals(noParent.toString(), np.getFile());

        Path dangling =
                Files.createSymbolicLink(
                        dir.resolve("dangling"), Path.of("created-through-link.txt"));
        WeftFiles.writeString(dangling, "via link");
        assertTrue(Files.isSymbolicLink(dangling), "the dangling link is kept and now resolves");
        assertEquals("via link", Files.readString(dir.resolve("created-through-link.txt")));

        Path readOnly = Files.createDirectory(dir.resolve("ro"));
        Path inRo = Files.writeString(readOnly.resolve("f.txt"), "old");
        Files.setPosixFilePermissions(
                readOnly, java.nio.file.attribute.PosixFilePermissions.fromString("r-x------"));
        try {
            if (!Files.isWritable(readOnly)) { // root ignores permissions
                java.nio.file.AccessDeniedException ad =
                        assertThrows(
                                java.nio.file.AccessDeniedException.class,
                                () -> WeftFiles.writeString(inRo, "new"));
                assertEquals(inRo.toString(), ad.getFile());
                WeftFiles.writeString(inRo, "new", StandardCharsets.UTF_8, WriteMode.IN_PLACE);
                assertEquals("new", Files.readString(inRo));
            }
        } finally {
            Files.setPosixFilePermissions(
                    readOnly, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        }

        FileSystemException d =
                assertThrows(FileSystemException.class, () -> WeftFiles.readAllBytes(dir));
        assertEquals(dir.toString(), d.getFile());
        assertTrue(d.getMessage().contains("is a directory"), d.getMessage());
        assertThrows(FileSystemException.class, () -> WeftFiles.writeString(dir, "x"));
        assertThrows(FileSystemException.class, () -> WeftFiles.open(dir, "r"));

        NullPointerException npe =
                assertThrows(NullPointerException.class, () -> WeftFiles.readString(null));
        assertEquals("path", npe.getMessage());
        npe = assertThrows(NullPointerException.class, () -> WeftFiles.writeString(missing, null));
        assertEquals("text", npe.getMessage());
        IllegalArgumentException iae =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> WeftFiles.readAllBytes(List.of(missing), 0));
        assertTrue(iae.getMessage().contains("concurrency"), iae.getMessage());
        assertFalse(Files.exists(missing));
    }

    @Test
    void copyMoveDelete() throws Exception {
        Path a = dir.resolve("a.txt");
        Files.writeString(a, "content");
        Path b = dir.resolve("b.txt");
        Files.writeString(b, "old");
        WeftFiles.copy(a, b);
        assertEquals("content", Files.readString(b));
        Path c = dir.resolve("c.txt");
        WeftFiles.move(b, c);
        assertFalse(Files.exists(b));
        assertEquals("content", Files.readString(c));
        assertThrows(NoSuchFileException.class, () -> WeftFiles.copy(b, a));
        assertThrows(FileSystemException.class, () -> WeftFiles.copy(dir, a));

        Path tree = Files.createDirectories(dir.resolve("t/x/y"));
        Files.writeString(tree.resolve("f"), "1");
        Path outside = Files.writeString(dir.resolve("outside.txt"), "keep");
        Files.createSymbolicLink(tree.resolve("link"), outside);
        assertTrue(WeftFiles.deleteRecursively(dir.resolve("t")));
        assertFalse(Files.exists(dir.resolve("t")));
        assertEquals("keep", Files.readString(outside), "links are not followed");
        assertFalse(WeftFiles.deleteRecursively(dir.resolve("t")));
    }
}
