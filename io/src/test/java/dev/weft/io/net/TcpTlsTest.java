package dev.weft.io.net;

import static dev.weft.io.net.TcpCancellationTest.awaitBlocked;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

import dev.weft.CancelledException;
import dev.weft.DeadlineExceededException;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.io.TestCa;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;

/** TLS end to end with a CA made by the test: verification, host names, cancellation, closing. */
@Timeout(120)
@ExtendWith(SocketLeakCheck.class)
class TcpTlsTest {
    private static TestCa ca;
    private static SSLContext server;
    private static SSLContext client;

    @BeforeAll
    static void makeCa() throws Exception {
        ca = TestCa.create("Weft Test CA");
        server = ca.serverContext("localhost", "127.0.0.1");
        client = ca.trustingContext();
    }

    @Test
    void aClientTrustingTheCaTalksToTheServer() {
        Weft.run(
                () -> {
                    TcpServer srv =
                            TcpServer.builder().sslContext(server).start(TcpServerTest::echo);
                    for (String host : new String[] {"localhost", "127.0.0.1"}) {
                        try (TcpConnection conn =
                                TcpConnection.builder(host, srv.port()).sslContext(client).open()) {
                            conn.writeLine("secret to " + host);
                            assertEquals("secret to " + host, conn.readLine());
                            assertEquals("TLSv1.3", conn.tlsSession().orElseThrow().getProtocol());
                            assertTrue(conn.toString().contains("TLS"));
                        }
                    }
                    srv.close();
                });
    }

    @Test
    void aCertificateFromAnotherCaIsRefused() throws Exception {
        SSLContext strangers =
                TestCa.create("Some Other CA").serverContext("localhost", "127.0.0.1");
        Weft.run(
                () -> {
                    TcpServer srv =
                            TcpServer.builder().sslContext(strangers).start(TcpServerTest::echo);
                    SSLHandshakeException e =
                            assertThrows(
                                    SSLHandshakeException.class,
                                    () ->
                                            TcpConnection.builder("localhost", srv.port())
                                                    .sslContext(client)
                                                    .open());
                    assertTrue(
                            e.getMessage().contains("PKIX")
                                    || e.getMessage().contains("certification path"),
                            e.getMessage());
                    assertThrows(
                            SSLHandshakeException.class,
                            () -> TcpConnection.builder("localhost", srv.port()).tls().open(),
                            "the JVM's default trust store does not know the test CA either");
                    srv.close();
                });
    }

    @Test
    void aHostNameTheCertificateDoesNotNameIsRefused() throws Exception {
        SSLContext otherName = ca.serverContext("other.test");
        Weft.run(
                () -> {
                    TcpServer srv =
                            TcpServer.builder().sslContext(otherName).start(TcpServerTest::echo);
                    SSLHandshakeException e =
                            assertThrows(
                                    SSLHandshakeException.class,
                                    () ->
                                            TcpConnection.builder("127.0.0.1", srv.port())
                                                    .sslContext(client)
                                                    .open());
                    assertTrue(e.getMessage().contains("127.0.0.1"), e.getMessage());
                    assertThrows(
                            SSLHandshakeException.class,
                            () ->
                                    TcpConnection.builder("localhost", srv.port())
                                            .sslContext(client)
                                            .sslParameters(new javax.net.ssl.SSLParameters())
                                            .open(),
                            "parameters without an endpoint identification algorithm keep host name checks on");
                    // The insecure switch warns; the warning is checked here instead of printed
                    // into the build log.
                    Logger log = (Logger) LoggerFactory.getLogger(TcpConnection.class);
                    ListAppender<ILoggingEvent> warnings = new ListAppender<>();
                    warnings.start();
                    log.addAppender(warnings);
                    log.setAdditive(false);
                    try (TcpConnection insecure =
                            TcpConnection.builder("127.0.0.1", srv.port())
                                    .insecureTrustAllCertificatesForTestsOnly()
                                    .open()) {
                        insecure.writeLine("anything goes");
                        assertEquals("anything goes", insecure.readLine());
                    } finally {
                        log.setAdditive(true);
                        log.detachAppender(warnings);
                    }
                    assertEquals(1, warnings.list.size(), warnings.list::toString);
                    assertEquals(Level.WARN, warnings.list.get(0).getLevel());
                    assertTrue(
                            warnings.list
                                    .get(0)
                                    .getFormattedMessage()
                                    .contains("TLS verification OFF"),
                            warnings.list.get(0)::getFormattedMessage);
                    srv.close();
                });
    }

