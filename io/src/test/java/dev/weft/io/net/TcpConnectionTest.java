package dev.weft.io.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The client's reading and writing helpers against a hand-driven peer. */
@Timeout(60)
@ExtendWith(SocketLeakCheck.class)
class TcpConnectionTest {

    @Test
    void linesEndWithLfOrCrLfAndTheLastMayBeUnterminated() throws Exception {
        try (RawPeer peer = new RawPeer();
                TcpConnection conn = TcpConnection.open("127.0.0.1", peer.port())) {
            peer.accept();
            peer.send("one\ntwo\r\n\nünïcødé\nlast");
            peer.shutdownOutput();
            assertEquals("one", conn.readLine());
            assertEquals("two", conn.readLine());
            assertEquals("", conn.readLine());
            assertEquals("ünïcødé", conn.readLine());
            assertEquals("last", conn.readLine());
            assertNull(conn.readLine(), "end of stream");
            assertNull(conn.readLine(), "still the end of stream");
        }
    }

    @Test
    void framesRoundTripAndEndCleanlyBetweenFrames() throws Exception {
        try (RawPeer peer = new RawPeer();
                TcpConnection conn = TcpConnection.open("localhost", peer.port())) {
            Socket s = peer.accept();
            byte[] big = new byte[200_000];
            for (int i = 0; i < big.length; i++) {
                big[i] = (byte) i;
            }
            conn.writeFrame("hi".getBytes(StandardCharsets.UTF_8));
            conn.writeFrame(new byte[0]);
            conn.writeFrame(big);
            byte[] received = s.getInputStream().readNBytes(4 + 2 + 4 + 4 + big.length);
            assertArrayEquals(
                    new byte[] {0, 0, 0, 2, 'h', 'i', 0, 0, 0, 0, 0, 3, 13, 64},
                    java.util.Arrays.copyOf(received, 14));
            peer.send(received);
            peer.shutdownOutput();
            assertArrayEquals("hi".getBytes(StandardCharsets.UTF_8), conn.readFrame());
            assertArrayEquals(new byte[0], conn.readFrame());
            assertArrayEquals(big, conn.readFrame());
            assertNull(conn.readFrame(), "clean end of stream between frames");
        }
    }

    @Test
    void aFrameCutShortIsAnIncompleteReadCarryingWhatArrived() throws Exception {
        try (RawPeer peer = new RawPeer();
                TcpConnection conn = TcpConnection.open("127.0.0.1", peer.port())) {
            peer.accept();
            peer.send(new byte[] {0, 0, 0, 10, 1, 2, 3});
            peer.shutdownOutput();
            IncompleteReadException e =
                    assertThrows(IncompleteReadException.class, conn::readFrame);
            assertEquals(10, e.expected());
            assertArrayEquals(new byte[] {1, 2, 3}, e.partial());
            assertTrue(e.getMessage().contains("3 of 10"), e.getMessage());
        }
        try (RawPeer peer = new RawPeer();
                TcpConnection conn = TcpConnection.open("127.0.0.1", peer.port())) {
            peer.accept();
            peer.send(new byte[] {0, 0});
            peer.shutdownOutput();
            IncompleteReadException e =
                    assertThrows(IncompleteReadException.class, conn::readFrame);
            assertEquals(4, e.expected(), "the header was cut short");
            assertArrayEquals(new byte[] {0, 0}, e.partial());
        }
    }

    @Test
    void readExactlyWaitsForEveryByteAndReportsAShortStream() throws Exception {
        try (RawPeer peer = new RawPeer();
                TcpConnection conn = TcpConnection.open("127.0.0.1", peer.port())) {
            peer.accept();
            peer.send("abcdefgh");
            assertArrayEquals("abc".getBytes(StandardCharsets.US_ASCII), conn.readExactly(3));
            assertArrayEquals(new byte[0], conn.readExactly(0));
            peer.shutdownOutput();
            IncompleteReadException e =
                    assertThrows(IncompleteReadException.class, () -> conn.readExactly(10));
            assertArrayEquals("defgh".getBytes(StandardCharsets.US_ASCII), e.partial());
            assertEquals(10, e.expected());
            assertThrows(IllegalArgumentException.class, () -> conn.readExactly(-1));
        }
    }

