package dev.weft.io.net;

import static dev.weft.io.net.TcpCancellationTest.awaitBlocked;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

import dev.weft.CancelledException;
import dev.weft.Scope;
import dev.weft.Task;
import dev.weft.Weft;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

/**
 * The server: readiness, many clients, the connection limit, failure policies, back-pressure,
 * cancellation.
 */
@Timeout(120)
@ExtendWith(SocketLeakCheck.class)
class TcpServerTest {

    static void echo(TcpConnection conn) throws IOException {
        for (String line; (line = conn.readLine()) != null; ) {
            conn.writeLine(line);
        }
    }

    @Test
    void manyConcurrentClientsAreEachServedByTheirOwnTask() {
        int clients = 200;
        int rounds = 20;
        Weft.run(
                () -> {
                    TcpServer server = TcpServer.builder().start(TcpServerTest::echo);
                    assertTrue(server.port() > 0, "the port is known as soon as start returns");
                    List<Integer> ok =
                            Weft.map(
                                    IntStream.range(0, clients).boxed().toList(),
                                    clients,
                                    c -> {
                                        try (TcpConnection conn =
                                                TcpConnection.open("127.0.0.1", server.port())) {
                                            for (int r = 0; r < rounds; r++) {
                                                String msg = "client " + c + " round " + r;
                                                conn.writeLine(msg);
                                                assertEquals(msg, conn.readLine());
                                            }
                                        }
                                        return 1;
                                    });
                    assertEquals(clients, ok.stream().mapToInt(Integer::intValue).sum());
                    server.close();
                    assertEquals(clients, server.acceptedConnections());
                    assertEquals(0, server.activeConnections());
                    assertTrue(server.isStopped());
                });
    }

    @Test
    void theConnectionLimitHoldsFurtherClientsInTheBacklogUntilOneEnds() throws Exception {
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger maxInside = new AtomicInteger();
        LinkedBlockingQueue<CountDownLatch> releases = new LinkedBlockingQueue<>();
        Set<String> served = ConcurrentHashMap.newKeySet();
        Weft.run(
                () -> {
                    TcpServer server =
                            TcpServer.builder()
                                    .maxConnections(2)
                                    .start(
                                            conn -> {
                                                maxInside.accumulateAndGet(
                                                        inside.incrementAndGet(), Math::max);
                                                try {
                                                    served.add(conn.readLine());
                                                    CountDownLatch release = new CountDownLatch(1);
                                                    releases.add(release);
                                                    release.await();
                                                } finally {
                                                    inside.decrementAndGet();
                                                }
                                            });
                    TcpConnection a = TcpConnection.open("127.0.0.1", server.port());
                    TcpConnection b = TcpConnection.open("127.0.0.1", server.port());
                    TcpConnection c =
                            TcpConnection.open(
                                    "127.0.0.1", server.port()); // TCP accepts it: the backlog
                    for (TcpConnection conn : List.of(a, b, c)) {
                        conn.writeLine(conn.localAddress().orElseThrow().toString());
                    }
                    CountDownLatch first = releases.take();
                    CountDownLatch second =
                            releases.take(); // two handlers are inside, holding both permits
                    assertEquals(2, inside.get());
                    first.countDown(); // one ends, which lets the third in
                    CountDownLatch third = releases.take();
                    second.countDown();
                    third.countDown();
                    for (TcpConnection conn : List.of(a, b, c)) {
                        conn.close();
                    }
                    server.close();
                    assertEquals(3, served.size(), "every client was served in the end");
                });
        assertEquals(2, maxInside.get(), "never more than two handlers at once");
    }

    @Test
    void aClientThatVanishesMidFrameIsReportedAndTheServerGoesOn() throws Exception {
        LinkedBlockingQueue<Throwable> failures = new LinkedBlockingQueue<>();
        AtomicReference<InetSocketAddress> failedPeer = new AtomicReference<>();
        Weft.run(
                () -> {
                    TcpServer server =
                            TcpServer.builder()
                                    .onHandlerFailure(
                                            HandlerFailurePolicy.report(
                                                    (peer, e) -> {
                                                        failedPeer.set(peer);
                                                        failures.add(e);
                                                    }))
                                    .start(
                                            conn -> {
                                                for (byte[] frame;
                                                        (frame = conn.readFrame()) != null; ) {
                                                    conn.writeFrame(frame);
                                                }
                                            });
                    int vanishingPort;
                    try (Socket raw = new Socket("127.0.0.1", server.port())) {
                        vanishingPort = raw.getLocalPort();
                        raw.getOutputStream()
                                .write(new byte[] {0, 0, 0, 100, 1, 2, 3}); // 3 of 100 bytes
                    }
                    Throwable f = failures.take();
                    IncompleteReadException e = assertInstanceOf(IncompleteReadException.class, f);
                    assertEquals(100, e.expected());
                    assertEquals(3, e.partial().length);
                    assertEquals(vanishingPort, failedPeer.get().getPort());
                    try (TcpConnection conn = TcpConnection.open("127.0.0.1", server.port())) {
                        conn.writeFrame(new byte[] {42});
                        assertEquals(42, conn.readFrame()[0], "the server still serves");
                    }
                    server.close();
                });
    }

