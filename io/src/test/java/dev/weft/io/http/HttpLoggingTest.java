package dev.weft.io.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

import dev.weft.test.http.JsonPlaceholderServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

import java.util.List;

/** One DEBUG line per call, with secrets masked. */
@Timeout(20)
@org.junit.jupiter.api.extension.ExtendWith(dev.weft.io.net.SocketLeakCheck.class)
class HttpLoggingTest {
    private final Logger logger = (Logger) LoggerFactory.getLogger(HttpSession.class);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private Level previous;

    @BeforeEach
    void capture() {
        previous = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        logger.setAdditive(false);
        appender.start();
        logger.addAppender(appender);
    }

    @AfterEach
    void release() {
        logger.detachAppender(appender);
        logger.setLevel(previous);
        logger.setAdditive(true);
    }

    private List<String> lines() {
        return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void eachCallLogsMethodUriStatusDurationAndRetries() {
        try (JsonPlaceholderServer server = JsonPlaceholderServer.start();
                HttpSession http =
                        HttpSession.builder()
                                .baseUri(server.baseUri())
                                .header("Authorization", "Bearer very-secret")
                                .build()) {
            http.get("/posts/1?token=abc123").text();
            List<String> lines = lines();
            assertEquals(1, lines.size(), lines.toString());
            String line = lines.get(0);
            assertTrue(
                    line.startsWith("GET " + server.uri("/posts/1") + "?token=*** -> 200 in "),
                    line);
            assertTrue(line.contains(" 0 retries"), line);
            assertFalse(line.contains("abc123"), line);
            assertFalse(line.contains("very-secret"), line);
        }
    }

    @Test
    void traceShowsHeadersWithSecretsMasked() {
        logger.setLevel(Level.TRACE);
        try (JsonPlaceholderServer server = JsonPlaceholderServer.start();
                HttpSession http =
                        HttpSession.builder()
                                .baseUri(server.baseUri())
                                .header("Authorization", "Bearer very-secret")
                                .build()) {
            http.get("/posts/1")
                    .header("Cookie", "sid=cookie-secret")
                    .header("X-Plain", "visible")
                    .text();
            String all = String.join("\n", lines());
            assertTrue(all.contains("request headers"), all);
            assertTrue(all.contains("X-Plain=[visible]"), all);
            assertTrue(all.contains("Authorization=***"), all);
            assertFalse(all.contains("very-secret"), all);
            assertFalse(all.contains("cookie-secret"), all);
        }
    }

    @Test
    void insecureSessionWarnsLoudly() {
        try (HttpSession http =
                HttpSession.builder().insecureTrustAllCertificatesForTestsOnly().build()) {
            assertTrue(
                    lines().stream().anyMatch(l -> l.contains("TLS verification OFF")),
                    lines().toString());
            assertTrue(http.get("https://127.0.0.1:9/") != null);
            assertEquals(Level.WARN, appender.list.get(0).getLevel());
        }
    }
}
