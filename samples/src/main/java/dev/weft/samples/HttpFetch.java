package dev.weft.samples;

import dev.weft.Weft;
import dev.weft.io.http.HttpSession;
import dev.weft.test.http.JsonPlaceholderServer;
import java.io.PrintStream;

/**
 * The tutorial's HTTP example (aiohttp): fetches a URL with a session and prints the body.
 * <pre>{@code
 * async with aiohttp.ClientSession() as session:
 *     async with session.get(url) as response:
 *         print(await response.text())
 * }</pre>
 * Without arguments it starts the local jsonplaceholder-shaped server on a free loopback port and
 * fetches {@code /posts/1}, so it prints that post's JSON ({@code "userId": 1}, {@code "id": 1},
 * its title and body) with no network access; given a URL argument it fetches that URL instead.
 * The call blocks its own virtual thread and is cancelled with its task.
 */
public final class HttpFetch {
    private HttpFetch() {
    }

    /**
     * Fetches {@code /posts/1} from the local server, or the URL given, and prints the body.
     *
     * @param out where to print
     * @param args optionally, the URL to fetch
     */
    public static void run(PrintStream out, String... args) {
        if (args.length > 0) {
            try (HttpSession session = HttpSession.create()) {
                out.println(Weft.run(() -> session.get(args[0]).text()));
            }
            return;
        }
        try (JsonPlaceholderServer server = JsonPlaceholderServer.start();
                HttpSession session = HttpSession.builder().baseUri(server.baseUri()).build()) {
            out.println(Weft.run(() -> session.get("/posts/1").text()));
        }
    }
}
