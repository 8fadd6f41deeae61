package dev.weft.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

class ParallelGrepTest {
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void printsTheMatchesInFileOrderAndEndsTheSearchItCutShort() throws Exception {
        LineRecorder rec = Captured.run(ParallelGrep::main).out();

        assertEquals(
                List.of(
                        "loom.txt:1:warp and weft",
                        "loom.txt:3:the shuttle carries the weft",
                        "sub/cloth.txt:1:weft: the crosswise yarn",
                        "grep: 3 matching lines in 2 of 3 files, 4 grep processes at a time",
                        "grep: a search cut short after 300 ms left 0 child processes running"),
                rec.texts());
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void searchesADirectoryGivenOnTheCommandLineInPathOrder(@TempDir Path dir) throws Exception {
        for (int i = 0; i < 30; i++) {
            Files.writeString(
                    dir.resolve(String.format("f%02d.txt", i)),
                    i % 3 == 0 ? "hit " + i + "\nmiss\n" : "miss\n");
        }
        LineRecorder rec = Captured.run(ParallelGrep::main, "hit", dir.toString()).out();

        List<String> lines = rec.texts();
        assertEquals(11, lines.size(), lines.toString());
        for (int i = 0, n = 0; i < 30; i += 3, n++) {
            assertEquals(String.format("f%02d.txt:1:hit %d", i, i), lines.get(n));
        }
        assertTrue(
                lines.get(10).startsWith("grep: 10 matching lines in 10 of 30 files"),
                lines.get(10));
    }
}
