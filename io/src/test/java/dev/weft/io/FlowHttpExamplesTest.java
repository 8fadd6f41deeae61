package dev.weft.io;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Weft;
import dev.weft.test.http.JsonPlaceholderServer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.http.HttpClient;
import java.util.List;

/** Runs {@link FlowHttpSnippets} against the local jsonplaceholder-shaped server. */
@Timeout(30)
class FlowHttpExamplesTest {

    @Test
    void awaitAnHttpClientFutureAndPostAChannelAsTheBody() {
        try (JsonPlaceholderServer server = JsonPlaceholderServer.start();
                HttpClient client = HttpClient.newHttpClient()) {
            String post =
                    Weft.run(
                            () ->
                                    FlowHttpSnippets.fetch(
                                            client, server.baseUri().resolve("/posts/1")));
            assertTrue(post.contains("\"id\": 1") || post.contains("\"id\":1"), post);
            String echoed =
                    FlowHttpSnippets.upload(
                            client,
                            server.baseUri().resolve("/faults/echo"),
                            List.of("one", " two", " three"));
            assertTrue(echoed.contains("one two three") && echoed.contains("POST"), echoed);
        }
    }
}
