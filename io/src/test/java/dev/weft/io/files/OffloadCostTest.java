package dev.weft.io.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.io.files.internal.Blocking;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Timing harness, not a benchmark gate: prints the per-call cost of the direct path (stat, then
 * read on the caller's virtual thread) and of the offloaded path (read on the platform pool while
 * the virtual thread parks) for a 4 KiB regular file. Figures go to docs/files.md. Timings are
 * printed, never asserted; the assertions check that both paths return the same bytes.
 *
 * <p>Run: {@code mvn -B -q -pl io -am verify -Dtest=OffloadCostTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dweft.io.costIterations=200000}
 */
class OffloadCostTest {
    @TempDir Path dir;

    @Test
    @Timeout(300)
    void printPerCallCostOfBothPaths() throws Exception {
        int iterations = Integer.getInteger("weft.io.costIterations", 20_000);
        byte[] data = new byte[4096];
        Arrays.fill(data, (byte) 7);
        Path f = Files.write(dir.resolve("small.bin"), data);

        AtomicReference<String> report = new AtomicReference<>();
        String[] names = {
            "Files.readAllBytes (JDK baseline)",
            "stat for the path decision",
            "direct path: WeftFiles.readAllBytes",
            "offloaded path: pool + park",
        };
        List<Callable<?>> ops =
                List.of(
                        () -> Files.readAllBytes(f),
                        () -> Blocking.kindOf(f),
                        () -> WeftFiles.readAllBytes(f),
                        () -> Blocking.offload("bench", () -> Files.readAllBytes(f)));
        Thread t =
                Thread.ofVirtual()
                        .start(
                                () -> {
                                    try {
                                        int rounds = 9;
                                        int perRound = Math.max(1, iterations / rounds);
                                        double[][] micros = new double[ops.size()][rounds];
                                        for (Callable<?> op : ops) {
                                            time(perRound, op); // warm-up
                                        }
                                        for (int r = 0; r < rounds; r++) {
                                            for (int k = 0; k < ops.size(); k++) {
                                                int i = (k + r) % ops.size(); // rotate the order
                                                // so drift hits
                                                // all alike
                                                micros[i][r] =
                                                        time(perRound, ops.get(i))
                                                                / 1000.0
                                                                / perRound;
                                            }
                                        }
                                        StringBuilder out = new StringBuilder();
                                        out.append(
                                                String.format(
                                                        Locale.ROOT,
                                                        "weft-io per-call cost, 4 KiB regular file, %d rounds x %d calls, JDK %s, %d cpus (median, min)%n",
                                                        rounds,
                                                        perRound,
                                                        Runtime.version(),
                                                        Runtime.getRuntime()
                                                                .availableProcessors()));
                                        for (int i = 0; i < ops.size(); i++) {
                                            Arrays.sort(micros[i]);
                                            out.append(
                                                    String.format(
                                                            Locale.ROOT,
                                                            "  %-40s %8.2f us/call  (min %.2f)%n",
                                                            names[i],
                                                            micros[i][rounds / 2],
                                                            micros[i][0]));
                                        }
                                        assertArrayEquals(
                                                WeftFiles.readAllBytes(f),
                                                Blocking.offload(
                                                        "check", () -> Files.readAllBytes(f)));
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
}
