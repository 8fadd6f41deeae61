package dev.weft.bench;

import dev.weft.Scope;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.management.ObjectName;

/**
 * The per-task memory account, in a fresh JVM per implementation: where the heap bytes of a parked
 * task go. Warms up by parking and releasing smaller batches (so the fork path and every frame of a
 * parked task are compiled, as in a long-running program), takes a class histogram of the live heap
 * (after a full GC, through the JVM's {@code GC.class_histogram} diagnostic command), parks {@code
 * COUNT} tasks in {@code Thread.sleep} (as the sleeper comparison does), takes a second histogram,
 * and prints the difference per task:
 *
 * <pre>
 * CLASS name bytesPerTask instancesPerTask
 * FIELD declaringClass name type bytes     (the fields of Weft's task object, with compressed oops)
 * </pre>
 *
 * <p>Arguments: {@code weft|sts|threads COUNT}.
 */
public final class MemoryMain {
    private static final Duration PARK = Duration.ofHours(1);

    /**
     * Warm-up batches (each a fifth of the count) before the histograms: enough that every frame of
     * a parked task is compiled, as in a long-running program (with too few, a varying share of the
     * parked stacks hold interpreted frames, several times larger).
     */
    private static final int WARMUPS = 15;

    private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");

    private MemoryMain() {}

    /**
     * Runs the account for one implementation.
     *
     * @param args see the type's documentation
     * @throws Exception if parking or the histogram fails
     */
    public static void main(String[] args) throws Exception {
        String impl = args[0];
        int count = Integer.parseInt(args[1]);
        for (int i = 0; i < Integer.getInteger("weft.bench.warmups", WARMUPS); i++) {
            park(impl, Math.max(1, count / 5), () -> null);
        }
        Map<String, long[]> before = histogram();
        AtomicReference<Map<String, long[]>> during = new AtomicReference<>();
        park(
                impl,
                count,
                () -> {
                    during.set(histogram());
                    return null;
                });
        for (Map.Entry<String, long[]> e : during.get().entrySet()) {
            long[] b = before.getOrDefault(e.getKey(), new long[2]);
            double bytes = (e.getValue()[1] - b[1]) / (double) count;
            double instances = (e.getValue()[0] - b[0]) / (double) count;
            if (Math.abs(bytes) >= 0.5) {
                System.out.println(
                        String.format(
                                Locale.ROOT, "CLASS %s %.2f %.4f", e.getKey(), bytes, instances));
            }
        }
        if (impl.equals("weft")) {
            for (Class<?> c = Class.forName("dev.weft.TaskImpl");
                    c != null && c != Object.class;
                    c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    if (!Modifier.isStatic(f.getModifiers())) {
                        System.out.println(
                                "FIELD "
                                        + c.getName()
                                        + " "
                                        + f.getName()
                                        + " "
                                        + f.getType().getSimpleName()
                                        + " "
                                        + size(f.getType()));
                    }
                }
            }
        }
        System.out.flush();
        System.exit(0);
    }

    /**
     * Field size with compressed oops and class pointers (the JVM default under 32 GiB of heap).
     */
    private static int size(Class<?> t) {
        if (!t.isPrimitive()) {
            return 4;
        }
        if (t == long.class || t == double.class) {
            return 8;
        }
        if (t == int.class || t == float.class) {
            return 4;
        }
        if (t == short.class || t == char.class) {
            return 2;
        }
        return 1;
    }

    /**
     * Parks {@code count} tasks of {@code impl} in a long sleep, runs {@code whileParked}, then
     * ends them.
     */
    private static void park(String impl, int count, Callable<Void> whileParked) throws Exception {
        AtomicInteger started = new AtomicInteger();
        Callable<Integer> sleeper =
                () -> {
                    started.incrementAndGet();
                    Thread.sleep(PARK);
                    return 1;
                };
        Callable<Void> inspect =
                () -> {
                    while (started.get() < count) {
                        Thread.sleep(10);
                    }
                    Thread.sleep(300); // the last few reach their sleep; at most one per carrier is
                    // mounted
                    return whileParked.call();
                };
        switch (impl) {
            case "weft" -> {
                try (Scope s = Scope.open()) {
                    for (int i = 0; i < count; i++) {
                        s.fork(sleeper);
                    }
                    inspect.call();
                    s.cancel("measured");
                    s.join();
                }
            }
            case "threads" -> {
                Thread[] threads = new Thread[count];
                Runnable r =
                        () -> {
                            try {
                                sleeper.call();
                            } catch (Exception e) {
                                // interrupted: done
                            }
                        };
                for (int i = 0; i < count; i++) {
                    threads[i] = Thread.ofVirtual().start(r);
                }
                inspect.call();
                for (Thread t : threads) {
                    t.interrupt();
                }
                for (Thread t : threads) {
                    t.join();
                }
            }
            case "sts" -> Peers.structured().forkAndClose(count, sleeper, inspect);
            default -> throw new IllegalArgumentException("unknown implementation " + impl);
        }
    }

    /** The live heap by class: instances and bytes, after a full GC. */
    private static Map<String, long[]> histogram() throws Exception {
        String text =
                (String)
                        ManagementFactory.getPlatformMBeanServer()
                                .invoke(
                                        new ObjectName("com.sun.management:type=DiagnosticCommand"),
                                        "gcClassHistogram",
                                        new Object[] {new String[0]},
                                        new String[] {String[].class.getName()});
        Map<String, long[]> out = new HashMap<>();
        for (String line : text.split("\n")) {
            Matcher m = ROW.matcher(line);
            if (m.find()) {
                out.put(
                        m.group(3),
                        new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))});
            }
        }
        return out;
    }
}
