package dev.weft.io.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A writer process killed with SIGKILL at an arbitrary moment leaves the file whole: all bytes of
 * one round, at full size. More rounds: {@code -Dweft.io.killRounds=50}.
 */
class KilledWriterTest {
    private static final int SIZE = 2 << 20;

    @TempDir Path dir;

    @Test
    @Timeout(180)
    void killedWriterLeavesAWholeFile() throws Exception {
        int rounds = Integer.getInteger("weft.io.killRounds", 3);
        Path target = dir.resolve("target.bin");
        String java = ProcessHandle.current().info().command().orElse("java");
        for (int round = 0; round < rounds; round++) {
            Process child =
                    new ProcessBuilder(
                                    java,
                                    "-cp",
                                    System.getProperty("java.class.path"),
                                    AtomicWriterChild.class.getName(),
                                    target.toString(),
                                    Integer.toString(SIZE))
                            .redirectError(ProcessBuilder.Redirect.DISCARD)
                            .start();
            try (BufferedReader out =
                    new BufferedReader(
                            new InputStreamReader(
                                    child.getInputStream(), StandardCharsets.US_ASCII))) {
                // Let it complete 1..4 writes, so the kill lands at a different place each round.
                int writes = 1 + round % 4;
                for (int i = 0; i < writes; i++) {
                    assertNotNull(out.readLine(), "child wrote before being killed");
                }
                child.destroyForcibly();
                assertTrue(child.waitFor(60, TimeUnit.SECONDS));
            } finally {
                child.destroyForcibly();
            }
            byte[] content = Files.readAllBytes(target);
            assertEquals(SIZE, content.length, "full size in round " + round);
            for (byte b : content) {
                if (b != content[0]) {
                    throw new AssertionError("mixed content in round " + round);
                }
            }
            // A SIGKILL between temp creation and rename may leave a temp file: that is the
            // documented crash residue; the target itself is never partial.
            List<Path> residue = new ArrayList<>();
            try (var s = Files.list(dir)) {
                s.filter(p -> !p.equals(target)).forEach(residue::add);
            }
            for (Path p : residue) {
                assertTrue(
                        p.getFileName().toString().matches("\\.target\\.bin\\.[0-9a-f]{16}\\.tmp"),
                        p.toString());
                Files.delete(p);
            }
        }
    }
}
