package dev.weft.test.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The placeholder server's data, JSON shape, gauges and lifecycle, seen by the JDK's own client.
 */
@Timeout(20)
class JsonPlaceholderServerTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<List<Map<String, Object>>> LIST = new TypeReference<>() {};
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};

    private static HttpResponse<String> send(HttpClient client, URI uri, String method, String body)
            throws IOException, InterruptedException {
        HttpRequest request =
                HttpRequest.newBuilder(uri)
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(body))
                        .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String get(HttpClient client, JsonPlaceholderServer server, String path)
            throws Exception {
        HttpResponse<String> response = send(client, server.uri(path), "GET", null);
        assertEquals(200, response.statusCode(), path);
        return response.body();
    }

    @Test
    void servesTheJsonplaceholderShapes() throws Exception {
        try (JsonPlaceholderServer server = JsonPlaceholderServer.start();
                HttpClient client = HttpClient.newHttpClient()) {
            assertTrue(
                    server.baseUri().toString().matches("http://127\\.0\\.0\\.1:\\d+/"),
                    server.baseUri().toString());
            assertEquals(100, MAPPER.readValue(get(client, server, "/posts"), LIST).size());
            assertEquals(10, MAPPER.readValue(get(client, server, "/posts?userId=3"), LIST).size());
            List<Map<String, Object>> users = MAPPER.readValue(get(client, server, "/users"), LIST);
            assertEquals(10, users.size());
            assertEquals("Leanne Graham", users.get(0).get("name"));
            assertEquals(
                    5, MAPPER.readValue(get(client, server, "/comments?postId=1"), LIST).size());
            assertEquals(500, MAPPER.readValue(get(client, server, "/comments"), LIST).size());
            assertEquals(
                    5, MAPPER.readValue(get(client, server, "/posts/1/comments"), LIST).size());
            assertEquals(404, send(client, server.uri("/nothing"), "GET", null).statusCode());
            assertEquals(404, send(client, server.uri("/users/11"), "GET", null).statusCode());
        }
    }

    @Test
    void prettyPrintsLikeTheRealSite() throws Exception {
        try (JsonPlaceholderServer server = JsonPlaceholderServer.start();
                HttpClient client = HttpClient.newHttpClient()) {
            String post = get(client, server, "/posts/1");
            assertEquals(
                    """
                    {
                      "userId": 1,
                      "id": 1,
                      "title": "sunt aut facere repellat provident occaecati excepturi optio reprehenderit",
                      "body": "quia et suscipit\\nsuscipit recusandae consequuntur expedita et cum\\nreprehenderit \
                    molestiae ut ut quas totam\\nnostrum rerum est autem sunt rem eveniet architecto"
                    }""",
                    post);
            assertEquals("{}", send(client, server.uri("/posts/1"), "DELETE", null).body());
            assertTrue(get(client, server, "/users").startsWith("[\n  {\n    \"id\": 1,\n"));
        }
    }

    @Test
    void echoesPostedObjectsWithAnId() throws Exception {
        try (JsonPlaceholderServer server = JsonPlaceholderServer.start();
                HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> created =
                    send(
                            client,
                            server.uri("/posts"),
                            "POST",
                            "{\"title\": \"t\", \"nested\": {\"a\": [1, 2.5, true, null]}, \"id\": 7}");
            assertEquals(201, created.statusCode());
            Map<String, Object> echoed = MAPPER.readValue(created.body(), OBJECT);
            assertEquals(
                    Map.of(
                            "title",
                            "t",
                            "nested",
                            Map.of("a", java.util.Arrays.asList(1, 2.5, true, null)),
                            "id",
                            101),
                    echoed);
            HttpResponse<String> notJson = send(client, server.uri("/posts/3"), "PUT", "not json");
            assertEquals(Map.of("id", 3), MAPPER.readValue(notJson.body(), OBJECT));
        }
    }

    @Test
    void gaugesCountAndRecordRequests() throws Exception {
        try (JsonPlaceholderServer server = JsonPlaceholderServer.start();
                HttpClient client = HttpClient.newHttpClient()) {
            get(client, server, "/posts/1");
            get(client, server, "/posts/2?x=1");
            assertEquals(2, server.requestCount());
            assertEquals(0, server.inFlight());
            assertEquals(1, server.maxInFlight());
            assertTrue(server.awaitArrival(Duration.ofSeconds(1)));
            assertTrue(server.awaitArrival(Duration.ofSeconds(1)));
            server.resetGauges();
            assertEquals(0, server.requestCount());
            List<RecordedRequest> recorded = server.recordedRequests();
            assertEquals(
                    List.of("/posts/1", "/posts/2"),
                    recorded.stream().map(RecordedRequest::path).toList());
            assertEquals("x=1", recorded.get(1).query());
            assertEquals("GET", recorded.get(1).method());
            assertThrows(
                    UnsupportedOperationException.class, () -> recorded.get(0).headers().clear());
        }
    }

    @Test
    void closeStopsEverythingIncludingStalledResponses() throws Exception {
        JsonPlaceholderServer server = JsonPlaceholderServer.start();
        try (HttpClient client = HttpClient.newHttpClient()) {
            CompletableFuture<HttpResponse<String>> stalled =
                    client.sendAsync(
                            HttpRequest.newBuilder(server.uri("/posts/1?delayMs=60000")).build(),
                            HttpResponse.BodyHandlers.ofString());
            assertTrue(server.awaitArrival(Duration.ofSeconds(5)));
            server.close();
            assertTrue(server.isTerminated(), "every handler thread has ended");
            ExecutionException e =
                    assertThrows(ExecutionException.class, () -> stalled.get(10, TimeUnit.SECONDS));
            assertTrue(
                    e.getCause() instanceof IOException,
                    "the client sees the close: " + e.getCause());
            assertThrows(
                    ConnectException.class,
                    () -> send(client, server.uri("/posts/1"), "GET", null));
        }
    }
}
