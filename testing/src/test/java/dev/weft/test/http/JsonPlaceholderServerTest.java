package dev.weft.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The placeholder server's data and lifecycle. */
@Timeout(20)
class JsonPlaceholderServerTest {
    private static final java.lang.reflect.Type LIST = new TypeReference<List<Map<String, Object>>>() {}.getType();

    @Test
    void servesTheJsonplaceholderShapes() {
        try (JsonPlaceholderServer server = JsonPlaceholderServer.start();
                HttpSession http = HttpSession.builder().baseUri(server.baseUri()).build()) {
            assertTrue(server.baseUri().toString().matches("http://127\\.0\\.0\\.1:\\d+/"), server.baseUri().toString());
            List<Map<String, Object>> posts = http.get("/posts").json(LIST);
            assertEquals(100, posts.size());
            assertEquals(10, http.get("/posts").query("userId", 3).<List<?>>json(LIST).size());
            List<Map<String, Object>> users = http.get("/users").json(LIST);
            assertEquals(10, users.size());
            assertEquals("Leanne Graham", users.get(0).get("name"));
            assertEquals(5, http.get("/comments?postId=1").<List<?>>json(LIST).size());
            assertEquals(500, http.get("/comments").<List<?>>json(LIST).size());
            assertEquals(5, http.get("/posts/1/comments").<List<?>>json(LIST).size());
            assertEquals(404, assertThrows(HttpStatusException.class, () -> http.get("/nothing").text()).status());
            assertEquals(404, assertThrows(HttpStatusException.class, () -> http.get("/users/11").text()).status());
            String post = http.get("/posts/1").text();
            assertTrue(post.startsWith("{\n  \"userId\": 1,\n  \"id\": 1,\n  \"title\": "), post);
        }
    }

    @Test
    void gaugesCountRequests() throws Exception {
        try (JsonPlaceholderServer server = JsonPlaceholderServer.start();
                HttpSession http = HttpSession.builder().baseUri(server.baseUri()).build()) {
            http.get("/posts/1").text();
            http.get("/posts/2").text();
            assertEquals(2, server.requestCount());
            assertEquals(0, server.inFlight());
            assertEquals(1, server.maxInFlight());
            assertTrue(server.awaitArrival(Duration.ofSeconds(1)));
            server.resetGauges();
            assertEquals(0, server.requestCount());
            assertEquals(List.of("/posts/1", "/posts/2"),
                    server.recordedRequests().stream().map(RecordedRequest::path).toList());
        }
    }

    @Test
    void closeStopsEverythingIncludingStalledResponses() throws Exception {
        JsonPlaceholderServer server = JsonPlaceholderServer.start();
        try (HttpSession http = HttpSession.builder().baseUri(server.baseUri()).retry(HttpRetry.none()).build()) {
            Caller stalled = Caller.start(() -> http.get("/posts/1?delayMs=60000").text());
            assertTrue(server.awaitArrival(Duration.ofSeconds(5)));
            server.close();
            assertTrue(server.isTerminated(), "every handler thread has ended");
            assertTrue(stalled.join(Duration.ofSeconds(10)) instanceof HttpException, "the client sees the close");
            assertThrows(HttpConnectException.class, () -> http.get("/posts/1").text());
        }
    }
}
