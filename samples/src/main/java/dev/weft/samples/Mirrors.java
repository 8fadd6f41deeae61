package dev.weft.samples;

import dev.weft.CancelledException;
import dev.weft.DeadlineExceededException;
import dev.weft.Outcome;
import dev.weft.ScopeOptions;
import dev.weft.Task;
import dev.weft.TaskGroupException;
import dev.weft.Weft;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Demo: one file on three mirrors, four ways to wait for several tasks.
 *
 * <ul>
 *   <li>{@link Weft#race}: download from whichever mirror answers first; a failure does not end the
 *       race, and the losers still running are cancelled.
 *   <li>{@link Weft#asCompleted} (asyncio's {@code as_completed}): report each mirror's answer as
 *       it comes in, with an overall timeout after which the rest are cancelled.
 *   <li>{@link Weft#gatherSettled} (asyncio's {@code gather(return_exceptions=True)}): one {@link
 *       Outcome} per mirror, in argument order, handled by a {@code switch}.
 *   <li>A supervising scope ({@link ScopeOptions#supervised()}, asyncio's {@code TaskGroup} without
 *       the cancel-on-first-failure): every mirror gets its chance, and all failures are reported
 *       together as a {@link TaskGroupException}.
 * </ul>
 *
 * The mirrors are simulated, and the demo says so first: each download is a sleep and nothing is
 * sent. Prints (times are measured):
 *
 * <pre>
 * simulated mirrors, nothing is sent: eu answers after 100 ms, asia refuses at once, us answers after 10000 ms
 * race: eu won after 102 ms; asia failed (connection refused); us was cancelled
 * as_completed: asia failed (connection refused)
 * as_completed: eu answered
 * as_completed: no other answer within 500 ms; us was cancelled
 * gather_settled: eu answered, asia failed (connection refused), us failed (no answer within 500 ms)
 * supervised: eu synced; 2 mirrors failed: asia (connection refused), us (no answer within 500 ms)
 * </pre>
 */
public final class Mirrors {
    private static final Duration PATIENCE = Duration.ofMillis(500);

    /** A simulated mirror: how long it takes to answer, and whether it refuses instead. */
    private record Mirror(String name, Duration latency, boolean refuses) {
        String describe() {
            return name
                    + (refuses
                            ? " refuses at once"
                            : " answers after " + latency.toMillis() + " ms");
        }
    }

    private static final List<Mirror> MIRRORS =
            List.of(
                    new Mirror("eu", Duration.ofMillis(100), false),
                    new Mirror("asia", Duration.ZERO, true),
                    new Mirror("us", Duration.ofSeconds(10), false));

    public static void main(String[] args) {
        System.out.println(
                "simulated mirrors, nothing is sent: "
                        + String.join(", ", MIRRORS.stream().map(Mirror::describe).toList()));
        Weft.run(
                () -> {
                    race();
                    asCompleted();
                    gatherSettled();
                    supervised();
                });
    }

    private static void race() {
        Map<String, String> losers = new ConcurrentHashMap<>();
        List<Callable<String>> downloads = new ArrayList<>();
        for (Mirror m : MIRRORS) {
            downloads.add(
                    () -> {
                        try {
                            return download(m);
                        } catch (CancelledException e) {
                            losers.put(m.name(), "was cancelled");
                            throw e;
                        } catch (IllegalStateException e) {
                            losers.put(m.name(), "failed (" + e.getMessage() + ")");
                            throw e;
                        }
                    });
        }
        long start = Weft.nanoTime();
        String winner = Weft.race(downloads);
        // race returns once every loser has finished, so the map is complete.
        StringBuilder line =
                new StringBuilder("race: " + winner + " won after " + millisSince(start) + " ms");
        for (Mirror m : MIRRORS) {
            if (losers.containsKey(m.name())) {
                line.append("; ").append(m.name()).append(' ').append(losers.get(m.name()));
            }
        }
        System.out.println(line);
    }

    private static void asCompleted() {
        Weft.scope(
                s -> {
                    List<Task<String>> checks = new ArrayList<>();
                    for (Mirror m : MIRRORS) {
                        checks.add(s.fork(m.name(), () -> check(m)));
                    }
                    try {
                        for (Task<String> done : Weft.asCompleted(checks, PATIENCE)) {
                            System.out.println("as_completed: " + done.join());
                        }
                    } catch (DeadlineExceededException e) {
                        List<String> late = new ArrayList<>();
                        for (Task<String> t : checks) {
                            if (t.cancel("no answer within " + PATIENCE.toMillis() + " ms")) {
                                late.add(t.name());
                            }
                        }
                        System.out.println(
                                "as_completed: no other answer within "
                                        + PATIENCE.toMillis()
                                        + " ms; "
                                        + String.join(", ", late)
                                        + (late.size() == 1 ? " was" : " were")
                                        + " cancelled");
                    }
                });
    }

    private static void gatherSettled() {
        List<Callable<String>> downloads =
                MIRRORS.stream()
                        .<Callable<String>>map(
                                m -> () -> Weft.withTimeout(PATIENCE, () -> download(m)))
                        .toList();
        List<Outcome<String>> outcomes = Weft.gatherSettled(downloads);
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < outcomes.size(); i++) {
            String mirror = MIRRORS.get(i).name();
            parts.add(
                    switch (outcomes.get(i)) {
                        case Outcome.Success<String>(var name) -> name + " answered";
                        case Outcome.Failure<String>(var error) ->
                                mirror + " failed (" + reason(error) + ")";
                        case Outcome.Cancelled<String>(var reason) ->
                                mirror + " was cancelled: " + reason;
                    });
        }
        System.out.println("gather_settled: " + String.join(", ", parts));
    }

    private static void supervised() {
        Map<String, String> failed = new ConcurrentHashMap<>();
        try {
            Weft.scope(
                    ScopeOptions.defaults().withName("sync").supervised(),
                    s -> {
                        for (Mirror m : MIRRORS) {
                            s.fork(
                                    m.name(),
                                    () -> {
                                        try {
                                            return Weft.withTimeout(PATIENCE, () -> download(m));
                                        } catch (RuntimeException e) {
                                            failed.put(m.name(), reason(e));
                                            throw e;
                                        }
                                    });
                        }
                    });
            System.out.println("supervised: all " + MIRRORS.size() + " mirrors synced");
        } catch (TaskGroupException e) {
            // Every sync ran to its end: the scope waited for all of them, then reported every
            // failure.
            List<String> synced = new ArrayList<>();
            List<String> failures = new ArrayList<>();
            for (Mirror m : MIRRORS) {
                if (failed.containsKey(m.name())) {
                    failures.add(m.name() + " (" + failed.get(m.name()) + ")");
                } else {
                    synced.add(m.name());
                }
            }
            System.out.println(
                    "supervised: "
                            + String.join(", ", synced)
                            + " synced; "
                            + e.failures().size()
                            + " mirrors failed: "
                            + String.join(", ", failures));
        }
    }

    /** Checks one mirror: what it answered, or how it failed, as a line of text. */
    private static String check(Mirror m) {
        try {
            download(m);
            return m.name() + " answered";
        } catch (IllegalStateException e) {
            return m.name() + " failed (" + e.getMessage() + ")";
        }
    }

    /**
     * One simulated download: sleeps for the mirror's latency, then answers with its name or
     * refuses.
     */
    private static String download(Mirror m) {
        Weft.sleep(m.latency());
        if (m.refuses()) {
            throw new IllegalStateException("connection refused");
        }
        return m.name();
    }

    private static String reason(Throwable failure) {
        return failure instanceof DeadlineExceededException
                ? "no answer within " + PATIENCE.toMillis() + " ms"
                : failure.getMessage();
    }

    /** Milliseconds since {@code startNanos} on Weft's clock: the one its timeouts measure. */
    private static long millisSince(long startNanos) {
        return Duration.ofNanos(Weft.nanoTime() - startNanos).toMillis();
    }
}
