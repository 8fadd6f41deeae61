package dev.weft.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.test.http.JsonPlaceholderServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class HttpFetchTest {
    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void withoutArgumentsItPrintsPostOneOfTheLocalServer() throws Exception {
        LineRecorder rec = new LineRecorder();

        HttpFetch.run(rec.out());

        List<String> lines = rec.texts();
        assertEquals("{", lines.get(0));
        assertEquals("  \"userId\": 1,", lines.get(1));
        assertEquals("  \"id\": 1,", lines.get(2));
        assertTrue(lines.get(3).startsWith("  \"title\": \"sunt aut facere"), lines::toString);
        assertTrue(lines.get(4).startsWith("  \"body\": \"quia et suscipit"), lines::toString);
        assertEquals("}", lines.get(lines.size() - 1));
        try (JsonPlaceholderServer server = JsonPlaceholderServer.start()) {
            assertEquals(fetchPlainly(server.uri("/posts/1")).lines().toList(), lines);
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void givenAUrlItFetchesThatInstead() throws Exception {
        try (JsonPlaceholderServer server = JsonPlaceholderServer.start()) {
            URI url = server.uri("/users/3");
            LineRecorder rec = new LineRecorder();

            HttpFetch.run(rec.out(), url.toString());

            assertEquals(fetchPlainly(url).lines().toList(), rec.texts());
            assertTrue(rec.texts().contains("  \"id\": 3,"), rec.texts()::toString);
        }
    }

    private static String fetchPlainly(URI uri) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
        }
    }
}
