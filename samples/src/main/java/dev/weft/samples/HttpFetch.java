package dev.weft.samples;

import dev.weft.Weft;
import dev.weft.io.http.HttpSession;
import dev.weft.test.http.JsonPlaceholderServer;

/**
 * The tutorial's HTTP example (aiohttp): fetches a URL with a session and prints the body.
 *
 * <pre>{@code
 * async with aiohttp.ClientSession() as session:
 *     async with session.get(url) as response:
 *         print(await response.text())
 * }</pre>
 *
 * Given a URL argument it fetches that URL. Without one it needs no network: it starts Weft's
 * jsonplaceholder-shaped test server on a free loopback port, says so on stderr, and fetches {@code
 * /posts/1} from it, so stdout holds that post's JSON ({@code "userId": 1}, {@code "id": 1}, its
 * title and body). The call blocks its own virtual thread and is cancelled with its task.
 */
public final class HttpFetch {
    public static void main(String[] args) {
        Weft.run(
                () -> {
                    if (args.length > 0) {
                        try (HttpSession session = HttpSession.create()) {
                            System.out.println(session.get(args[0]).text());
                        }
                        return;
                    }
                    try (JsonPlaceholderServer server = JsonPlaceholderServer.start();
                            HttpSession session =
                                    HttpSession.builder().baseUri(server.baseUri()).build()) {
                        System.err.println(
                                "http_fetch: no URL given, so fetching /posts/1 from a local"
                                        + " jsonplaceholder-shaped server started at "
                                        + server.baseUri());
                        System.out.println(session.get("/posts/1").text());
                    }
                });
    }
}
