package dev.weft.io.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.DeadlineExceededException;
import dev.weft.Weft;
import dev.weft.io.TestCa;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import javax.net.ssl.SSLContext;

/** The examples of docs/streams.md that are not in the samples, compiled and run. */
@Timeout(60)
@ExtendWith(SocketLeakCheck.class)
class NetDocExamplesTest {

    @Test
    void framesServerAndClient() {
        Weft.run(
                () -> {
                    // region frames
                    TcpServer server =
                            TcpServer.builder()
                                    .maxFrameLength(1 << 20)
                                    .start(
                                            conn -> {
                                                for (byte[] request;
                                                        (request = conn.readFrame())
                                                                != null; ) { // null: client done
                                                    conn.writeFrame(reverse(request));
                                                }
                                            });
                    try (TcpConnection conn =
                            TcpConnection.builder("127.0.0.1", server.port())
                                    .maxFrameLength(1 << 20)
                                    .open()) {
                        conn.writeFrame("abc".getBytes(StandardCharsets.UTF_8));
                        byte[] reply = conn.readFrame(); // "cba"
                        // endregion
                        assertArrayEquals("cba".getBytes(StandardCharsets.UTF_8), reply);
                    }
                    server.close();
                });
    }

    @Test
    void tlsServerAndClient() throws Exception {
        TestCa ca = TestCa.create("docs CA");
        SSLContext serverContext = ca.serverContext("localhost");
        SSLContext trustingMyCa = ca.trustingContext();
        Weft.run(
                () -> {
                    // region tls
                    TcpServer server =
                            TcpServer.builder()
                                    .sslContext(
                                            serverContext) // key managers: the server's certificate
                                    .tlsHandshakeTimeout(Duration.ofSeconds(5))
                                    .start(
                                            conn ->
                                                    conn.writeLine(
                                                            "hello over "
                                                                    + conn.tlsSession()
                                                                            .orElseThrow()
                                                                            .getProtocol()));

                    try (TcpConnection conn =
                            TcpConnection.builder("localhost", server.port())
                                    .sslContext(trustingMyCa) // trust managers: your private CA
                                    .connectTimeout(Duration.ofSeconds(3)) // connect + handshake
                                    .open()) {
                        String greeting = conn.readLine(); // "hello over TLSv1.3"
                        // endregion
                        assertEquals("hello over TLSv1.3", greeting);
                    }
                    server.close();
                });
    }

    @Test
    void aReadWithATimeout() {
        Weft.run(
                () -> {
                    TcpServer server =
                            TcpServer.builder().start(conn -> conn.readLine()); // never answers
                    try (TcpConnection conn = TcpConnection.open("127.0.0.1", server.port())) {
                        assertThrows(DeadlineExceededException.class, () -> readReply(conn));
                    }
                    server.close();
                });
    }

    // region read-timeout
    static String readReply(TcpConnection conn) {
        // asyncio: await asyncio.wait_for(reader.readline(), 2)
        return Weft.withTimeout(Duration.ofSeconds(2), conn::readLine);
        // on expiry: DeadlineExceededException, and the connection is closed
    }

    // endregion

    static byte[] reverse(byte[] b) throws IOException {
        byte[] r = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            r[i] = b[b.length - 1 - i];
        }
        return r;
    }
}
