package dev.weft.io.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Weft;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * CI-scaled stress: concurrent atomic writers on one file while readers check that every read sees
 * one writer's whole content. Scale with {@code -Dweft.io.stressWrites=N} (per writer).
 */
class AtomicWriteStressTest {
    private static final int SIZE = 64 * 1024;

    @TempDir Path dir;

    @Test
    @Timeout(120)
    void readersNeverSeeAMixOfConcurrentAtomicWriters() throws Exception {
        int writers = 6;
        int writesEach = Integer.getInteger("weft.io.stressWrites", 25);
        Path f = dir.resolve("shared.bin");
        Files.write(f, content(0));
        AtomicInteger writersLeft = new AtomicInteger(writers);
        AtomicInteger reads = new AtomicInteger();
        List<Integer> ids = new ArrayList<>();
        for (int i = 1; i <= writers + 3; i++) {
            ids.add(i);
        }
        Weft.map(
                ids,
                ids.size(),
                id -> {
                    if (id <= writers) {
                        try {
                            for (int k = 0; k < writesEach; k++) {
                                WeftFiles.write(f, content(id));
                            }
                        } finally {
                            writersLeft.decrementAndGet();
                        }
                        return null;
                    }
                    // Readers: keep reading while writers run, then once more after the last one.
                    boolean last = false;
                    while (!last) {
                        last = writersLeft.get() == 0;
                        byte[] now = WeftFiles.readAllBytes(f);
                        assertEquals(SIZE, now.length, "full size");
                        for (byte b : now) {
                            if (b != now[0]) {
                                throw new AssertionError("mixed content");
                            }
                        }
                        reads.incrementAndGet();
                    }
                    return null;
                });
        assertTrue(reads.get() > 0);
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(f), s.toList(), "no temporary file left");
        }
    }

    private static byte[] content(int id) {
        byte[] b = new byte[SIZE];
        Arrays.fill(b, (byte) id);
        return b;
    }
}