    @Test
    void anOverlongLineIsRefusedAndNothingIsConsumed() throws Exception {
        try (RawPeer peer = new RawPeer();
                TcpConnection conn =
                        TcpConnection.builder("127.0.0.1", peer.port()).maxLineLength(10).open()) {
            peer.accept();
            peer.send("0123456789\nthis line is longer than ten bytes\n");
            assertEquals("0123456789", conn.readLine(), "exactly at the limit is fine");
            LimitOverrunException e = assertThrows(LimitOverrunException.class, conn::readLine);
            assertEquals(10, e.limit());
            assertThrows(
                    LimitOverrunException.class,
                    conn::readLine,
                    "still there: nothing was consumed");
            assertArrayEquals("this line".getBytes(StandardCharsets.US_ASCII), conn.readExactly(9));
        }
    }

    @Test
    void anEndlessLineFailsWithoutBufferingMoreThanTheLimit() throws Exception {
        try (RawPeer peer = new RawPeer();
                TcpConnection conn =
                        TcpConnection.builder("127.0.0.1", peer.port())
                                .maxLineLength(1000)
                                .open()) {
            peer.accept();
            peer.send(new byte[100_000]); // no line end at all
            assertThrows(LimitOverrunException.class, conn::readLine);
            assertTrue(
                    conn.stream().buffered() < 100_000, "the reader stopped filling at the limit");
        }
    }

    @Test
    void anOversizedFrameHeaderIsRefusedAndAnOversizedWriteIsBadInput() throws Exception {
        try (RawPeer peer = new RawPeer();
                TcpConnection conn =
                        TcpConnection.builder("127.0.0.1", peer.port())
                                .maxFrameLength(100)
                                .open()) {
            peer.accept();
            peer.send(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
            LimitOverrunException e = assertThrows(LimitOverrunException.class, conn::readFrame);
            assertTrue(
                    e.getMessage().contains("4294967295"), "an unsigned length: " + e.getMessage());
            assertEquals(4, conn.stream().buffered(), "the header is not consumed");
            IllegalArgumentException w =
                    assertThrows(
                            IllegalArgumentException.class, () -> conn.writeFrame(new byte[101]));
            assertTrue(w.getMessage().contains("101"), w.getMessage());
        }
    }

    @Test
    void writeLineRefusesAnEmbeddedLineFeed() throws Exception {
        try (RawPeer peer = new RawPeer()) {
            TcpConnection conn = TcpConnection.open("127.0.0.1", peer.port());
            Socket s = peer.accept();
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> conn.writeLine("a\nb"));
            assertTrue(e.getMessage().contains("line"), e.getMessage());
            conn.writeLine("ok\r");
            conn.close();
            assertEquals(
                    "ok\r\n",
                    new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                    "nothing of the refused line was sent");
        }
    }

    @Test
    void concurrentWritersNeverInterleaveTheirLines() throws Exception {
        try (RawPeer peer = new RawPeer();
                TcpConnection conn = TcpConnection.open("127.0.0.1", peer.port())) {
            Socket s = peer.accept();
            int writers = 8;
            int lines = 200;
            String filler = "x".repeat(5000);
            List<String> received = new ArrayList<>();
            dev.weft.Weft.run(
                    () -> {
                        dev.weft.Task<byte[]> all =
                                dev.weft.Weft.fork(
                                        () ->
                                                s.getInputStream()
                                                        .readNBytes(
                                                                writers
                                                                        * lines
                                                                        * (filler.length() + 3)));
                        dev.weft.Weft.forEach(
                                java.util.stream.IntStream.range(0, writers).boxed().toList(),
                                writers,
                                w -> {
                                    for (int i = 0; i < lines; i++) {
                                        conn.writeLine(w + ":" + filler);
                                    }
                                });
                        for (String line :
                                new String(all.join(), StandardCharsets.UTF_8).split("\n")) {
                            received.add(line);
                        }
                    });
            assertEquals(writers * lines, received.size());
            for (String line : received) {
                assertTrue(
                        line.matches("[0-7]:x{5000}"),
                        "an intact line, not " + line.length() + " chars");
            }
        }
    }

    @Test
    void halfCloseLetsThePeerAnswerAfterTheEndOfTheRequest() throws Exception {
        try (RawPeer peer = new RawPeer();
                TcpConnection conn = TcpConnection.open("127.0.0.1", peer.port())) {
            Socket s = peer.accept();
            conn.write("request".getBytes(StandardCharsets.UTF_8));
            conn.shutdownOutput();
            byte[] request = s.getInputStream().readAllBytes(); // ends because of the half-close
            assertEquals("request", new String(request, StandardCharsets.UTF_8));
            peer.send("answer\n");
            assertEquals("answer", conn.readLine());
        }
    }

