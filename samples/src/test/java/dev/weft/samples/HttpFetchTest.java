package dev.weft.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.test.http.JsonPlaceholderServer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.TimeUnit;

class HttpFetchTest {
    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void withoutArgumentsItPrintsPostOneOfALocalServerAndSaysSoOnStderr() throws Exception {
        Captured run = Captured.run(HttpFetch::main);

        List<String> lines = run.out().texts();
        assertEquals("{", lines.get(0));
        assertEquals("  \"userId\": 1,", lines.get(1));
        assertEquals("  \"id\": 1,", lines.get(2));
        assertTrue(lines.get(3).startsWith("  \"title\": \"sunt aut facere"), lines::toString);
        assertTrue(lines.get(4).startsWith("  \"body\": \"quia et suscipit"), lines::toString);
        assertEquals("}", lines.get(lines.size() - 1));
        try (JsonPlaceholderServer server = JsonPlaceholderServer.start()) {
            assertEquals(fetchPlainly(server.uri("/posts/1")).lines().toList(), lines);
        }
        List<String> notes = run.err().texts();
        assertEquals(1, notes.size(), notes::toString);
        assertTrue(
                notes.get(0)
                        .matches(
                                "http_fetch: no URL given, so fetching /posts/1 from a local"
                                        + " jsonplaceholder-shaped server started at http://127\\.0\\.0\\.1:\\d+/?"),
                notes::toString);
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void givenAUrlItFetchesThatInsteadAndSaysNothingElse() throws Exception {
        try (JsonPlaceholderServer server = JsonPlaceholderServer.start()) {
            URI url = server.uri("/users/3");

            Captured run = Captured.run(HttpFetch::main, url.toString());

            assertEquals(fetchPlainly(url).lines().toList(), run.out().texts());
            assertTrue(run.out().texts().contains("  \"id\": 3,"), run.out().texts()::toString);
            assertEquals(List.of(), run.err().texts());
        }
    }

    private static String fetchPlainly(URI uri) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(
                            HttpRequest.newBuilder(uri).build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
        }
    }
}
