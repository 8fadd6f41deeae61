package dev.weft.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.Weft;
import dev.weft.io.files.FileHandle;
import dev.weft.io.files.WeftFiles;
import dev.weft.io.http.HttpLimits;
import dev.weft.io.http.HttpRetry;
import dev.weft.io.http.HttpSession;
import dev.weft.io.net.TcpConnection;
import dev.weft.io.net.TcpServer;
import dev.weft.io.process.Command;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * io refuses a bad integer argument in core's words ({@code dev.weft.internal.ArgumentRules}), as
 * core's own {@code Channel.bounded}, {@code Limiter} and {@code Weft.map} do: the argument's name,
 * what is wrong, the value. Before, io had its own checks with four other wordings ({@code "must be
 * at least 1: 0"}, {@code "is less than 1: 0"}, {@code "must be >= 0, was -1"}, {@code "must be 1
 * to 65535, not 0"}).
 */
@Timeout(30)
class IoArgumentRulesTest {

    private static void assertRefused(String message, Executable call) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, call).getMessage());
    }

    @Test
    void files(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("a.txt"), "a");
        assertRefused(
                "concurrency is not positive: 0", () -> WeftFiles.readAllBytes(List.of(file), 0));
        assertRefused(
                "concurrency is not positive: -1",
                () -> WeftFiles.copyTree(dir, dir.resolve("copy"), -1));
        try (FileHandle handle = WeftFiles.open(file, "rb")) {
            assertRefused("n is negative: -1", () -> handle.read(-1));
            assertRefused("position is negative: -1", () -> handle.seek(-1));
        }
    }

    @Test
    void http() {
        assertRefused(
                "maxConcurrent is not positive: 0",
                () -> HttpLimits.defaults().withMaxConcurrent(0));
        assertRefused(
                "maxPerHost is not positive: -1", () -> HttpLimits.defaults().withMaxPerHost(-1));
        assertRefused(
                "maxResponseBytes is negative: -1",
                () -> HttpLimits.defaults().withMaxResponseBytes(-1));
        assertRefused(
                "maxRedirects is negative: -1", () -> HttpLimits.defaults().withMaxRedirects(-1));
        assertRefused(
                "maxAttempts is not positive: 0", () -> HttpRetry.defaults().withMaxAttempts(0));
        assertRefused("budget is negative: -1", () -> HttpRetry.defaults().withBudget(-1));
        assertRefused(
                "port is out of range 1..65535: 0",
                () -> HttpSession.builder().proxy("proxy.example", 0));
        try (HttpSession http = HttpSession.builder().baseUri("http://127.0.0.1:9/").build()) {
            assertRefused("bytes is negative: -1", () -> http.get("/").maxResponseBytes(-1));
            assertRefused(
                    "length is negative: -1",
                    () ->
                            http.post("/")
                                    .body(new ByteArrayInputStream(new byte[0]), -1, "text/plain"));
        }
    }

    @Test
    void process() {
        assertRefused("maxBytes is negative: -1", () -> Command.of("true").withOutputLimit(-1));
    }

    @Test
    void net() throws Exception {
        assertRefused(
                "port is out of range 0..65535: 65536", () -> TcpServer.builder().port(65536));
        assertRefused("backlog is not positive: 0", () -> TcpServer.builder().backlog(0));
        assertRefused("max is not positive: 0", () -> TcpServer.builder().maxConnections(0));
        assertRefused(
                "bytes is out of range 1..2147483631: 0",
                () -> TcpServer.builder().maxLineLength(0));
        assertRefused(
                "port is out of range 1..65535: 0", () -> TcpConnection.builder("127.0.0.1", 0));
        assertRefused(
                "bytes is out of range 1..2147483631: -1",
                () -> TcpConnection.builder("127.0.0.1", 1).maxFrameLength(-1));
        Weft.run(
                () -> {
                    try (TcpServer server = TcpServer.builder().start(c -> c.readLine());
                            TcpConnection conn = TcpConnection.open("127.0.0.1", server.port())) {
                        assertRefused("n is negative: -1", () -> conn.readExactly(-1));
                        conn.shutdownOutput(); // the handler's readLine ends, so close does not
                        // wait out its grace
                    }
                });
    }
}
