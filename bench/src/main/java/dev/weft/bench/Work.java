package dev.weft.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The workloads every peer runs, so that a comparison measures the concurrency machinery and not
 * the work.
 *
 * <p>Thread safety: stateless; every member may be used from any thread.
 */
public final class Work {
    /** A task that does nothing and returns a constant. */
    public static final Callable<Integer> NO_OP = () -> 1;

    /** A task that does nothing. */
    public static final Runnable NO_OP_RUNNABLE = () -> {};

    /** How long a losing contender of a race would take: far longer than any measurement. */
    public static final Duration FOREVER = Duration.ofSeconds(30);

    /** A generous timeout that the work always beats. */
    public static final Duration IN_TIME = Duration.ofSeconds(10);

    private Work() {}

    /**
     * The contenders of a race: the first returns at once, the others sleep for {@link #FOREVER}
     * unless interrupted, so the winner is always the first and the cost of cancelling the losers
     * is part of the measurement.
     *
     * @param contenders how many callables, at least one
     * @return the callables
     */
    public static List<Callable<Integer>> raceContenders(int contenders) {
        List<Callable<Integer>> calls = new ArrayList<>(contenders);
        calls.add(NO_OP);
        for (int i = 1; i < contenders; i++) {
            calls.add(
                    () -> {
                        Thread.sleep(FOREVER);
                        return 2;
                    });
        }
        return List.copyOf(calls);
    }
}