    @Test
    void theDefaultPolicyLogsAFailureWithThePeerAndGoesOn() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(TcpServer.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        Level before = logger.getLevel();
        logger.setLevel(Level.INFO);
        logger.setAdditive(false); // keep the expected stack trace out of the build log
        try {
            Weft.run(
                    () -> {
                        CountDownLatch failed = new CountDownLatch(1);
                        TcpServer server =
                                TcpServer.builder()
                                        .start(
                                                conn -> {
                                                    try {
                                                        if ("fail".equals(conn.readLine())) {
                                                            throw new IllegalStateException(
                                                                    "handler says no");
                                                        }
                                                        conn.writeLine("fine");
                                                    } finally {
                                                        failed.countDown();
                                                    }
                                                });
                        try (TcpConnection conn = TcpConnection.open("127.0.0.1", server.port())) {
                            conn.writeLine("fail");
                            assertEquals(null, conn.readLine(), "the failed connection is closed");
                        }
                        try (TcpConnection conn = TcpConnection.open("127.0.0.1", server.port())) {
                            conn.writeLine("ok");
                            assertEquals("fine", conn.readLine());
                        }
                        server.close();
                    });
        } finally {
            logger.detachAppender(appender);
            logger.setLevel(before);
            logger.setAdditive(true);
        }
        List<ILoggingEvent> warns =
                appender.list.stream().filter(e -> e.getLevel() == Level.WARN).toList();
        assertEquals(1, warns.size(), "one line per failure: " + appender.list);
        assertTrue(
                warns.get(0).getFormattedMessage().contains("handler for 127.0.0.1:"),
                warns.get(0).getFormattedMessage());
        assertEquals("handler says no", warns.get(0).getThrowableProxy().getMessage());
    }

    @Test
    void stopServerPolicyEndsTheServerOnTheFirstFailureAndCancelsTheOthers() throws Exception {
        AtomicReference<Throwable> otherEnded = new AtomicReference<>();
        CountDownLatch otherReading = new CountDownLatch(1);
        AtomicReference<TcpServer> serverRef = new AtomicReference<>();
        IllegalStateException e =
                assertThrows(
                        IllegalStateException.class,
                        () ->
                                Weft.run(
                                        () -> {
                                            TcpServer server =
                                                    TcpServer.builder()
                                                            .onHandlerFailure(
                                                                    HandlerFailurePolicy
                                                                            .stopServer())
                                                            .start(
                                                                    conn -> {
                                                                        String first =
                                                                                conn.readLine();
                                                                        if ("boom".equals(first)) {
                                                                            throw new IllegalStateException(
                                                                                    "boom");
                                                                        }
                                                                        otherReading.countDown();
                                                                        try {
                                                                            conn.readLine();
                                                                        } catch (Throwable t) {
                                                                            otherEnded.set(t);
                                                                            throw t;
                                                                        }
                                                                    });
                                            serverRef.set(server);
                                            try (TcpConnection other =
                                                            TcpConnection.open(
                                                                    "127.0.0.1", server.port());
                                                    TcpConnection bad =
                                                            TcpConnection.open(
                                                                    "127.0.0.1", server.port())) {
                                                other.writeLine("hello");
                                                otherReading.await();
                                                bad.writeLine("boom");
                                                IllegalStateException joined =
                                                        assertThrows(
                                                                IllegalStateException.class,
                                                                server::join);
                                                assertEquals("boom", joined.getMessage());
                                                assertEquals(
                                                        null,
                                                        other.readLine(),
                                                        "the other connection was closed by the stop");
                                            }
                                        }));
        assertEquals("boom", e.getMessage(), "the server's task failed, so its scope did");
        assertInstanceOf(CancelledException.class, otherEnded.get());
        assertEquals(0, serverRef.get().activeConnections());
        assertThrows(
                ConnectException.class,
                () -> TcpConnection.open("127.0.0.1", serverRef.get().port()));
    }

