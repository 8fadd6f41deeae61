package dev.weft.io.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.io.http.internal.Permits;
import dev.weft.test.http.JsonPlaceholderServer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

import java.lang.reflect.Type;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** Bad input is refused at once with an exception that names the argument. */
@Timeout(10)
@org.junit.jupiter.api.extension.ExtendWith(dev.weft.io.net.SocketLeakCheck.class)
class HttpMisuseTest {
    private static void assertNpe(String name, Executable call) {
        assertEquals(name, assertThrows(NullPointerException.class, call).getMessage());
    }

    private static void assertIae(String name, Executable call) {
        String message = assertThrows(IllegalArgumentException.class, call).getMessage();
        assertTrue(message.contains(name), message);
    }

    @Test
    void nullArgumentsAreNamed() {
        try (HttpSession http = HttpSession.builder().baseUri("http://127.0.0.1:9/").build()) {
            assertNpe("pathOrUrl", () -> http.get(null));
            assertNpe("method", () -> http.request(null, "/"));
            assertNpe("name", () -> http.get("/").query(null, 1));
            assertNpe("value", () -> http.get("/").query("a", null));
            assertNpe("parameters", () -> http.get("/").query((Map<String, ?>) null));
            assertNpe("name", () -> http.get("/").header(null, "v"));
            assertNpe("value", () -> http.get("/").header("X-A", null));
            assertNpe("text", () -> http.post("/").body((String) null));
            assertNpe("bytes", () -> http.post("/").body((byte[]) null, "a/b"));
            assertNpe("contentType", () -> http.post("/").body(new byte[0], null));
            assertNpe("value", () -> http.post("/").jsonBody(null));
            assertNpe("type", () -> http.get("/").json((Class<?>) null));
            assertNpe("type", () -> http.get("/").json((Type) null));
            assertNpe("target", () -> http.get("/").download(null));
            assertNpe("progress", () -> http.get("/").download(Path.of("x"), null));
        }
        HttpSession.Builder b = HttpSession.builder();
        assertNpe("baseUri", () -> b.baseUri((String) null));
        assertNpe("timeouts", () -> b.timeouts(null));
        assertNpe("limits", () -> b.limits(null));
        assertNpe("retry", () -> b.retry(null));
        assertNpe("codec", () -> b.jsonCodec(null));
        assertNpe("listener", () -> b.listener(null));
        assertNpe("total", () -> HttpTimeouts.defaults().withTotal(null));
        assertNpe("initialBackoff", () -> HttpRetry.defaults().withBackoff(null, Duration.ZERO));
    }

