package dev.weft.io.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

@Timeout(30)
class SafeRootTest {
    @TempDir Path tmp;

    Path base;
    Path outside;
    SafeRoot root;

    @BeforeEach
    void setUp() throws Exception {
        base = Files.createDirectories(tmp.resolve("base/sub"));
        base = tmp.resolve("base");
        outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret"), "s");
        Files.createSymbolicLink(base.resolve("out"), outside);
        Files.createSymbolicLink(base.resolve("up"), Path.of(".."));
        Files.createSymbolicLink(base.resolve("dangling"), outside.resolve("not-yet"));
        Files.createSymbolicLink(base.resolve("inside"), Path.of("sub"));
        Files.createSymbolicLink(base.resolve("abs-inside"), base.resolve("sub").toRealPath());
        Files.createSymbolicLink(base.resolve("loop"), Path.of("loop"));
        root = SafeRoot.of(base);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "a.txt",
                "sub/new.txt",
                "sub/../a.txt",
                "./sub",
                "",
                "inside/x",
                "abs-inside/y",
                "sub/deeper/not/yet"
            })
    void pathsInsideAreResolved(String untrusted) throws Exception {
        Path p = root.resolve(untrusted);
        assertTrue(p.startsWith(base.toRealPath()), p.toString());
        assertEquals(base.toRealPath().resolve(untrusted).normalize(), p);
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", "../outside/secret", "sub/../../outside", "a/../../x"})
    void dotDotEscapesAreRefused(String untrusted) {
        PathEscapeException e =
                assertThrows(PathEscapeException.class, () -> root.resolve(untrusted));
        assertEquals(untrusted, e.getFile());
        assertTrue(e.getMessage().contains("'..'"), e.getMessage());
    }

    @Test
    void absolutePathsAreRefused() {
        PathEscapeException e =
                assertThrows(
                        PathEscapeException.class,
                        () -> root.resolve(outside.resolve("secret").toString()));
        assertTrue(e.getMessage().contains("absolute"), e.getMessage());
        assertThrows(PathEscapeException.class, () -> root.resolve("/etc/passwd"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "out",
                "out/secret",
                "out/new-file",
                "up/outside",
                "up",
                "dangling",
                "inside/../out/x"
            })
    void symlinkEscapesAreRefused(String untrusted) {
        PathEscapeException e =
                assertThrows(PathEscapeException.class, () -> root.resolve(untrusted));
        assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
    }

    @Test
    void linkLoopsAndBadInputFailClearly() throws Exception {
        FileSystemException loop =
                assertThrows(FileSystemException.class, () -> root.resolve("loop/x"));
        assertTrue(loop.getMessage().contains("too many levels"), loop.getMessage());
        assertThrows(InvalidPathException.class, () -> root.resolve("a\0b"));
        assertEquals(
                "untrusted",
                assertThrows(NullPointerException.class, () -> root.resolve(null)).getMessage());
        assertThrows(NoSuchFileException.class, () -> SafeRoot.of(tmp.resolve("missing")));
        assertThrows(NotDirectoryException.class, () -> SafeRoot.of(outside.resolve("secret")));
        assertEquals(base.toRealPath(), root.base());
    }
}
