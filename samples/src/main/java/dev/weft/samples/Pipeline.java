package dev.weft.samples;

import dev.weft.Channel;
import dev.weft.Scope;
import dev.weft.ScopeOptions;
import dev.weft.Task;
import dev.weft.Weft;

import java.time.Duration;

/**
 * Demo: a channel pipeline, producer → workers → collector, that shuts down cleanly. The producer
 * sends item numbers into a bounded channel (so it never runs far ahead of the workers); four
 * workers square them into a second channel; the collector sums the squares. Closing a channel is
 * how each stage tells the next one it is done, and the scope guarantees that nothing outlives the
 * pipeline: on the first error, or on Ctrl-C (which {@link Weft#run} turns into cancellation),
 * every stage is cancelled and waited for. Prints:
 *
 * <pre>
 * pipeline: 24 items through 4 workers, collected 24 results, sum of squares 4900
 * pipeline: item 13 is corrupt; the stages still running were cancelled and waited for
 * </pre>
 */
public final class Pipeline {
    private static final int WORKERS = 4;
    private static final int ITEMS = 24;

    /**
     * What the collector saw.
     *
     * @param results how many results it received
     * @param sum their sum
     */
    record Summary(int results, long sum) {}

    public static void main(String[] args) {
        Summary s = Weft.run(() -> pipeline(ITEMS, 0));
        System.out.println(
                "pipeline: "
                        + ITEMS
                        + " items through "
                        + WORKERS
                        + " workers, collected "
                        + s.results()
                        + " results, sum of squares "
                        + s.sum());
        try {
            Weft.run(() -> pipeline(ITEMS, 13));
        } catch (IllegalArgumentException e) {
            System.out.println(
                    "pipeline: "
                            + e.getMessage()
                            + "; the stages still running were cancelled and waited for");
        }
    }

    /**
     * Runs one pipeline over items 1..{@code items}; {@code corrupt} names the item that fails (0:
     * none).
     */
    static Summary pipeline(int items, int corrupt) {
        Channel<Integer> jobs = Channel.bounded(WORKERS);
        Channel<Long> results = Channel.bounded(WORKERS);
        try (Scope pipeline = Scope.open(ScopeOptions.defaults().withName("pipeline"))) {
            pipeline.fork("producer", () -> produce(jobs, items));
            pipeline.fork("workers", () -> work(jobs, results, corrupt));
            Task<Summary> collector = pipeline.fork("collector", () -> collect(results));
            pipeline.join();
            return collector.resultNow();
        }
    }

    private static void produce(Channel<Integer> jobs, int items) {
        try {
            for (int i = 1; i <= items; i++) {
                jobs.send(i);
            }
        } finally {
            jobs.close();
        }
    }

    private static void work(Channel<Integer> jobs, Channel<Long> results, int corrupt) {
        try {
            Weft.scope(
                    ScopeOptions.defaults().withName("worker"),
                    workers -> {
                        for (int w = 1; w <= WORKERS; w++) {
                            workers.fork(
                                    "worker-" + w,
                                    () -> {
                                        for (int job : jobs) {
                                            results.send(square(job, corrupt));
                                        }
                                    });
                        }
                    });
        } finally {
            results.close();
        }
    }

    private static long square(int item, int corrupt) {
        Weft.sleep(Duration.ofMillis(20));
        if (item == corrupt) {
            throw new IllegalArgumentException("item " + item + " is corrupt");
        }
        return (long) item * item;
    }

    private static Summary collect(Channel<Long> results) {
        int n = 0;
        long sum = 0;
        for (long r : results) {
            n++;
            sum += r;
        }
        return new Summary(n, sum);
    }
}
