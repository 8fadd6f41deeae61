package dev.weft.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

class TreeChecksumTest {
    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void theConcurrentDigestEqualsASequentialOne(@TempDir Path root) throws Exception {
        for (int i = 0; i < 40; i++) {
            Path dir = Files.createDirectories(root.resolve("sub" + (i % 3)));
            Files.writeString(dir.resolve("file" + i), "content " + i + "\n".repeat(i * 50));
        }
        LineRecorder rec = Captured.run(TreeChecksum::main, root.toString()).out();

        List<String> lines = rec.texts();
        assertEquals("checksummed 40 files in 3 directories, 16 at a time", lines.get(0));
        assertEquals("tree sha-256: " + sequentialTreeDigest(root), lines.get(4));
        assertEquals("WeftFiles.checksumTree agrees: yes", lines.get(5));
        assertEquals(6, lines.size(), lines::toString);
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void withoutArgumentsItChecksumsATreeItMakesInATemporaryDirectory() throws Exception {
        LineRecorder rec = Captured.run(TreeChecksum::main).out();

        List<String> lines = rec.texts();
        assertEquals("checksummed 100 files in 4 directories, 16 at a time", lines.get(0));
        assertTrue(lines.get(1).startsWith("d0/f00.txt  "), lines::toString);
        assertTrue(lines.get(4).matches("tree sha-256: [0-9a-f]{64}"), lines::toString);
        assertEquals("WeftFiles.checksumTree agrees: yes", lines.get(5));
    }

    private static String sequentialTreeDigest(Path root) throws Exception {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
        }
        List<String> listing = new ArrayList<>();
        for (Path f : files) {
            listing.add(
                    f.toString().replace('\\', '/')
                            + "  "
                            + sha256(Files.readAllBytes(root.resolve(f)))
                            + "\n");
        }
        return sha256(String.join("", listing).getBytes(StandardCharsets.UTF_8));
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
