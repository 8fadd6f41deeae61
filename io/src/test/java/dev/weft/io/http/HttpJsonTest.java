package dev.weft.io.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;

import dev.weft.io.http.internal.JacksonCodec;
import dev.weft.test.http.JsonPlaceholderServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.reflect.InaccessibleObjectException;

/**
 * JSON decoding says why it failed: a body that is not JSON and JSON that does not map to the type
 * are different {@link HttpJsonException} kinds; the default mapper ignores unknown properties; an
 * application's own {@code ObjectMapper} is used as it is.
 */
@Timeout(30)
@org.junit.jupiter.api.extension.ExtendWith(dev.weft.io.net.SocketLeakCheck.class)
class HttpJsonTest {
    private JsonPlaceholderServer server;

    /** Has fewer properties than the server sends. */
    record PostTitle(String title) {}

    /** Expects a number where the server sends text. */
    record BadTitle(int title) {}

    /** Jackson cannot create it: no creator, no setters. */
    static final class NoCreator {
        private final String title;

        NoCreator(String title, int unused) {
            this.title = title + unused;
        }

        @Override
        public String toString() {
            return title;
        }
    }

    @BeforeEach
    void start() {
        server = JsonPlaceholderServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void defaultMapperIgnoresUnknownProperties() {
        try (HttpSession http = HttpSession.builder().baseUri(server.baseUri()).build()) {
            PostTitle p = http.get("/posts/1").json(PostTitle.class);
            assertTrue(p.title().startsWith("sunt aut facere"));
        }
    }

    @Test
    void jsonThatDoesNotMapIsAMappingFailure() {
        try (HttpSession http = HttpSession.builder().baseUri(server.baseUri()).build()) {
            HttpJsonException e =
                    assertThrows(
                            HttpJsonException.class,
                            () -> http.get("/posts/1").json(BadTitle.class));
            assertEquals(HttpJsonException.Kind.MAPPING, e.kind());
            assertTrue(
                    e.getMessage().contains("does not map to " + BadTitle.class.getName()),
                    e.getMessage());
            HttpJsonException c =
                    assertThrows(
                            HttpJsonException.class,
                            () -> http.get("/posts/1").json(NoCreator.class));
            assertEquals(HttpJsonException.Kind.MAPPING, c.kind());
        }
    }

    @Test
    void bodyThatIsNotJsonSaysSo() {
        try (HttpSession http = HttpSession.builder().baseUri(server.baseUri()).build()) {
            HttpJsonException e =
                    assertThrows(
                            HttpJsonException.class,
                            () -> http.get("/faults/huge?bytes=100").json(Post.class));
            assertEquals(HttpJsonException.Kind.NOT_JSON, e.kind());
            assertTrue(e.getMessage().contains("not JSON"), e.getMessage());
            assertEquals(100, e.bodyPrefix().length());
        }
    }

    @Test
    void applicationsOwnMapperIsUsedAsItIs() {
        ObjectMapper strict =
                new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        try (HttpSession http =
                HttpSession.builder()
                        .baseUri(server.baseUri())
                        .jsonCodec(JacksonJson.codec(strict))
                        .build()) {
            HttpJsonException e =
                    assertThrows(
                            HttpJsonException.class,
                            () -> http.get("/posts/1").json(PostTitle.class));
            assertEquals(HttpJsonException.Kind.MAPPING, e.kind());
            assertTrue(e.getMessage().contains("Unrecognized field"), e.getMessage());
        }
        ObjectMapper snake =
                JacksonJson.defaultMapper()
                        .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        try (HttpSession http =
                HttpSession.builder()
                        .baseUri(server.baseUri())
                        .jsonCodec(JacksonJson.codec(snake))
                        .build()) {
            String echoed = http.post("/faults/echo").jsonBody(new PostTitle("x")).text();
            assertTrue(echoed.contains("title"), echoed);
        }
    }

    @Test
    void packageNotOpenToJacksonGetsAHint() {
        JsonMappingException e =
                JsonMappingException.from(
                        (com.fasterxml.jackson.core.JsonParser) null,
                        "cannot access constructor",
                        new InaccessibleObjectException("module m does not open p"));
        Exception classified = JacksonCodec.classify(e, false);
        assertInstanceOf(JsonCodec.MappingException.class, classified);
        assertTrue(
                classified
                        .getMessage()
                        .contains("opens <package> to com.fasterxml.jackson.databind"),
                classified.getMessage());
    }
}
