package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.Serial;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Randomized trees of scopes and tasks — random depth and width, failures, blocking tasks ended by
 * deadlines or sibling failures, explicit cancels, shields and dynamic forks — each checked for:
 * every failure reported exactly once (thrown to the top or logged as never retrieved), no
 * cancellation reported as a failure, every {@code finally} ran, no scope left open. Seeded and
 * reproducible: a failure message carries the seed. More runs when the {@code CI} variable is set.
 */
class StructuredStressTest {
    private static final int RUNS =
            (System.getenv("CI") != null ? 1500 : 300) * Integer.getInteger("weft.stress.scale", 1);
    private static final long BASE_SEED = Long.getLong("weft.stress.seed", 20261125L);

    /** A failure injected by the test; its message is its id. */
    static final class Injected extends RuntimeException {
        @Serial private static final long serialVersionUID = 1L;

        Injected(int id) {
            super("injected-" + id, null, true, false);
        }
    }

    private static final class Run {
        final Random random;
        final AtomicInteger ids = new AtomicInteger();
        final AtomicInteger started = new AtomicInteger();
        final AtomicInteger finallies = new AtomicInteger();
        final Set<String> thrown = ConcurrentHashMap.newKeySet();

        Run(long seed) {
            random = new Random(seed);
        }

        synchronized int nextInt(int bound) {
            return random.nextInt(bound);
        }
    }

    @Test
    @Timeout(240)
    void randomTreesLoseNoFailureAndLeaveNothingRunning() {
        for (int i = 0; i < RUNS; i++) {
            long seed = BASE_SEED + i;
            try {
                runOnce(seed);
            } catch (AssertionError e) {
                throw new AssertionError(
                        "seed "
                                + seed
                                + " (rerun with -Dweft.stress.seed="
                                + seed
                                + "): "
                                + e.getMessage(),
                        e);
            }
        }
    }

    private static void runOnce(long seed) {
        Run run = new Run(seed);
        Throwable top = null;
        List<ILoggingEvent> logged;
        try (LogCapture log = new LogCapture()) {
            try {
                scope(run, 0);
            } catch (Throwable t) {
                top = t;
            }
            logged = log.events();
        }
        assertTrue(ScopeImpl.ROOTS.isEmpty(), "a scope is still open");
        assertEquals(run.started.get(), run.finallies.get(), "every finally ran");

        Set<String> reported = new HashSet<>();
        collect(top, reported, new IdentityHashMap<>());
        Set<String> loggedIds = new HashSet<>();
        for (ILoggingEvent e : logged) {
            collectLogged(e.getThrowableProxy(), loggedIds);
        }
        for (String id : run.thrown) {
            boolean r = reported.contains(id);
            boolean l = loggedIds.contains(id);
            if (!r && !l) {
                fail(id + " was lost: neither thrown to the top nor logged; top=" + top);
            }
            if (r && l) {
                fail(id + " was both thrown and logged as never retrieved");
            }
        }
    }

    private static void collectLogged(IThrowableProxy p, Set<String> ids) {
        if (p == null) {
            return;
        }
        if (p.getMessage() != null
                && p.getMessage().startsWith("injected-")
                && !ids.add(p.getMessage())) {
            fail(p.getMessage() + " logged twice");
        }
        for (IThrowableProxy sup : p.getSuppressed()) {
            collectLogged(sup, ids);
        }
        collectLogged(p.getCause(), ids);
    }

    /**
     * Collects injected failures reachable from the top exception; checks no cancellation is a
     * failure.
     */
    private static void collect(
            Throwable t, Set<String> ids, IdentityHashMap<Throwable, Boolean> seen) {
        if (t == null || seen.put(t, true) != null) {
            return;
        }
        if (t instanceof Injected) {
            ids.add(t.getMessage());
        }
        if (t instanceof TaskGroupException g) {
            for (Throwable f : g.failures()) {
                if (f instanceof CancelledException) {
                    fail("a cancellation was reported as a failure: " + f);
                }
            }
        }
        for (Throwable s : t.getSuppressed()) {
            if (s instanceof CancelledException) {
                fail("a cancellation was attached as a failure: " + s);
            }
            collect(s, ids, seen);
        }
        collect(t.getCause(), ids, seen);
    }

    /** A scope with random options and children; blocking children get a deadline to end them. */
    private static void scope(Run run, int depth) {
        ScopeOptions options = ScopeOptions.defaults().withName("d" + depth);
        if (run.nextInt(3) == 0) {
            options = options.supervised();
        }
        int width = 1 + run.nextInt(4);
        List<Integer> kinds = new ArrayList<>();
        boolean blocks = false;
        for (int i = 0; i < width; i++) {
            int kind = run.nextInt(depth >= 3 ? 5 : 7);
            kinds.add(kind);
            blocks |= kind == 2;
        }
        if (blocks || run.nextInt(4) == 0) {
            options = options.withTimeout(Duration.ofMillis(1 + run.nextInt(20)));
        }
        Weft.scope(
                options,
                s -> {
                    for (int kind : kinds) {
                        fork(run, s, kind, depth);
                    }
                    if (run.nextInt(8) == 0) {
                        s.cancel("random cancel");
                    }
                });
    }

    private static void fork(Run run, Scope s, int kind, int depth) {
        int sleepMicros = run.nextInt(2000);
        int id = run.ids.incrementAndGet();
        int dynamicKind = run.nextInt(4);
        s.fork(
                () -> {
                    run.started.incrementAndGet();
                    try {
                        switch (kind) {
                            case 0 -> Weft.sleep(Duration.ofNanos(sleepMicros * 1000L));
                            case 1 -> {
                                Weft.sleep(Duration.ofNanos(sleepMicros * 1000L));
                                run.thrown.add("injected-" + id);
                                throw new Injected(id);
                            }
                            case 2 -> Weft.sleep(Duration.ofHours(1));
                            case 3 ->
                                    s.fork(
                                            () -> {
                                                // a dynamic fork into the same scope, from a child
                                                run.started.incrementAndGet();
                                                try {
                                                    if (dynamicKind == 0) {
                                                        run.thrown.add("injected--" + id);
                                                        throw new Injected(-id);
                                                    }
                                                    Weft.sleep(
                                                            Duration.ofNanos(sleepMicros * 1000L));
                                                } finally {
                                                    run.finallies.incrementAndGet();
                                                }
                                                return null;
                                            });
                            case 4 ->
                                    Weft.shield(
                                            () -> {
                                                Weft.sleep(Duration.ofNanos(sleepMicros * 100L));
                                                if (dynamicKind == 1) {
                                                    // reaches the waiting caller, or the outermost
                                                    // scope once the caller left
                                                    run.thrown.add("injected-" + (1_000_000 + id));
                                                    throw new Injected(1_000_000 + id);
                                                }
                                                return null;
                                            });
                            default -> scope(run, depth + 1);
                        }
                    } finally {
                        run.finallies.incrementAndGet();
                    }
                    return null;
                });
    }
}