    @Test
    void streamViewsShareTheBufferWithTheMessageReaders() throws Exception {
        try (RawPeer peer = new RawPeer();
                TcpConnection conn = TcpConnection.open("127.0.0.1", peer.port())) {
            Socket s = peer.accept();
            peer.send("header\nbody-bytes");
            peer.shutdownOutput();
            assertEquals("header", conn.readLine());
            ByteArrayOutputStream rest = new ByteArrayOutputStream();
            conn.inputStream().transferTo(rest);
            assertEquals("body-bytes", rest.toString(StandardCharsets.UTF_8));
            conn.outputStream().write('!');
            conn.outputStream().write("?".getBytes(StandardCharsets.UTF_8));
            conn.outputStream().close();
            assertFalse(conn.isOpen(), "closing the view closes the connection");
            assertEquals(
                    "!?", new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void addressesAreReportedAndCallsAfterCloseFailClearly() throws Exception {
        try (RawPeer peer = new RawPeer()) {
            TcpConnection conn = TcpConnection.open("127.0.0.1", peer.port());
            peer.accept();
            assertEquals(peer.port(), conn.remoteAddress().getPort());
            assertTrue(conn.localAddress().orElseThrow().getAddress().isLoopbackAddress());
            assertTrue(conn.tlsSession().isEmpty());
            assertTrue(conn.toString().contains("127.0.0.1:" + peer.port()), conn.toString());
            conn.close();
            conn.close(); // idempotent
            assertFalse(conn.isOpen());
            java.net.SocketException e =
                    assertThrows(java.net.SocketException.class, conn::readLine);
            assertTrue(e.getMessage().contains("closed"), e.getMessage());
            assertThrows(java.net.SocketException.class, () -> conn.writeLine("x"));
            assertEquals(peer.port(), conn.remoteAddress().getPort(), "still known after close");
            assertTrue(conn.localAddress().isEmpty());
        }
    }

    @Test
    void aRefusedConnectionNamesHostPortAndAddress() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        ConnectException e =
                assertThrows(ConnectException.class, () -> TcpConnection.open("127.0.0.1", port));
        assertTrue(e.getMessage().contains("127.0.0.1:" + port), e.getMessage());
        assertTrue(e.getMessage().contains("refused"), e.getMessage());
    }

    @Test
    void anUnknownHostIsReportedAsSuch() {
        assertThrows(
                java.net.UnknownHostException.class,
                () -> TcpConnection.open("no-such-host.invalid", 80));
    }

    @Test
    void aConnectThatHangsEndsAtTheConnectTimeout() throws Exception {
        // A listener that never accepts, with its backlog full: Linux then drops further SYNs,
        // so a connect hangs (retrying SYNs) instead of being refused.
        try (ServerSocket full = new ServerSocket()) {
            full.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
            List<Socket> fillers = new ArrayList<>();
            try {
                boolean hangs = false;
                for (int i = 0; i < 20 && !hangs; i++) {
                    Socket f = new Socket();
                    fillers.add(f);
                    try {
                        f.connect(full.getLocalSocketAddress(), 200);
                    } catch (SocketTimeoutException t) {
                        hangs = true;
                    }
                }
                assertTrue(hangs, "the backlog filled up");
                SocketTimeoutException e =
                        assertThrows(
                                SocketTimeoutException.class,
                                () ->
                                        TcpConnection.builder("127.0.0.1", full.getLocalPort())
                                                .connectTimeout(Duration.ofMillis(300))
                                                .open());
                assertTrue(e.getMessage().contains("timed out after PT0.3S"), e.getMessage());
            } finally {
                for (Socket f : fillers) {
                    f.close();
                }
            }
        }
    }

    @Test
    void badArgumentsAreNamed() {
        assertEquals(
                "host",
                assertThrows(NullPointerException.class, () -> TcpConnection.open(null, 1))
                        .getMessage());
        assertTrue(
                assertThrows(IllegalArgumentException.class, () -> TcpConnection.open("h", 0))
                        .getMessage()
                        .contains("port"));
        assertTrue(
                assertThrows(IllegalArgumentException.class, () -> TcpConnection.open("h", 65536))
                        .getMessage()
                        .contains("port"));
        assertTrue(
                assertThrows(IllegalArgumentException.class, () -> TcpConnection.open(" ", 80))
                        .getMessage()
                        .contains("host"));
        TcpConnection.Builder b = TcpConnection.builder("h", 1);
        assertTrue(
                assertThrows(
                                IllegalArgumentException.class,
                                () -> b.connectTimeout(Duration.ofSeconds(-1)))
                        .getMessage()
                        .contains("timeout"));
        assertThrows(IllegalArgumentException.class, () -> b.maxLineLength(0));
        assertThrows(IllegalArgumentException.class, () -> b.maxFrameLength(-5));
        assertEquals(
                "context",
                assertThrows(NullPointerException.class, () -> b.sslContext(null)).getMessage());
    }
}
