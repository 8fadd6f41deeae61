package dev.weft.io.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.test.http.JsonPlaceholderServer;
import dev.weft.testing.Printed;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The examples of the {@link HttpSession} and {@link JsonPlaceholderServer} javadoc and of
 * docs/http.md, run against the local server so that they cannot rot.
 */
@Timeout(20)
@org.junit.jupiter.api.extension.ExtendWith(dev.weft.io.net.SocketLeakCheck.class)
class HttpExamplesTest {
    @Test
    void sessionExample(@TempDir Path dir) throws Exception {
        try (JsonPlaceholderServer server = JsonPlaceholderServer.start()) {
            try (HttpSession http = HttpSession.builder().baseUri(server.baseUri()).build()) {
                String post = http.get("/posts/1").text();
                Post first = http.get("/posts/1").json(Post.class);
                long size = http.get("/posts").download(dir.resolve("posts.json"));

                assertTrue(post.contains("\"userId\": 1"));
                assertEquals(1, first.id());
                assertEquals(size, Files.size(dir.resolve("posts.json")));
            }
        }
    }

    @Test
    void serverExample() {
        try (JsonPlaceholderServer server = JsonPlaceholderServer.start();
                HttpSession http = HttpSession.builder().baseUri(server.baseUri()).build()) {
            String body = http.get("/posts/1").text();
            assertTrue(body.contains("\"title\": \"sunt aut facere"), body);
        }
    }

    @Test
    void guideExample() throws Exception {
        try (JsonPlaceholderServer server = JsonPlaceholderServer.start();
                HttpSession http =
                        HttpSession.builder()
                                .baseUri(server.baseUri())
                                .header("Accept", "application/json")
                                .build()) {
            byte[] raw = http.get("/comments").query("postId", 1).bytes();
            Post created = http.post("/posts").jsonBody(new Post(1, 0, "t", "b")).json(Post.class);
            int status = http.delete("/posts/1").discard().status();
            try (HttpStreamingResponse events = http.get("/posts").stream()) {
                assertTrue(events.body().readAllBytes().length > 0);
            }
            assertTrue(raw.length > 0);
            assertEquals(101, created.id());
            assertEquals("t", created.title());
            assertEquals(200, status);
        }
    }

    /** The progress bar of the guide's download example. */
    interface ProgressBar {
        void update(long done, long total);
    }

    /** The usage example of docs/http.md; {@code baseUri} stands for the remote service. */
    static void guideUsage(String baseUri, Path downloads, ProgressBar bar) throws IOException {
        // region usage
        try (HttpSession http =
                HttpSession.builder()
                        .baseUri(baseUri) // "https://jsonplaceholder.typicode.com/"
                        .header("Accept", "application/json")
                        .build()) {

            String text = http.get("/posts/1").text(); // aiohttp: await resp.text()
            Post post = http.get("/posts/1").json(Post.class); // Jackson on the class path
            byte[] raw = http.get("/comments").query("postId", 1).bytes();
            Post created = http.post("/posts").jsonBody(new Post(1, 0, "t", "b")).json(Post.class);
            int status = http.delete("/posts/1").discard().status();
            long size =
                    http.get("/posts")
                            .maxResponseBytes(8L << 30) // raise the cap for big downloads
                            .download(
                                    downloads.resolve("posts.json"),
                                    (done, total) -> bar.update(done, total));

            try (HttpStreamingResponse events =
                    http.get("/posts/1").stream()) { // the rare streaming case
                events.body().transferTo(System.out);
            }
        }
        // endregion
    }

    @Test
    void guideUsageRuns(@TempDir Path dir) throws Exception {
        try (JsonPlaceholderServer server = JsonPlaceholderServer.start()) {
            List<Long> progress = new CopyOnWriteArrayList<>();
            List<String> printed =
                    Printed.lines(
                            () ->
                                    guideUsage(
                                            server.baseUri().toString(),
                                            dir,
                                            (done, total) -> progress.add(done)));
            assertEquals(
                    "{",
                    printed.get(0),
                    "the streamed body of /posts/1 went to System.out: " + printed);
            assertEquals("  \"userId\": 1,", printed.get(1), printed::toString);
            assertEquals(
                    7, server.requestCount(), "every call of the example reached the server once");
            long size = Files.size(dir.resolve("posts.json"));
            assertTrue(size > 0);
            assertFalse(progress.isEmpty());
            assertEquals(size, progress.get(progress.size() - 1), "the bar saw the whole download");
        }
    }
}
