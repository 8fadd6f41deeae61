package dev.weft.io.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.test.http.JsonPlaceholderServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.CookieManager;
import java.net.HttpCookie;
import java.util.List;

/**
 * The cookie jar: off by default; when given, cookies set by responses come back on later calls.
 */
@Timeout(30)
@org.junit.jupiter.api.extension.ExtendWith(dev.weft.io.net.SocketLeakCheck.class)
class HttpCookieTest {
    private JsonPlaceholderServer server;

    @BeforeEach
    void start() {
        server = JsonPlaceholderServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String cookieSent() {
        List<String> values =
                server
                        .recordedRequests()
                        .get(server.recordedRequests().size() - 1)
                        .headers()
                        .entrySet()
                        .stream()
                        .filter(e -> e.getKey().equalsIgnoreCase("Cookie"))
                        .flatMap(e -> e.getValue().stream())
                        .toList();
        return String.join("; ", values);
    }

    @Test
    void noJarByDefault() {
        try (HttpSession http = HttpSession.builder().baseUri(server.baseUri()).build()) {
            http.get("/faults/set-cookie?name=session&value=abc").discard();
            http.get("/posts/1").discard();
            assertEquals(
                    "",
                    cookieSent(),
                    "a shared session must not carry one caller's cookies to another");
        }
    }

    @Test
    void jarKeepsCookiesForLaterCalls() {
        CookieManager jar = new CookieManager();
        try (HttpSession http =
                HttpSession.builder().baseUri(server.baseUri()).cookieJar(jar).build()) {
            http.get("/faults/set-cookie?name=session&value=abc").discard();
            http.get("/posts/1").header("Cookie", "mine=1").discard();
            String sent = cookieSent();
            assertTrue(sent.contains("session=abc"), sent);
            assertTrue(sent.contains("mine=1"), "the call's own Cookie header is kept: " + sent);
            List<HttpCookie> stored = jar.getCookieStore().getCookies();
            assertEquals(1, stored.size());
            assertEquals("session", stored.get(0).getName());
        }
    }

    @Test
    void cookiesSetOnARedirectAreSentToItsTarget() {
        CookieManager jar = new CookieManager();
        try (HttpSession http =
                HttpSession.builder().baseUri(server.baseUri()).cookieJar(jar).build()) {
            http.get(
                            "/faults/redirect-to?location="
                                    + "/faults/set-cookie%3Fname%3Dhop%26value%3D2")
                    .discard();
            http.get("/posts/2").discard();
            assertTrue(cookieSent().contains("hop=2"), cookieSent());
            assertFalse(jar.getCookieStore().getCookies().isEmpty());
        }
    }
}
