package dev.weft.io.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;

import dev.weft.test.http.JsonPlaceholderServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Every verb and every terminal against the local placeholder server. */
@Timeout(30)
@org.junit.jupiter.api.extension.ExtendWith(dev.weft.io.net.SocketLeakCheck.class)
class HttpSessionTest {
    private JsonPlaceholderServer server;
    private HttpSession http;
    private final List<HttpCallEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        server = JsonPlaceholderServer.start();
        http =
                HttpSession.builder()
                        .baseUri(server.baseUri())
                        .header("X-Default", "from-session")
                        .userAgent("weft-test/1")
                        .listener(events::add)
                        .build();
    }

    @AfterEach
    void stop() {
        http.close();
        server.close();
    }

    @Test
    void getTextReturnsPostOneLikeTheRealSite() {
        String text = http.get("/posts/1").text();
        assertTrue(text.contains("\"userId\": 1"), text);
        assertTrue(text.contains("\"id\": 1"), text);
        assertTrue(text.contains("sunt aut facere repellat provident"), text);
    }

    @Test
    void getJsonDecodesIntoARecord() {
        Post post = http.get("/posts/1").json(Post.class);
        assertEquals(
                new Post(
                        1,
                        1,
                        "sunt aut facere repellat provident occaecati excepturi optio reprehenderit",
                        "quia et suscipit\nsuscipit recusandae consequuntur expedita et cum\n"
                                + "reprehenderit molestiae ut ut quas totam\nnostrum rerum est autem sunt rem eveniet architecto"),
                post);
    }

    @Test
    void jsonOfAGenericTypeWithQueryParameters() {
        List<Map<String, Object>> comments =
                http.get("/comments")
                        .query("postId", 2)
                        .json(new TypeReference<List<Map<String, Object>>>() {}.getType());
        assertEquals(5, comments.size());
        assertTrue(comments.stream().allMatch(c -> Integer.valueOf(2).equals(c.get("postId"))));
    }

    @Test
    void queryParametersAreEncoded() {
        String echo = http.get("/faults/echo").query(Map.of("q", "a b&c=d")).query("n", 1).text();
        assertTrue(echo.contains("\"query\": \"q=a%20b%26c%3Dd&n=1\""), echo);
    }

    @Test
    void bytesReturnsTheWholeBody() {
        byte[] bytes = http.get("/faults/huge").query("bytes", 100_000).bytes();
        assertEquals(100_000, bytes.length);
        assertEquals('a', bytes[0]);
        assertEquals(
                'a' + (99_999 % (64 * 1024)) % 26,
                bytes[99_999],
                "the server repeats a 64 KiB block");
    }

    @Test
    void postSendsAJsonBody() {
        Map<String, Object> created =
                http.post("/posts")
                        .jsonBody(Map.of("title", "foo", "body", "bar", "userId", 1))
                        .json(new TypeReference<Map<String, Object>>() {}.getType());
        assertEquals(101, created.get("id"));
        assertEquals("foo", created.get("title"));
    }

    @Test
    void putAndPatchEchoTheBody() {
        String put =
                http.put("/posts/1")
                        .body(
                                "{\"title\":\"new\"}".getBytes(StandardCharsets.UTF_8),
                                "application/json")
                        .text();
        assertTrue(put.contains("\"title\": \"new\""), put);
        assertTrue(put.contains("\"id\": 1"), put);
        String patch =
                http.request("PATCH", "/posts/7")
                        .body("{}".getBytes(StandardCharsets.UTF_8), "application/json")
                        .text();
        assertTrue(patch.contains("\"id\": 7"), patch);
    }

    @Test
    void deleteAndHeadReturnTheStatus() {
        HttpResponseHead deleted = http.delete("/posts/1").discard();
        assertEquals(200, deleted.status());
        HttpResponseHead head = http.head("/posts/1").discard();
        assertEquals(200, head.status());
        assertEquals(
                "application/json; charset=utf-8",
                head.headers().firstValue("content-type").orElseThrow());
        assertEquals(server.uri("/posts/1"), head.uri());
    }

    @Test
    void textBodyAndDefaultHeadersAreSent() {
        String echo = http.post("/faults/echo").header("X-Call", "from-call").body("hello").text();
        assertTrue(echo.contains("\"x-default\": \"from-session\""), echo);
        assertTrue(echo.contains("\"x-call\": \"from-call\""), echo);
        assertTrue(echo.contains("\"user-agent\": \"weft-test/1\""), echo);
        assertTrue(echo.contains("\"content-type\": \"text/plain; charset=UTF-8\""), echo);
        assertTrue(echo.contains("\"body\": \"hello\""), echo);
        assertTrue(echo.contains("\"method\": \"POST\""), echo);
    }

    @Test
    void callHeaderReplacesTheSessionDefault() {
        String echo = http.get("/faults/echo").header("x-default", "mine").text();
        assertTrue(echo.contains("\"x-default\": \"mine\""), echo);
    }

    @Test
    void streamReadsTheBodyAndMustBeClosed() throws Exception {
        try (HttpStreamingResponse response =
                http.get("/faults/huge").query("bytes", 300_000).stream()) {
            assertEquals(200, response.status());
            InputStream in = response.body();
            assertEquals(300_000, in.readAllBytes().length);
            assertEquals(-1, in.read());
        }
        assertEquals(
                HttpLimits.defaults().maxConcurrent(), http.engine().permits().availableGlobal());
        assertEquals(1, events.size());
        assertEquals(300_000, events.get(0).responseBytes());
    }

    @Test
    void closingAStreamEarlyReleasesItsPermits() throws Exception {
        try (HttpStreamingResponse response =
                http.get("/faults/huge").query("bytes", 5_000_000).stream()) {
            assertEquals('a', response.body().read());
            assertEquals(
                    HttpLimits.defaults().maxConcurrent() - 1,
                    http.engine().permits().availableGlobal());
        }
        assertEquals(
                HttpLimits.defaults().maxConcurrent(), http.engine().permits().availableGlobal());
    }

    @Test
    void downloadWritesTheFileAtomicallyAndReportsProgress(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("big.bin");
        Files.writeString(target, "old content");
        List<long[]> progress = new ArrayList<>();
        long written =
                http.get("/faults/huge")
                        .query("bytes", 1_000_000)
                        .download(
                                target, (soFar, total) -> progress.add(new long[] {soFar, total}));
        assertEquals(1_000_000, written);
        assertEquals(1_000_000, Files.size(target));
        assertFalse(progress.isEmpty());
        assertArrayEquals(new long[] {1_000_000, 1_000_000}, progress.get(progress.size() - 1));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(target), files.toList(), "no temporary file is left");
        }
    }

    @Test
    void failingProgressCallbackAbortsTheDownloadCleanly(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("big.bin");
        IllegalStateException e =
                assertThrows(
                        IllegalStateException.class,
                        () ->
                                http.get("/faults/huge")
                                        .query("bytes", 1_000_000)
                                        .download(
                                                target,
                                                (soFar, total) -> {
                                                    throw new IllegalStateException(
                                                            "disk quota for this user");
                                                }));
        assertEquals("disk quota for this user", e.getMessage());
        try (var files = Files.list(dir)) {
            assertEquals(List.of(), files.toList());
        }
        assertEquals(
                HttpLimits.defaults().maxConcurrent(), http.engine().permits().availableGlobal());
    }

    @Test
    void errorStatusCarriesStatusMethodUriHeadersAndBody() {
        HttpStatusException e =
                assertThrows(HttpStatusException.class, () -> http.get("/posts/999").text());
        assertEquals(404, e.status());
        assertEquals("GET", e.method());
        assertEquals(server.uri("/posts/999"), e.uri());
        assertEquals(
                "application/json; charset=utf-8",
                e.headers().firstValue("content-type").orElseThrow());
        assertEquals("{}", e.bodyPrefix());
        assertTrue(e.getMessage().contains("404"), e.getMessage());
    }

    @Test
    void errorStatusFailsEveryTerminal(@TempDir Path dir) {
        assertThrows(HttpStatusException.class, () -> http.get("/faults/status/500").bytes());
        assertThrows(HttpStatusException.class, () -> http.get("/faults/status/400").discard());
        assertThrows(HttpStatusException.class, () -> http.get("/faults/status/403").stream());
        assertThrows(
                HttpStatusException.class,
                () -> http.get("/faults/status/410").download(dir.resolve("x")));
        assertFalse(Files.exists(dir.resolve("x")));
        assertEquals(
                HttpLimits.defaults().maxConcurrent(), http.engine().permits().availableGlobal());
    }

    @Test
    void listenerHearsEveryCall() {
        http.get("/posts/2").text();
        assertThrows(HttpStatusException.class, () -> http.get("/posts/0").text());
        assertEquals(2, events.size());
        HttpCallEvent ok = events.get(0);
        assertEquals("GET", ok.method());
        assertEquals(200, ok.status());
        assertTrue(ok.succeeded());
        assertTrue(ok.responseBytes() > 0);
        HttpCallEvent failed = events.get(1);
        assertEquals(404, failed.status());
        assertTrue(failed.failure() instanceof HttpStatusException);
    }

    @Test
    void absoluteUrlsBypassTheBaseUri() {
        try (HttpSession plain = HttpSession.create()) {
            assertTrue(
                    plain.get(server.uri("/users/1").toString()).text().contains("Leanne Graham"));
        }
    }

    @Test
    void transportFaultsAreHttpTransportExceptions() {
        assertThrows(HttpTransportException.class, () -> http.post("/faults/reset").text());
        assertThrows(
                HttpTransportException.class,
                () -> http.get("/faults/truncated").query("bytes", 5000).bytes());
        assertEquals(
                HttpLimits.defaults().maxConcurrent(), http.engine().permits().availableGlobal());
    }
}
