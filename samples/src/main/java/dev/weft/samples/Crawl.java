package dev.weft.samples;

import dev.weft.DeadlineExceededException;
import dev.weft.Scope;
import dev.weft.ScopeOptions;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.io.http.HttpLimits;
import dev.weft.io.http.HttpSession;
import dev.weft.test.http.JsonPlaceholderServer;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * Demo: a bounded fan-out crawl with a live progress line and a deadline. The comments of all 100
 * posts of the local jsonplaceholder-shaped server are fetched, at most {@value #CONCURRENCY}
 * requests at a time ({@link Weft#forEach}), each on its own virtual thread, while a sibling task
 * redraws a progress line on stderr. The crawl runs in a scope with a deadline; a second crawl of
 * a slow server shows the deadline cancelling every request still in flight. Prints:
 * <pre>
 * crawled the comments of 100 posts, 8 requests at a time, within the 10 s deadline
 * the server never saw more than 8 requests at once
 * slow server: the 1 s deadline expired and every request still running was cancelled
 * </pre>
 */
public final class Crawl {
    private static final int CONCURRENCY = 8;
    private static final int POSTS = 100;
    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final Duration SHORT_DEADLINE = Duration.ofSeconds(1);

    private Crawl() {
    }

    /**
     * Crawls the local server twice: once within the deadline, once past it.
     *
     * @param out where to print
     * @param args ignored
     */
    public static void run(PrintStream out, String... args) {
        List<Integer> ids = IntStream.rangeClosed(1, POSTS).boxed().toList();
        try (JsonPlaceholderServer server = JsonPlaceholderServer.start();
                HttpSession http = HttpSession.builder().baseUri(server.baseUri())
                        .limits(HttpLimits.defaults().withMaxPerHost(CONCURRENCY)).build()) {
            Weft.run(() -> crawl(http, ids, DEADLINE, Duration.ZERO));
            out.println("crawled the comments of " + POSTS + " posts, " + CONCURRENCY
                    + " requests at a time, within the " + DEADLINE.toSeconds() + " s deadline");
            int most = server.maxInFlight();
            out.println(most <= CONCURRENCY
                    ? "the server never saw more than " + CONCURRENCY + " requests at once"
                    : "the server saw " + most + " requests at once, over the limit of " + CONCURRENCY);
            try {
                Weft.run(() -> crawl(http, ids, SHORT_DEADLINE, Duration.ofMillis(300)));
            } catch (DeadlineExceededException e) {
                out.println("slow server: the " + SHORT_DEADLINE.toSeconds()
                        + " s deadline expired and every request still running was cancelled");
            }
        }
    }

    private static void crawl(HttpSession http, List<Integer> ids, Duration deadline, Duration serverDelay) {
        AtomicInteger done = new AtomicInteger();
        try (Scope crawl = Scope.open(ScopeOptions.defaults().withName("crawl").withTimeout(deadline))) {
            Task<Void> progress = crawl.fork("progress", () -> showProgress(done, ids.size()));
            crawl.fork("fetch", () -> {
                Weft.forEach(ids, CONCURRENCY, id -> {
                    http.get("/posts/" + id + "/comments").query("delayMs", serverDelay.toMillis()).text();
                    done.incrementAndGet();
                });
                progress.cancel("crawl finished");
            });
            crawl.join();
        } finally {
            System.err.printf("\rfetched %d/%d%n", done.get(), ids.size());
        }
    }

    /** Redraws the progress line on stderr every 100 ms until cancelled. */
    private static void showProgress(AtomicInteger done, int total) {
        while (true) {
            System.err.printf("\rfetched %d/%d", done.get(), total);
            Weft.sleep(Duration.ofMillis(100));
        }
    }
}
