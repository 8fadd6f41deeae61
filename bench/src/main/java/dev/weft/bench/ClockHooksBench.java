package dev.weft.bench;

import dev.weft.Weft;

import org.slf4j.LoggerFactory;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the virtual clock's hooks cost when no virtual clock is installed: the timed operations of
 * this build's weft-core beside the same operations of a baseline weft-core built from the commit
 * before the hooks, interleaved in rounds in one JVM. Each core is loaded in a class loader of its
 * own (with the SLF4J API and {@link dev.weft.bench.hooks.HookProbe}), so the same probe code runs
 * against both; the order of the two is rotated every round.
 *
 * <p>Build the baseline jar with {@code bench/baseline-core.sh REV} (it prints the jar's path),
 * then run {@code mvn -B -q -pl bench -am -DskipTests package exec:exec -Dbench.args="--clock-hooks
 * --baseline PATH"} ({@code --quick} for a smoke run). Writes {@code results/clock-hooks.md} (quick
 * runs: {@code results/tmp/clock-hooks.md}).
 */
public final class ClockHooksBench {
    private ClockHooksBench() {}

    /**
     * Runs the comparisons and writes the report.
     *
     * @param home the bench module's directory
     * @param baseline the baseline weft-core jar
     * @param quick a smoke run
     * @throws Exception if a measurement fails
     */
    public static void run(Path home, Path baseline, boolean quick) throws Exception {
        if (!Files.isRegularFile(baseline)) {
            throw new IllegalArgumentException(
                    "baseline is not a jar: "
                            + baseline
                            + " (build it with bench/baseline-core.sh)");
        }
        int rounds = quick ? 3 : 11;
        URL probe = location(dev.weft.bench.hooks.HookProbe.class);
        URL slf4j = location(LoggerFactory.class);
        Probe current = new Probe(new URL[] {location(Weft.class), slf4j, probe});
        Probe before = new Probe(new URL[] {baseline.toUri().toURL(), slf4j, probe});

        StringBuilder md = new StringBuilder();
        md.append("# The virtual clock's hooks with no virtual clock installed\n\n");
        md.append("JDK ")
                .append(System.getProperty("java.version"))
                .append(", ")
                .append(Runtime.getRuntime().availableProcessors())
                .append(" cores, ")
                .append(rounds)
                .append(" interleaved rounds")
                .append(quick ? " (quick run)" : "")
                .append("; this build's weft-core beside `")
                .append(baseline.getFileName())
                .append(
                        "` built from the commit before the hooks, each in a class loader of its own, the order")
                .append(
                        " rotated every round; median and min–max of the rounds; the ratio is this build's median")
                .append(
                        " ÷ the baseline's (above 1: this build takes longer), \"unclear\" when the spreads overlap.\n\n");
        int scale = quick ? 1 : 4;
        compare(
                md,
                "`Weft.sleep(1 µs)` on a platform thread",
                "µs/op",
                1e3,
                "sleep",
                500 * scale,
                current,
                before,
                rounds);
        compare(
                md,
                "`withTimeout(1 h, () -> i)`",
                "ns/op",
                1,
                "withTimeout",
                20_000 * scale,
                current,
                before,
                rounds);
        compare(
                md,
                "scope with a 1 h deadline, one task forked and joined",
                "ns/op",
                1,
                "scopeWithDeadline",
                10_000 * scale,
                current,
                before,
                rounds);
        compare(
                md,
                "`tryReceive(1 s)` with an element ready",
                "ns/op",
                1,
                "timedReceive",
                200_000 * scale,
                current,
                before,
                rounds);
        compare(
                md,
                "`Limiter` acquire and release, uncontended",
                "ns/op",
                1,
                "limiterUncontended",
                500_000 * scale,
                current,
                before,
                rounds);
        compare(
                md,
                "`Limiter(2)` shared by 8 tasks",
                "ns/acquisition",
                1,
                "limiterContended",
                100_000 * scale,
                current,
                before,
                rounds);

        Path out = quick ? home.resolve("results/tmp") : home.resolve("results");
        Files.createDirectories(out);
        Files.writeString(out.resolve("clock-hooks.md"), md.toString());
        System.out.print(md);
    }

    private static URL location(Class<?> c) {
        return c.getProtectionDomain().getCodeSource().getLocation();
    }

    private static void compare(
            StringBuilder md,
            String title,
            String unit,
            double nanosPerUnit,
            String op,
            int n,
            Probe current,
            Probe before,
            int rounds)
            throws Exception {
        Map<String, InteropBench.Impl> impls = new LinkedHashMap<>();
        impls.put("this build (hooks, no clock installed)", units -> current.run(op, units));
        impls.put("baseline (before the hooks)", units -> before.run(op, units));
        InteropBench.compare(
                md,
                title + " (" + n + " per run)",
                unit,
                nanosPerUnit,
                impls,
                n,
                rounds,
                "this ÷ baseline");
    }

    /** The probe loaded with one weft-core. */
    private static final class Probe {
        private final Class<?> type;

        Probe(URL[] path) throws ClassNotFoundException {
            ClassLoader loader = new URLClassLoader(path, ClassLoader.getPlatformClassLoader());
            this.type = Class.forName("dev.weft.bench.hooks.HookProbe", true, loader);
        }

        long run(String op, int n) throws Exception {
            try {
                MethodHandle h =
                        MethodHandles.publicLookup()
                                .findStatic(type, op, MethodType.methodType(long.class, int.class));
                return (long) h.invokeExact(n);
            } catch (Exception | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        }
    }
}
