package dev.weft.io.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.io.http.internal.JsonCodecs;
import dev.weft.io.http.internal.Redaction;
import dev.weft.io.http.internal.RetryAfter;
import dev.weft.io.http.internal.RetryBudget;
import dev.weft.test.http.JsonPlaceholderServer;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The small pure parts of the session: redaction, Retry-After, the retry budget, JSON detection.
 */
class HttpSupportTest {
    private static HttpHeaders headers(String name, String value) {
        return HttpHeaders.of(Map.of(name, List.of(value)), (a, b) -> true);
    }

    @Test
    void sensitiveHeadersAreMasked() {
        String shown =
                Redaction.headers(
                        Map.of(
                                "Authorization", List.of("Bearer abc"),
                                "Cookie", List.of("sid=1"),
                                "X-Api-Key", List.of("k"),
                                "Accept", List.of("application/json")));
        assertFalse(shown.contains("abc"), shown);
        assertFalse(shown.contains("sid=1"), shown);
        assertFalse(shown.contains("=[k]"), shown);
        assertTrue(shown.contains("Accept=[application/json]"), shown);
        assertEquals("***", Redaction.headerValue("Proxy-Authorization", "Basic x"));
        assertEquals("gzip", Redaction.headerValue("Accept-Encoding", "gzip"));
    }

    @Test
    void uriCredentialsAreMasked() {
        URI uri = URI.create("https://user:pw@api.example.com/x?token=t0p&page=2&api_key=k#frag");
        String shown = Redaction.uri(uri);
        assertEquals("https://api.example.com/x?token=***&page=2&api_key=***#frag", shown);
        assertEquals(
                URI.create("https://api.example.com/x?token=t0p&page=2&api_key=k#frag"),
                Redaction.uriObject(uri));
    }

    @Test
    void exceptionMessagesDoNotLeakUserInfo() {
        HttpStatusException e =
                new HttpStatusException(
                        "GET",
                        URI.create("https://u:secret@h.example/p?password=x"),
                        500,
                        headers("a", "b"),
                        "");
        assertFalse(e.getMessage().contains("secret"), e.getMessage());
        assertFalse(e.getMessage().contains("password=x"), e.getMessage());
        assertEquals(URI.create("https://h.example/p?password=x"), e.uri());
    }

    @Test
    void retryAfterAcceptsSecondsAndDates() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        assertEquals(Duration.ofSeconds(7), RetryAfter.of(headers("Retry-After", "7"), now));
        assertEquals(
                Duration.ofSeconds(90),
                RetryAfter.of(headers("Retry-After", "Thu, 1 Jan 2026 00:01:30 GMT"), now));
        assertEquals(
                Duration.ZERO,
                RetryAfter.of(headers("Retry-After", "Wed, 31 Dec 2025 00:00:00 GMT"), now));
        assertEquals(Duration.ZERO, RetryAfter.of(headers("Retry-After", "soon"), now));
        assertEquals(Duration.ZERO, RetryAfter.of(headers("Other", "1"), now));
    }

    @Test
    void retryBudgetSpendsAndRefunds() {
        RetryBudget budget = new RetryBudget(2);
        assertTrue(budget.tryAcquire());
        assertTrue(budget.tryAcquire());
        assertFalse(budget.tryAcquire());
        for (int i = 0; i < 9; i++) {
            budget.onFirstAttemptSuccess();
        }
        assertFalse(budget.tryAcquire(), "0.9 of a token is not enough");
        budget.onFirstAttemptSuccess();
        assertTrue(budget.tryAcquire());
        for (int i = 0; i < 100; i++) {
            budget.onFirstAttemptSuccess();
        }
        assertEquals(2.0, budget.tokens(), 1e-9, "refunds stop at the capacity");
    }

    @Test
    void jacksonIsUsedWhenPresent() throws Exception {
        JsonCodec codec = JsonCodecs.detect(HttpSupportTest.class.getClassLoader());
        assertEquals(
                new Post(1, 2, "t", "b"),
                codec.decode(
                        "{\"userId\":1,\"id\":2,\"title\":\"t\",\"body\":\"b\"}".getBytes(),
                        Post.class));
    }

    @Test
    void missingJacksonFailsWithAClearMessage() {
        ClassLoader withoutJackson = ClassLoader.getPlatformClassLoader();
        JsonCodec codec = JsonCodecs.detect(withoutJackson);
        IllegalStateException e =
                assertThrows(
                        IllegalStateException.class, () -> codec.decode(new byte[0], Post.class));
        assertTrue(e.getMessage().contains("jackson-databind"), e.getMessage());
        assertTrue(e.getMessage().contains("jsonCodec"), e.getMessage());
    }

    @Test
    void customCodecReplacesJackson() {
        JsonCodec upper =
                new JsonCodec() {
                    @Override
                    @SuppressWarnings("unchecked")
                    public <T> T decode(byte[] json, java.lang.reflect.Type type) {
                        return (T) new String(json).toUpperCase(java.util.Locale.ROOT);
                    }

                    @Override
                    public byte[] encode(Object value) {
                        return ("<" + value + ">").getBytes();
                    }
                };
        try (JsonPlaceholderServer server = JsonPlaceholderServer.start();
                HttpSession http =
                        HttpSession.builder().baseUri(server.baseUri()).jsonCodec(upper).build()) {
            String echoed = http.post("/faults/echo").jsonBody("v").json(String.class);
            assertTrue(echoed.contains("\"BODY\": \"<V>\""), echoed);
            assertTrue(echoed.contains("APPLICATION/JSON"), echoed);
        }
    }
}
