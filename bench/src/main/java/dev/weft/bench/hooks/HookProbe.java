package dev.weft.bench.hooks;

import dev.weft.Channel;
import dev.weft.Limiter;
import dev.weft.ScopeOptions;
import dev.weft.Weft;

import java.time.Duration;
import java.util.Optional;

/**
 * The operations whose cost the virtual clock's hooks could change, each run {@code n} times; every
 * method returns the elapsed nanoseconds. {@link dev.weft.bench.ClockHooksBench} loads this class
 * twice, once with the current weft-core and once with a baseline build of it, each in a class
 * loader of its own, so that the same code runs against both. It uses only Weft's public API and
 * the JDK.
 */
public final class HookProbe {
    private static final Duration HOUR = Duration.ofHours(1);
    private static volatile long sink;

    private HookProbe() {}

    /** {@code Weft.sleep(1 µs)}: the sleep hook, then the JDK's sleep. */
    public static long sleep(int n) {
        Duration d = Duration.ofNanos(1000);
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            Weft.sleep(d);
        }
        return System.nanoTime() - t0;
    }

    /**
     * {@code Weft.withTimeout(1 h, () -> i)}: a scope, its deadline timer scheduled and cancelled.
     */
    public static long withTimeout(int n) {
        long t0 = System.nanoTime();
        long s = 0;
        for (int i = 0; i < n; i++) {
            int v = i;
            s += Weft.withTimeout(HOUR, () -> v);
        }
        sink = s;
        return System.nanoTime() - t0;
    }

    /** A scope with a deadline, one task forked and joined: fork, end, park and unpark hooks. */
    public static long scopeWithDeadline(int n) {
        ScopeOptions options = ScopeOptions.defaults().withTimeout(HOUR);
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            Weft.scope(options, s -> s.fork(() -> 1));
        }
        return System.nanoTime() - t0;
    }

    /** {@code tryReceive(1 s)} with an element ready: a deadline read from the clock. */
    public static long timedReceive(int n) {
        Channel<Integer> ch = Channel.bounded(1);
        Duration second = Duration.ofSeconds(1);
        long t0 = System.nanoTime();
        long s = 0;
        for (int i = 0; i < n; i++) {
            ch.send(i);
            Optional<Integer> got = ch.tryReceive(second);
            s += got.orElseThrow();
        }
        sink = s;
        return System.nanoTime() - t0;
    }

    /** An uncontended limiter: acquire and release on one thread. */
    public static long limiterUncontended(int n) {
        Limiter limiter = new Limiter(4);
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            Limiter.Permit p = limiter.acquire();
            sink = i;
            p.release();
        }
        return System.nanoTime() - t0;
    }

    /** Eight tasks sharing a limiter of two permits, {@code n} acquisitions in all. */
    public static long limiterContended(int n) {
        Limiter limiter = new Limiter(2);
        int tasks = 8;
        long t0 = System.nanoTime();
        Weft.run(
                () -> {
                    for (int t = 0; t < tasks; t++) {
                        Weft.fork(
                                () -> {
                                    for (int i = 0; i < n / tasks; i++) {
                                        Limiter.Permit p = limiter.acquire();
                                        Thread.yield();
                                        p.release();
                                    }
                                });
                    }
                });
        return System.nanoTime() - t0;
    }
}
