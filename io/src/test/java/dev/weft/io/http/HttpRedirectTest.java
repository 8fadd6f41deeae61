package dev.weft.io.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.test.http.JsonPlaceholderServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Redirects are followed by the session under its own rules. */
@Timeout(30)
@org.junit.jupiter.api.extension.ExtendWith(dev.weft.io.net.SocketLeakCheck.class)
class HttpRedirectTest {
    private JsonPlaceholderServer server;
    private JsonPlaceholderServer other;
    private HttpSession http;
    private final List<HttpCallEvent> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        server = JsonPlaceholderServer.start();
        other = JsonPlaceholderServer.start();
        http =
                HttpSession.builder()
                        .baseUri(server.baseUri())
                        .header("Authorization", "Bearer session-secret")
                        .listener(events::add)
                        .build();
    }

    @AfterEach
    void stop() {
        http.close();
        other.close();
        server.close();
    }

    private static String to(URI location) {
        return "/faults/redirect-to?location="
                + URLEncoder.encode(location.toString(), StandardCharsets.UTF_8);
    }

    @Test
    void chainIsFollowed() {
        Post post = http.get("/faults/redirect?hops=3").json(Post.class);
        assertEquals(1, post.id());
        HttpCallEvent event = events.get(0);
        assertEquals(3, event.redirects());
        assertEquals(server.uri("/posts/1"), event.uri());
    }

    @Test
    void loopIsRefused() {
        HttpRedirectException e =
                assertThrows(HttpRedirectException.class, () -> http.get("/faults/loop").text());
        assertTrue(e.getMessage().contains("loop"), e.getMessage());
    }

    @Test
    void hopCountIsCapped() {
        try (HttpSession capped =
                HttpSession.builder()
                        .baseUri(server.baseUri())
                        .limits(HttpLimits.defaults().withMaxRedirects(2))
                        .build()) {
            HttpRedirectException e =
                    assertThrows(
                            HttpRedirectException.class,
                            () -> capped.get("/faults/redirect?hops=3").text());
            assertTrue(e.getMessage().contains("more than 2 redirects"), e.getMessage());
            assertEquals(
                    "ok",
                    capped.get("/faults/redirect?hops=2").text().contains("\"id\": 1")
                            ? "ok"
                            : "no");
        }
    }

    @Test
    void zeroRedirectsReturnsThe3xx() {
        try (HttpSession manual =
                HttpSession.builder()
                        .baseUri(server.baseUri())
                        .limits(HttpLimits.defaults().withMaxRedirects(0))
                        .build()) {
            HttpResponseHead head = manual.get("/faults/redirect?hops=1").discard();
            assertEquals(302, head.status());
            assertEquals("/posts/1", head.headers().firstValue("location").orElseThrow());
        }
    }

    @Test
    void credentialsAreDroppedAcrossOrigins() {
        String echo =
                http.get(to(other.uri("/faults/echo")))
                        .header("Cookie", "id=42")
                        .header("Proxy-Authorization", "Basic abc")
                        .header("X-Trace", "kept")
                        .text();
        assertTrue(echo.contains("\"x-trace\": \"kept\""), echo);
        assertFalse(echo.contains("authorization"), echo);
        assertFalse(echo.contains("cookie"), echo);
        assertFalse(echo.contains("session-secret"), echo);
    }

    @Test
    void credentialsStayOnTheSameOrigin() {
        String echo = http.get(to(server.uri("/faults/echo"))).header("Cookie", "id=42").text();
        assertTrue(echo.contains("\"authorization\": \"Bearer session-secret\""), echo);
        assertTrue(echo.contains("\"cookie\": \"id=42\""), echo);
    }

    @Test
    void seeOtherTurnsPostIntoGetWithoutBody() {
        String echo =
                http.post(to(server.uri("/faults/echo")) + "&status=303").body("payload").text();
        assertTrue(echo.contains("\"method\": \"GET\""), echo);
        assertTrue(echo.contains("\"body\": \"\""), echo);
        assertFalse(echo.contains("content-type"), echo);
    }

    @Test
    void temporaryRedirectKeepsMethodAndBody() {
        String echo =
                http.post(to(server.uri("/faults/echo")) + "&status=307").body("payload").text();
        assertTrue(echo.contains("\"method\": \"POST\""), echo);
        assertTrue(echo.contains("\"body\": \"payload\""), echo);
    }

    @Test
    void redirectWithoutLocationIsRefused() {
        HttpRedirectException e =
                assertThrows(
                        HttpRedirectException.class, () -> http.get("/faults/status/302").text());
        assertTrue(e.getMessage().contains("without a Location"), e.getMessage());
    }

    @Test
    void downgradeFromHttpsToHttpIsRefused() {
        HttpRedirectException e =
                assertThrows(
                        HttpRedirectException.class,
                        () ->
                                RedirectRule.target(
                                        "GET",
                                        URI.create("https://api.example.com/a"),
                                        "http://api.example.com/b"));
        assertTrue(e.getMessage().contains("https->http downgrade"), e.getMessage());
        assertEquals(
                URI.create("https://cdn.example.com/b"),
                RedirectRule.target(
                        "GET",
                        URI.create("https://api.example.com/a"),
                        "https://cdn.example.com/b"));
        assertEquals(
                URI.create("https://api.example.com/b"),
                RedirectRule.target(
                        "GET",
                        URI.create("http://api.example.com/a"),
                        "https://api.example.com/b"));
        assertThrows(
                HttpRedirectException.class,
                () ->
                        RedirectRule.target(
                                "GET", URI.create("http://a.example/"), "file:///etc/passwd"));
    }

    @Test
    void originComparesSchemeHostAndPort() {
        assertTrue(
                RedirectRule.sameOrigin(
                        URI.create("https://A.example/x"), URI.create("https://a.example:443/y")));
        assertFalse(
                RedirectRule.sameOrigin(
                        URI.create("https://a.example/"), URI.create("http://a.example/")));
        assertFalse(
                RedirectRule.sameOrigin(
                        URI.create("http://a.example/"), URI.create("http://a.example:8080/")));
        assertFalse(
                RedirectRule.sameOrigin(
                        URI.create("http://a.example/"), URI.create("http://b.example/")));
    }

    @Test
    void methodRewriting() {
        assertEquals("GET", RedirectRule.methodAfter(303, "PUT"));
        assertEquals("HEAD", RedirectRule.methodAfter(303, "HEAD"));
        assertEquals("GET", RedirectRule.methodAfter(302, "POST"));
        assertEquals("PUT", RedirectRule.methodAfter(302, "PUT"));
        assertEquals("POST", RedirectRule.methodAfter(308, "POST"));
    }
}