    @Test
    void negativeOrZeroDurationsAndSizesAreNamed() {
        assertIae("connect", () -> HttpTimeouts.defaults().withConnect(Duration.ofSeconds(-1)));
        assertIae("permit", () -> HttpTimeouts.defaults().withPermit(Duration.ZERO));
        assertIae("headers", () -> HttpTimeouts.defaults().withHeaders(Duration.ofMillis(-5)));
        assertIae("bodyIdle", () -> HttpTimeouts.defaults().withBodyIdle(Duration.ofMillis(-5)));
        assertIae("total", () -> HttpTimeouts.defaults().withTotal(Duration.ofMillis(-5)));
        assertIae("maxConcurrent", () -> HttpLimits.defaults().withMaxConcurrent(0));
        assertIae("maxPerHost", () -> HttpLimits.defaults().withMaxPerHost(-1));
        assertIae("maxResponseBytes", () -> HttpLimits.defaults().withMaxResponseBytes(-1));
        assertIae("maxRedirects", () -> HttpLimits.defaults().withMaxRedirects(-1));
        assertIae("maxAttempts", () -> HttpRetry.defaults().withMaxAttempts(0));
        assertIae(
                "initialBackoff",
                () -> HttpRetry.defaults().withBackoff(Duration.ofMillis(-1), Duration.ZERO));
        assertIae(
                "maxBackoff",
                () ->
                        HttpRetry.defaults()
                                .withBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)));
        assertIae("budget", () -> HttpRetry.defaults().withBudget(-1));
        try (HttpSession http = HttpSession.builder().baseUri("http://127.0.0.1:9/").build()) {
            assertIae("bytes", () -> http.get("/").maxResponseBytes(-1));
        }
    }

    @Test
    void malformedUrlsAreNamed() {
        assertIae("baseUri", () -> HttpSession.builder().baseUri("http://bad host/"));
        assertIae("baseUri", () -> HttpSession.builder().baseUri("ftp://example.com/"));
        assertIae("baseUri", () -> HttpSession.builder().baseUri("/relative"));
        try (HttpSession http = HttpSession.create()) {
            assertIae("pathOrUrl", () -> http.get("http://exa mple.com/"));
            assertIae("pathOrUrl", () -> http.get("/relative/without/base"));
            assertIae("pathOrUrl", () -> http.get("mailto:someone@example.com"));
            assertIae("method", () -> http.request("GET POST", "http://example.com/"));
        }
    }

    @Test
    void invalidOrRestrictedHeadersAreRefused() {
        assertThrows(
                IllegalArgumentException.class,
                () -> HttpSession.builder().header("Bad Name", "v"));
        assertThrows(
                IllegalArgumentException.class,
                () -> HttpSession.builder().header("X-A", "line\r\nbreak"));
        assertThrows(
                IllegalArgumentException.class,
                () -> HttpSession.builder().header("Host", "other"));
    }

    @Test
    @Timeout(20)
    void closingRefusesCallsStillWaitingForAPermit() throws Exception {
        try (JsonPlaceholderServer server = JsonPlaceholderServer.start()) {
            HttpSession http =
                    HttpSession.builder()
                            .baseUri(server.baseUri())
                            .limits(HttpLimits.defaults().withMaxConcurrent(1))
                            .build();
            Caller waiting;
            try (HttpStreamingResponse held = http.get("/faults/huge").stream()) {
                waiting = Caller.start(() -> http.get("/posts/1").text());
                waiting.awaitBlockedIn(Permits.class.getName(), "acquire");
                http.close();
                assertEquals(200, held.status());
            }
            assertTrue(
                    waiting.join(java.time.Duration.ofSeconds(10))
                            instanceof IllegalStateException);
            assertEquals(1, http.engine().permits().availableGlobal());
        }
    }

    @Test
    @Timeout(20)
    void closingAbortsExchangesInFlight() throws Exception {
        try (JsonPlaceholderServer server = JsonPlaceholderServer.start()) {
            HttpSession http = HttpSession.builder().baseUri(server.baseUri()).build();
            Caller waitingForHeaders =
                    Caller.start(() -> http.get("/posts/1").query("delayMs", 10_000).text());
            assertTrue(
                    server.awaitArrival(Duration.ofSeconds(10)),
                    "on the server, held before its headers");
            Caller readingBody =
                    Caller.start(
                            () ->
                                    http.get("/posts")
                                            .query("chunks", 50)
                                            .query("chunkDelayMs", 200)
                                            .bytes());
            assertTrue(server.awaitArrival(Duration.ofSeconds(10)));
            readingBody.awaitBlockedIn(Caller.BODY_READ, "next"); // has its headers, waits for body
            http.close();
            Throwable headers = waitingForHeaders.join(Duration.ofSeconds(10));
            Throwable body = readingBody.join(Duration.ofSeconds(10));
            assertTrue(headers instanceof HttpTransportException, String.valueOf(headers));
            assertTrue(body instanceof HttpTransportException, String.valueOf(body));
            assertEquals(
                    http.engine().permits().availableGlobal(),
                    HttpLimits.defaults().maxConcurrent());
        }
    }

    @Test
    void closedSessionRefusesCalls() {
        HttpSession http = HttpSession.builder().baseUri("http://127.0.0.1:9/").build();
        HttpCall prepared = http.get("/posts/1");
        http.close();
        http.close();
        assertThrows(IllegalStateException.class, () -> http.get("/posts/1"));
        assertThrows(IllegalStateException.class, prepared::text);
        assertTrue(http.isTerminated());
    }
}
