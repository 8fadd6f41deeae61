package dev.weft.samples;

import dev.weft.DeadlineExceededException;
import dev.weft.Scope;
import dev.weft.ScopeOptions;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.io.http.HttpLimits;
import dev.weft.io.http.HttpSession;
import dev.weft.test.http.JsonPlaceholderServer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * Demo: a bounded fan-out crawl with a progress line and a deadline. The comments of all 100 posts
 * are fetched, at most {@value #CONCURRENCY} requests at a time ({@link Weft#forEach}), each on its
 * own virtual thread. The crawl runs in a scope with a deadline; a second crawl of a slow server
 * shows the deadline cancelling every request still in flight.
 *
 * <p>The server is Weft's jsonplaceholder-shaped test server, started on a free loopback port (the
 * demo says so on stderr): no network is needed. Progress goes to stderr: when stderr is a
 * terminal, a sibling task redraws one line every 100 ms with {@code \r}; otherwise (a file, a
 * pipe, a build log) each crawl writes a single summary line. Prints:
 *
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

    public static void main(String[] args) {
        List<Integer> ids = IntStream.rangeClosed(1, POSTS).boxed().toList();
        Weft.run(
                () -> {
                    try (JsonPlaceholderServer server = JsonPlaceholderServer.start();
                            HttpSession http =
                                    HttpSession.builder()
                                            .baseUri(server.baseUri())
                                            .limits(
                                                    HttpLimits.defaults()
                                                            .withMaxPerHost(CONCURRENCY))
                                            .build()) {
                        System.err.println(
                                "crawl: crawling a local jsonplaceholder-shaped server started at "
                                        + server.baseUri());
                        crawl(http, ids, DEADLINE, Duration.ZERO);
                        System.out.println(
                                "crawled the comments of "
                                        + POSTS
                                        + " posts, "
                                        + CONCURRENCY
                                        + " requests at a time, within the "
                                        + DEADLINE.toSeconds()
                                        + " s deadline");
                        int most = server.maxInFlight();
                        System.out.println(
                                most <= CONCURRENCY
                                        ? "the server never saw more than "
                                                + CONCURRENCY
                                                + " requests at once"
                                        : "the server saw "
                                                + most
                                                + " requests at once, over the limit of "
                                                + CONCURRENCY);
                        try {
                            crawl(http, ids, SHORT_DEADLINE, Duration.ofMillis(300));
                        } catch (DeadlineExceededException e) {
                            System.out.println(
                                    "slow server: the "
                                            + SHORT_DEADLINE.toSeconds()
                                            + " s deadline expired and every request still running was cancelled");
                        }
                    }
                });
    }

    private static void crawl(
            HttpSession http, List<Integer> ids, Duration deadline, Duration serverDelay) {
        AtomicInteger done = new AtomicInteger();
        boolean redraw = stderrIsTerminal();
        try (Scope crawl =
                Scope.open(ScopeOptions.defaults().withName("crawl").withTimeout(deadline))) {
            Task<Void> progress =
                    redraw ? crawl.fork("progress", () -> redrawProgress(done, ids.size())) : null;
            crawl.fork(
                    "fetch",
                    () -> {
                        Weft.forEach(
                                ids,
                                CONCURRENCY,
                                id -> {
                                    http.get("/posts/" + id + "/comments")
                                            .query("delayMs", serverDelay.toMillis())
                                            .text();
                                    done.incrementAndGet();
                                });
                        if (progress != null) {
                            progress.cancel("crawl finished");
                        }
                    });
            crawl.join();
        } finally {
            System.err.printf("%sfetched %d/%d%n", redraw ? "\r" : "", done.get(), ids.size());
        }
    }

    /** Redraws the progress line on stderr every 100 ms until cancelled. */
    private static void redrawProgress(AtomicInteger done, int total) {
        while (true) {
            System.err.printf("\rfetched %d/%d", done.get(), total);
            Weft.sleep(Duration.ofMillis(100));
        }
    }

    /**
     * True when stderr is a terminal, the only place where {@code \r} redraws a line. Java has no
     * portable check for stderr; where {@code /proc} exists, file descriptor 2 names its device.
     * Anywhere else the answer is false, and plain lines are always safe.
     */
    private static boolean stderrIsTerminal() {
        try {
            String device = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return device.startsWith("/dev/pts/") || device.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }
}
