package dev.weft.io.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.weft.test.http.JsonPlaceholderServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Request bodies beyond {@code byte[]}: files, streams, forms and multipart, each with its length
 * rule (announced or chunked, never other bytes than announced) and its replay rule (a stream that
 * was read is never sent again).
 */
@Timeout(60)
@org.junit.jupiter.api.extension.ExtendWith(dev.weft.io.net.SocketLeakCheck.class)
class HttpUploadTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpRetry FAST =
            HttpRetry.defaults().withBackoff(Duration.ofMillis(1), Duration.ofMillis(5));

    @TempDir Path dir;

    private JsonPlaceholderServer server;
    private HttpSession http;

    @BeforeEach
    void start() {
        server = JsonPlaceholderServer.start();
        http = HttpSession.builder().baseUri(server.baseUri()).retry(FAST).build();
    }

    @AfterEach
    void stop() {
        http.close();
        server.close();
    }

    private JsonNode echo(HttpCall call) throws IOException {
        return JSON.readTree(call.text());
    }

    @Test
    void fileIsStreamedWithItsLength() throws Exception {
        Path file = dir.resolve("data.bin");
        Files.writeString(file, "x".repeat(100_000));
        JsonNode e = echo(http.put("/faults/echo").body(file, "application/octet-stream"));
        assertEquals(100_000, e.get("body").asText().length());
        assertEquals("100000", e.get("headers").get("content-length").asText());
        assertEquals("application/octet-stream", e.get("headers").get("content-type").asText());
    }

    @Test
    void missingFileIsRefusedAtOnce() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> http.put("/faults/echo").body(dir.resolve("nope"), "text/plain"));
        assertTrue(e.getMessage().startsWith("file "), e.getMessage());
    }

    @Test
    void streamOfUnknownLengthIsSentChunkedAndClosed() throws Exception {
        Closing in = new Closing("streamed body".getBytes(StandardCharsets.UTF_8));
        JsonNode e = echo(http.post("/faults/echo").body(in, "text/plain"));
        assertEquals("streamed body", e.get("body").asText());
        assertEquals("chunked", e.get("headers").get("transfer-encoding").asText());
        assertTrue(in.closed.get(), "the call closes the stream it owns");
    }

    @Test
    void streamWithADeclaredLengthMustHoldExactlyThat() throws Exception {
        JsonNode e =
                echo(
                        http.post("/faults/echo")
                                .body(new ByteArrayInputStream(new byte[10]), 10, "a/b"));
        assertEquals("10", e.get("headers").get("content-length").asText());
        HttpTransportException shorter =
                assertThrows(
                        HttpTransportException.class,
                        () ->
                                http.post("/faults/echo")
                                        .body(new ByteArrayInputStream(new byte[5]), 10, "a/b")
                                        .text());
        assertTrue(
                shorter.getMessage().contains("ended after 5 of its 10 bytes"),
                shorter.getMessage());
    }

    @Test
    void readStreamIsNeverRetried() {
        Closing in = new Closing("once".getBytes(StandardCharsets.UTF_8));
        assertThrows(
                HttpStatusException.class,
                () ->
                        http.put("/faults/flaky?key=stream&failures=1")
                                .body(in, "text/plain")
                                .text());
        assertEquals(
                1,
                server.recordedRequests().stream()
                        .filter(r -> r.path().equals("/faults/flaky"))
                        .count(),
                "the stream was read by the first attempt: a PUT is idempotent, but it is not sent again");
        assertTrue(in.closed.get());
    }

    @Test
    void replayableBodiesAreRetried() throws Exception {
        Path file = dir.resolve("data.txt");
        Files.writeString(file, "again");
        assertEquals(
                200,
                http.put("/faults/flaky?key=file&failures=1")
                        .body(file, "text/plain")
                        .discard()
                        .status());
        assertEquals(
                2,
                server.recordedRequests().stream()
                        .filter(r -> r.path().equals("/faults/flaky"))
                        .count());
    }

    @Test
    void untouchedStreamIsRetriedAfterARefusedConnect() {
        try (HttpSession refused =
                HttpSession.builder()
                        .baseUri("http://127.0.0.1:1/")
                        .retry(FAST)
                        .listener(e -> events.put("retries", e.retries()))
                        .build()) {
            HttpConnectException e =
                    assertThrows(
                            HttpConnectException.class,
                            () -> refused.post("/x").body(new Closing(new byte[3]), "a/b").text());
            assertEquals(3, e.attempts(), "not a byte was read, so connecting again is safe");
        }
    }

    private final Map<String, Integer> events = new java.util.concurrent.ConcurrentHashMap<>();

    @Test
    void streamIsNotResentToA307Redirect() {
        HttpRedirectException e =
                assertThrows(
                        HttpRedirectException.class,
                        () ->
                                http.post("/faults/redirect-to?status=307&location=/faults/echo")
                                        .body(new Closing(new byte[3]), "a/b")
                                        .text());
        assertTrue(
                e.getMessage().contains("cannot resend the streamed request body"), e.getMessage());
    }

    @Test
    void formIsUrlEncoded() throws Exception {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("name", "Ada Lovelace");
        fields.put("lang", "en&fr");
        JsonNode e = echo(http.post("/faults/echo").form(fields));
        assertEquals("name=Ada+Lovelace&lang=en%26fr", e.get("body").asText());
        assertEquals(
                "application/x-www-form-urlencoded", e.get("headers").get("content-type").asText());
    }

    @Test
    void multipartCarriesFieldsAndFiles() throws Exception {
        Path file = dir.resolve("notes.txt");
        Files.writeString(file, "file content");
        HttpMultipart form =
                HttpMultipart.builder()
                        .field("title", "report")
                        .file("attachment", file, "text/plain")
                        .bytes("raw", "raw.bin", new byte[] {'r'}, "application/octet-stream")
                        .build();
        JsonNode e = echo(http.post("/faults/echo").multipart(form));
        String body = e.get("body").asText();
        String type = e.get("headers").get("content-type").asText();
        assertTrue(type.startsWith("multipart/form-data; boundary="), type);
        String boundary = type.substring(type.indexOf('=') + 1);
        assertTrue(body.contains("Content-Disposition: form-data; name=\"title\"\r\n"), body);
        assertTrue(
                body.contains(
                        "name=\"attachment\"; filename=\"notes.txt\"\r\nContent-Type: text/plain\r\n\r\nfile content\r\n"),
                body);
        assertTrue(body.endsWith("--" + boundary + "--\r\n"), body);
        assertEquals(
                String.valueOf(body.getBytes(StandardCharsets.UTF_8).length),
                e.get("headers").get("content-length").asText(),
                "every part has a known size: the length is announced");
    }

    @Test
    void multipartWithAStreamIsChunked() throws Exception {
        HttpMultipart form =
                HttpMultipart.builder().stream(
                                "upload",
                                "u.bin",
                                new Closing("abc".getBytes(StandardCharsets.UTF_8)),
                                "application/octet-stream")
                        .build();
        JsonNode e = echo(http.post("/faults/echo").multipart(form));
        assertEquals("chunked", e.get("headers").get("transfer-encoding").asText());
        assertTrue(e.get("body").asText().contains("\r\n\r\nabc\r\n"));
    }

    @Test
    void uploadThatTheServerNeverReadsTimesOut() throws Exception {
        // A server that accepts the connection and never reads: the socket buffers fill, the write
        // blocks.
        try (java.net.ServerSocket deaf =
                        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                HttpSession short_ =
                        HttpSession.builder()
                                .retry(HttpRetry.none())
                                .timeouts(
                                        HttpTimeouts.defaults().withHeaders(Duration.ofMillis(500)))
                                .build()) {
            java.util.concurrent.CountDownLatch testOver =
                    new java.util.concurrent.CountDownLatch(1);
            Thread acceptor =
                    Thread.ofVirtual()
                            .start(
                                    () -> {
                                        try (java.net.Socket s = deaf.accept()) {
                                            s.setReceiveBufferSize(4096);
                                            testOver.await(); // holds the connection open without
                                            // reading a byte
                                        } catch (IOException | InterruptedException e) {
                                            // the test is over
                                        }
                                    });
            InputStream endless =
                    new InputStream() {
                        @Override
                        public int read() {
                            return 0;
                        }

                        @Override
                        public int read(byte[] b, int off, int len) {
                            java.util.Arrays.fill(b, off, off + len, (byte) 0);
                            return len;
                        }
                    };
            HttpCallTimeoutException e =
                    assertThrows(
                            HttpCallTimeoutException.class,
                            () ->
                                    short_.post(
                                                    "http://127.0.0.1:"
                                                            + deaf.getLocalPort()
                                                            + "/upload")
                                            .body(endless, "a/b")
                                            .text());
            assertEquals(HttpPhase.HEADERS, e.phase());
            testOver.countDown();
            acceptor.join();
        }
    }

    /** A stream that records being closed. */
    static final class Closing extends InputStream {
        private final InputStream in;
        final AtomicBoolean closed = new AtomicBoolean();

        Closing(byte[] bytes) {
            this.in = new ByteArrayInputStream(bytes);
        }

        @Override
        public int read() throws IOException {
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return in.read(b, off, len);
        }

        @Override
        public void close() {
            closed.set(true);
        }
    }
}
