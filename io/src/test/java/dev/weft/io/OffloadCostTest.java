package dev.weft.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Timing harness, not a benchmark gate: prints the per-call cost of the direct path (stat, then
 * read on the caller's virtual thread) and of the offloaded path (read on the platform pool while
 * the virtual thread parks) for a 4 KiB regular file. Figures go to docs/files.md. Timings are
 * printed, never asserted; the assertions check that both paths return the same bytes.
 *
 * <p>Run: {@code mvn -B -q -pl io -am verify -Dtest=OffloadCostTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dweft.io.costIterations=200000}
 */
class OffloadCostTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(300)
    void printPerCallCostOfBothPaths() throws Exception {
        int iterations = Integer.getInteger("weft.io.costIterations", 20_000);
        byte[] data = new byte[4096];
        Arrays.fill(data, (byte) 7);
        Path f = Files.write(dir.resolve("small.bin"), data);

        AtomicReference<String> report = new AtomicReference<>();
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                StringBuilder out = new StringBuilder();
                out.append(String.format(Locale.ROOT, "weft-io per-call cost, 4 KiB regular file, %d calls, %s, %d cpus%n",
                        iterations, Runtime.version(), Runtime.getRuntime().availableProcessors()));
                for (int round = 0; round < 2; round++) { // round 0 warms up
                    long jdk = time(iterations, () -> Files.readAllBytes(f));
                    long stat = time(iterations, () -> Blocking.kindOf(f));
                    long direct = time(iterations, () -> WeftFiles.readAllBytes(f));
                    long offloaded = time(iterations, () -> Blocking.offload("bench", () -> Files.readAllBytes(f)));
                    if (round == 1) {
                        out.append(line("Files.readAllBytes (JDK baseline)", jdk, iterations));
                        out.append(line("stat for the path decision", stat, iterations));
                        out.append(line("direct path: WeftFiles.readAllBytes", direct, iterations));
                        out.append(line("offloaded path: pool + park", offloaded, iterations));
                    }
                }
                assertArrayEquals(WeftFiles.readAllBytes(f), Blocking.offload("check", () -> Files.readAllBytes(f)));
                report.set(out.toString());
            } catch (Exception e) {
                report.set("failed: " + e);
            }
        });
        t.join();
        System.out.print(report.get());
        assertEquals(false, report.get().startsWith("failed"), report.get());
    }

    private static long time(int n, Callable<?> op) throws Exception {
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            op.call();
        }
        return System.nanoTime() - start;
    }

    private static String line(String what, long nanos, int n) {
        return String.format(Locale.ROOT, "  %-40s %8.2f us/call%n", what, nanos / 1000.0 / n);
    }
}