    @Test
    void aSlowReaderHoldsTheWriterBackInsteadOfFillingMemory() throws Exception {
        AtomicLong written = new AtomicLong();
        AtomicReference<Thread> writer = new AtomicReference<>();
        CountDownLatch writing = new CountDownLatch(1);
        LinkedBlockingQueue<Throwable> failures = new LinkedBlockingQueue<>();
        long bound = 32L << 20; // socket buffers on loopback autotune to a few MiB at most
        Weft.run(
                () -> {
                    TcpServer server =
                            TcpServer.builder()
                                    .onHandlerFailure(
                                            HandlerFailurePolicy.report((p, e) -> failures.add(e)))
                                    .start(
                                            conn -> {
                                                writer.set(Thread.currentThread());
                                                writing.countDown();
                                                byte[] chunk = new byte[64 * 1024];
                                                while (true) {
                                                    conn.write(chunk);
                                                    written.addAndGet(chunk.length);
                                                }
                                            });
                    try (TcpConnection client = TcpConnection.open("127.0.0.1", server.port())) {
                        writing.await();
                        awaitBlocked(writer.get()); // the writer parks: the buffers are full
                        long parkedAt = written.get();
                        assertTrue(
                                parkedAt < bound,
                                "the writer stopped after " + parkedAt + " bytes");
                        long read = 0;
                        byte[] buf = new byte[8192];
                        while (read < 64L << 20) {
                            int n = client.read(buf, 0, buf.length);
                            read += n;
                            assertTrue(
                                    written.get() - read < bound,
                                    "in flight: " + (written.get() - read));
                        }
                    }
                    Throwable f = failures.take(); // the writer fails once the reader is gone
                    assertInstanceOf(IOException.class, f);
                    server.close();
                });
    }

    @Test
    void cancellingTheServersScopeCancelsTheAcceptAndClosesEverything() throws Exception {
        CountDownLatch inHandler = new CountDownLatch(1);
        AtomicReference<Throwable> handlerEnd = new AtomicReference<>();
        TcpServer server;
        try (Scope scope = Scope.open()) {
            server =
                    TcpServer.builder()
                            .start(
                                    conn -> {
                                        inHandler.countDown();
                                        try {
                                            conn.readLine();
                                        } catch (Throwable t) {
                                            handlerEnd.set(t);
                                            throw t;
                                        }
                                    });
            TcpConnection client = TcpConnection.open("127.0.0.1", server.port());
            inHandler.await();
            scope.cancel("test stops everything");
            scope.join();
            assertEquals(null, client.readLine(), "the server's side was closed");
            client.close();
        }
        assertTrue(server.isStopped());
        assertInstanceOf(CancelledException.class, handlerEnd.get());
        assertThrows(CancelledException.class, server::join);
        assertEquals(0, server.activeConnections());
        TcpServer stopped = server;
        assertThrows(
                ConnectException.class,
                () -> TcpConnection.open("127.0.0.1", stopped.port()),
                "the listening socket is closed");
        server.close(); // idempotent on a cancelled server; does not throw the cancellation
    }

    @Test
    void anAcceptWaitingForAConnectionPermitIsCancelledToo() throws Exception {
        CountDownLatch inHandler = new CountDownLatch(1);
        try (Scope scope = Scope.open()) {
            TcpServer server =
                    TcpServer.builder()
                            .maxConnections(1)
                            .start(
                                    conn -> {
                                        inHandler.countDown();
                                        conn.readLine();
                                    });
            try (TcpConnection first = TcpConnection.open("127.0.0.1", server.port());
                    TcpConnection waiting = TcpConnection.open("127.0.0.1", server.port())) {
                inHandler.await();
                assertEquals(1, server.activeConnections());
                scope.cancel("test");
                scope.join();
                assertEquals(null, first.readLine());
                assertTrue(
                        waiting.readLine() == null || !waiting.isOpen(),
                        "the waiting client was refused");
            } catch (java.net.SocketException reset) {
                // The unaccepted client may see a reset instead of an end of stream.
            }
            assertTrue(server.isStopped());
            assertEquals(1, server.acceptedConnections());
        }
    }

