package dev.weft.io.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Channel;
import dev.weft.Scope;
import dev.weft.Weft;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The examples of docs/files.md, quoted there through {@code DocSnippetsTest} regions and run here,
 * so that they keep compiling and doing what the guide says.
 */
class FilesDocExampleTest {

    static void openingExample() {
        // region opening
        Weft.run(
                () -> {
                    try (TempPath tmp = WeftFiles.tempDirectory("demo")) {
                        Path example = tmp.path().resolve("example.txt");
                        WeftFiles.writeString(example, "Hello, asyncio!"); // atomic by default
                        System.out.println(WeftFiles.readString(example)); // Hello, asyncio!
                    }
                });
        // endregion
    }

    @Test
    @Timeout(30)
    void openingExampleOfTheGuide() throws IOException {
        Set<Path> demoDirsBefore = demoDirectories();
        PrintStream stdout = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            openingExample();
        } finally {
            System.setOut(stdout);
        }
        assertTrue(
                printed.toString(StandardCharsets.UTF_8).contains("Hello, asyncio!"),
                printed::toString);
        assertEquals(demoDirsBefore, demoDirectories(), "the temp directory deleted itself");
    }

    private static Set<Path> demoDirectories() throws IOException {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("demo"))
                    .collect(Collectors.toSet());
        }
    }

    static void waitUntilReady(Path log) throws IOException {
        // region tail
        Channel<String> lines = Channel.bounded(256);
        try (Scope scope = Scope.open()) {
            scope.fork("tail", () -> WeftFiles.tail(log, Duration.ofMillis(200), lines));
            for (String line : lines) {
                if (line.contains("READY")) break;
            }
            scope.cancel("READY seen"); // stops the tail, which closes the channel
        }
        // endregion
    }

    @Test
    @Timeout(30)
    void tailExampleOfTheGuide(@TempDir Path dir) throws IOException {
        Path log =
                Files.write(
                        dir.resolve("app.log"), List.of("starting", "loading", "READY", "serving"));
        waitUntilReady(log); // returns once READY is read; the scope stopped the tail
    }
}