    @Test
    void cancellingABlockedTlsReadWakesItOnAVirtualThread() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        Weft.run(
                () -> {
                    TcpServer srv =
                            TcpServer.builder()
                                    .sslContext(server)
                                    .start(
                                            conn -> {
                                                inside.countDown();
                                                conn.readLine();
                                            });
                    try (TcpConnection conn =
                            TcpConnection.builder("localhost", srv.port())
                                    .sslContext(client)
                                    .open()) {
                        AtomicReference<Thread> reader = new AtomicReference<>();
                        CountDownLatch reading = new CountDownLatch(1);
                        Task<String> t =
                                Weft.fork(
                                        () -> {
                                            reader.set(Thread.currentThread());
                                            reading.countDown();
                                            return conn.readLine();
                                        });
                        reading.await();
                        awaitBlocked(reader.get());
                        t.cancel();
                        assertThrows(CancelledException.class, t::join);
                        assertFalse(conn.isOpen());
                    }
                    srv.close();
                });
    }

    @Test
    void aTimedOutTlsReadWakesOnAPlatformThread() throws Exception {
        Weft.run(
                () -> {
                    CountDownLatch inside = new CountDownLatch(1);
                    TcpServer srv =
                            TcpServer.builder()
                                    .sslContext(server)
                                    .start(
                                            conn -> {
                                                inside.countDown();
                                                conn.readLine();
                                            });
                    Task<Void> platform =
                            Weft.fork(
                                    () -> {
                                        Thread t =
                                                Thread.ofPlatform()
                                                        .start(
                                                                () -> {
                                                                    try (TcpConnection conn =
                                                                            TcpConnection.builder(
                                                                                            "localhost",
                                                                                            srv
                                                                                                    .port())
                                                                                    .sslContext(
                                                                                            client)
                                                                                    .open()) {
                                                                        assertThrows(
                                                                                DeadlineExceededException
                                                                                        .class,
                                                                                () ->
                                                                                        Weft
                                                                                                .withTimeout(
                                                                                                        Duration
                                                                                                                .ofMillis(
                                                                                                                        200),
                                                                                                        conn
                                                                                                                ::readLine));
                                                                        assertFalse(conn.isOpen());
                                                                    } catch (
                                                                            java.io.IOException e) {
                                                                        throw new AssertionError(e);
                                                                    }
                                                                });
                                        t.join();
                                    });
                    platform.join();
                    srv.close();
                });
    }

    @Test
    void closeIsPromptWhileAnotherThreadIsBlockedWritingToAPeerThatDoesNotRead() throws Exception {
        // SSLSocket.close() would wait for the blocked writer's record lock forever.
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Weft.run(
                () -> {
                    TcpServer srv =
                            TcpServer.builder()
                                    .sslContext(server)
                                    .start(
                                            conn -> {
                                                inside.countDown();
                                                release.await(); // never reads
                                            });
                    TcpConnection conn =
                            TcpConnection.builder("localhost", srv.port())
                                    .sslContext(client)
                                    .open();
                    AtomicReference<Thread> writer = new AtomicReference<>();
                    Task<Throwable> t =
                            Weft.fork(
                                    () -> {
                                        writer.set(Thread.currentThread());
                                        byte[] chunk = new byte[1 << 16];
                                        try {
                                            while (true) {
                                                conn.write(chunk);
                                            }
                                        } catch (SocketException e) {
                                            return e;
                                        }
                                    });
                    inside.await();
                    while (writer.get() == null) {
                        Thread.onSpinWait();
                    }
                    awaitBlocked(writer.get());
                    conn.close();
                    Throwable woke = t.join();
                    assertTrue(
                            woke.getMessage().contains("closed while writing"), woke.getMessage());
                    release.countDown();
                    srv.close();
                });
    }

    @Test
    void aClosingServerSendsCloseNotifySoTheClientSeesACleanEnd() {
        Weft.run(
                () -> {
                    TcpServer srv =
                            TcpServer.builder()
                                    .sslContext(server)
                                    .start(conn -> conn.writeLine("bye"));
                    try (TcpConnection conn =
                            TcpConnection.builder("localhost", srv.port())
                                    .sslContext(client)
                                    .open()) {
                        assertEquals("bye", conn.readLine());
                        assertNull(conn.readLine(), "a clean end of stream, not an SSLException");
                    }
                    srv.close();
                });
    }

    @Test
    void aClientThatNeverHandshakesIsDroppedAfterTheHandshakeTimeout() throws Exception {
        AtomicInteger handled = new AtomicInteger();
        Weft.run(
                () -> {
                    TcpServer srv =
                            TcpServer.builder()
                                    .sslContext(server)
                                    .tlsHandshakeTimeout(Duration.ofMillis(200))
                                    .start(conn -> handled.incrementAndGet());
                    try (Socket silent = new Socket("127.0.0.1", srv.port())) {
                        assertEquals(-1, silent.getInputStream().read(), "the server hung up");
                    }
                    srv.close();
                });
        assertEquals(0, handled.get(), "the handler never ran");
    }

    @Test
    void cancellingAServerDuringAHandshakeClosesTheHalfOpenConnection() throws Exception {
        try (dev.weft.Scope scope = dev.weft.Scope.open()) {
            TcpServer srv = TcpServer.builder().sslContext(server).start(conn -> {});
            try (Socket silent = new Socket("127.0.0.1", srv.port())) {
                while (srv.activeConnections() == 0) {
                    Thread.onSpinWait();
                }
                scope.cancel("test");
                scope.join();
                assertEquals(-1, silent.getInputStream().read());
            }
            assertInstanceOf(
                    CancelledException.class, assertThrows(CancelledException.class, srv::join));
        }
    }
}