    @Test
    void startOutsideEveryScopeFailsAndLeavesNoSocket() {
        IllegalStateException e =
                assertThrows(
                        IllegalStateException.class,
                        () -> TcpServer.builder().start(TcpServerTest::echo));
        assertTrue(
                e.getMessage().contains("TcpServer.start") && e.getMessage().contains("Weft.run"),
                e.getMessage());
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aHandlerThatClosesItsOwnServerStopsItWithoutWaitingForItself() throws Exception {
        // A "SHUTDOWN" command: the server waits for its handlers, so close() there cannot wait.
        AtomicReference<TcpServer> self = new AtomicReference<>();
        CountDownLatch closeReturned = new CountDownLatch(1);
        AtomicReference<Throwable> joinFromHandler = new AtomicReference<>();
        Weft.run(
                () -> {
                    TcpServer server =
                            TcpServer.builder()
                                    .shutdownGrace(Duration.ofDays(1))
                                    .start(
                                            conn -> {
                                                if ("SHUTDOWN".equals(conn.readLine())) {
                                                    joinFromHandler.set(
                                                            assertThrows(
                                                                    IllegalStateException.class,
                                                                    () -> self.get().join()));
                                                    self.get().close();
                                                    closeReturned.countDown();
                                                    conn.writeLine("BYE");
                                                }
                                            });
                    self.set(server);
                    try (TcpConnection client = TcpConnection.open("127.0.0.1", server.port())) {
                        client.writeLine("SHUTDOWN");
                        assertEquals("BYE", client.readLine(), "the handler went on after close()");
                    }
                    server.join();
                    assertTrue(server.isStopped());
                    assertThrows(
                            ConnectException.class,
                            () -> TcpConnection.open("127.0.0.1", server.port()));
                });
        assertEquals(0, closeReturned.getCount());
        assertTrue(
                joinFromHandler.get().getMessage().contains("would wait for itself"),
                joinFromHandler.get().getMessage());
    }

    @Test
    void aPortInUseFailsAtStart() {
        Weft.run(
                () -> {
                    TcpServer first = TcpServer.builder().start(TcpServerTest::echo);
                    assertThrows(
                            BindException.class,
                            () ->
                                    TcpServer.builder()
                                            .port(first.port())
                                            .start(TcpServerTest::echo));
                    first.close();
                });
    }

    @Test
    void badArgumentsAreNamed() {
        TcpServer.Builder b = TcpServer.builder();
        assertTrue(
                assertThrows(IllegalArgumentException.class, () -> b.port(-1))
                        .getMessage()
                        .contains("port"));
        assertTrue(
                assertThrows(IllegalArgumentException.class, () -> b.port(70000))
                        .getMessage()
                        .contains("port"));
        assertTrue(
                assertThrows(IllegalArgumentException.class, () -> b.maxConnections(0))
                        .getMessage()
                        .contains("max"));
        assertTrue(
                assertThrows(IllegalArgumentException.class, () -> b.backlog(0))
                        .getMessage()
                        .contains("backlog"));
        assertTrue(
                assertThrows(
                                IllegalArgumentException.class,
                                () -> b.shutdownGrace(Duration.ofSeconds(-1)))
                        .getMessage()
                        .contains("grace"));
        assertEquals(
                "policy",
                assertThrows(NullPointerException.class, () -> b.onHandlerFailure(null))
                        .getMessage());
        assertEquals(
                "handler",
                assertThrows(NullPointerException.class, () -> b.start(null)).getMessage());
        assertEquals(
                "sink",
                assertThrows(NullPointerException.class, () -> HandlerFailurePolicy.report(null))
                        .getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () ->
                        TcpServer.builder()
                                .sslParameters(new javax.net.ssl.SSLParameters())
                                .start(TcpServerTest::echo));
        Weft.run(
                () -> {
                    TcpServer server = TcpServer.builder().start(TcpServerTest::echo);
                    assertTrue(
                            assertThrows(
                                            IllegalArgumentException.class,
                                            () -> server.shutdown(Duration.ofMillis(-1)))
                                    .getMessage()
                                    .contains("grace"));
                    assertNotNull(server.toString());
                    server.close();
                });
    }

    @Test
    void joinOfACancelledCallerStopsWaitingButNotTheServer() throws Exception {
        Weft.run(
                () -> {
                    TcpServer server = TcpServer.builder().start(TcpServerTest::echo);
                    Task<Void> waiter = Weft.fork(server::join);
                    waiter.cancel();
                    assertThrows(CancelledException.class, waiter::join);
                    try (TcpConnection conn = TcpConnection.open("127.0.0.1", server.port())) {
                        conn.writeLine("still here");
                        assertEquals("still here", conn.readLine());
                    }
                    server.close();
                });
    }
}
