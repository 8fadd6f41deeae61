package dev.weft.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.weft.Weft;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The opening example of docs/files.md, kept compiling and running here. */
class FilesDocExampleTest {
    @Test
    @Timeout(30)
    void openingExampleOfTheGuide() {
        AtomicReference<String> printed = new AtomicReference<>();
        AtomicReference<Path> dir = new AtomicReference<>();
        Weft.run(() -> {
            try (TempPath tmp = WeftFiles.tempDirectory("demo")) {
                dir.set(tmp.path());
                Path example = tmp.path().resolve("example.txt");
                WeftFiles.writeString(example, "Hello, asyncio!");          // atomic by default
                printed.set(WeftFiles.readString(example));                 // Hello, asyncio!
            }
        });
        assertEquals("Hello, asyncio!", printed.get());
        assertFalse(Files.exists(dir.get()), "the temp directory deleted itself");
    }
}
