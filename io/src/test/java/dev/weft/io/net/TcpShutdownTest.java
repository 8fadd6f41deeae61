package dev.weft.io.net;

import static dev.weft.io.net.TcpCancellationTest.awaitBlocked;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.CancelledException;
import dev.weft.Task;
import dev.weft.Weft;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/**
 * Graceful shutdown with connections in every state: idle in a read, in the middle of a frame,
 * blocked writing to a client that does not read, finishing its work, and not yet accepted. The
 * order of events comes from latches and from waiting until each handler's thread is parked.
 */
@Timeout(120)
@ExtendWith(SocketLeakCheck.class)
class TcpShutdownTest {

    @Test
    void shutdownStopsAcceptingLetsWorkFinishThenCancelsTheRest() throws Exception {
        Map<String, Thread> threads = new ConcurrentHashMap<>();
        Map<String, Object> endings = new ConcurrentHashMap<>();
        CountDownLatch allInside = new CountDownLatch(4);
        CountDownLatch finishWork = new CountDownLatch(1);
        Weft.run(
                () -> {
                    TcpServer server =
                            TcpServer.builder()
                                    .maxConnections(4)
                                    .start(
                                            conn -> {
                                                String role = conn.readLine();
                                                threads.put(role, Thread.currentThread());
                                                allInside.countDown();
                                                try {
                                                    switch (role) {
                                                        case "idle" -> conn.readLine();
                                                        case "mid-frame" -> conn.readFrame();
                                                        case "blocked-writer" -> {
                                                            byte[] chunk = new byte[1 << 20];
                                                            while (true) {
                                                                conn.write(chunk);
                                                            }
                                                        }
                                                        case "working" -> {
                                                            finishWork.await();
                                                            conn.writeLine("done");
                                                        }
                                                        default ->
                                                                throw new IllegalArgumentException(
                                                                        role);
                                                    }
                                                    endings.put(role, "returned");
                                                } catch (Throwable t) {
                                                    endings.put(role, t);
                                                    throw t;
                                                }
                                            });
                    TcpConnection idle = TcpConnection.open("127.0.0.1", server.port());
                    TcpConnection midFrame = TcpConnection.open("127.0.0.1", server.port());
                    TcpConnection blockedWriter = TcpConnection.open("127.0.0.1", server.port());
                    TcpConnection working = TcpConnection.open("127.0.0.1", server.port());
                    idle.writeLine("idle");
                    midFrame.writeLine("mid-frame");
                    midFrame.write(new byte[] {0, 0, 1, 0, 7, 7, 7}); // 3 of 256 bytes
                    blockedWriter.writeLine("blocked-writer");
                    working.writeLine("working");
                    allInside.await();
                    TcpConnection backlog =
                            TcpConnection.open("127.0.0.1", server.port()); // over the limit
                    for (Thread t : threads.values()) {
                        awaitBlocked(t);
                    }
                    assertEquals(4, server.activeConnections());

                    server.shutdown(Duration.ofMinutes(5));
                    assertTrue(
                            refusesSoon(server.port()), "the listening socket is closed at once");
                    assertTrue(endedWithoutAnswer(backlog), "the unaccepted client is dropped");

                    finishWork.countDown();
                    assertEquals("done", working.readLine(), "grace lets running work finish");
                    assertNull(working.readLine());

                    server.shutdown(Duration.ZERO); // cut the grace short: cancel the rest
                    server.join();
                    assertEquals(0, server.activeConnections());
                    assertEquals(4, server.acceptedConnections());
                    for (TcpConnection c :
                            new TcpConnection[] {idle, midFrame, blockedWriter, working, backlog}) {
                        c.close();
                    }
                });
        assertEquals("returned", endings.get("working"));
        for (String role : new String[] {"idle", "mid-frame", "blocked-writer"}) {
            assertInstanceOf(CancelledException.class, endings.get(role), role);
        }
    }

    @Test
    void anExpiredGraceCancelsHandlersThatWouldNeverEnd() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        Map<String, Object> endings = new ConcurrentHashMap<>();
        Weft.run(
                () -> {
                    TcpServer server =
                            TcpServer.builder()
                                    .shutdownGrace(Duration.ofMillis(100))
                                    .start(
                                            conn -> {
                                                inside.countDown();
                                                try {
                                                    Weft.sleep(
                                                            Duration.ofDays(
                                                                    1)); // not even reading:
                                                    // cancellation still
                                                    // reaches it
                                                } catch (CancelledException e) {
                                                    endings.put("sleeper", e);
                                                    throw e;
                                                }
                                            });
                    try (TcpConnection client = TcpConnection.open("127.0.0.1", server.port())) {
                        inside.await();
                        server.close(); // waits out the 100 ms grace, then cancels
                        assertNull(client.readLine(), "its connection was closed");
                    }
                    assertTrue(server.isStopped());
                });
        assertInstanceOf(CancelledException.class, endings.get("sleeper"));
    }

    @Test
    void closeFromACancelledCallerCutsTheGraceShortAndStillWaits() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        Weft.run(
                () -> {
                    TcpServer server =
                            TcpServer.builder()
                                    .shutdownGrace(Duration.ofDays(1))
                                    .start(
                                            conn -> {
                                                inside.countDown();
                                                conn.readLine();
                                            });
                    try (TcpConnection client = TcpConnection.open("127.0.0.1", server.port())) {
                        inside.await();
                        Task<Void> closer =
                                Weft.fork(
                                        () -> {
                                            Thread.currentThread()
                                                    .interrupt(); // as a cancellation arriving
                                            // during close
                                            server.close();
                                            assertTrue(
                                                    Thread.interrupted(),
                                                    "the interrupt is restored after the wait");
                                        });
                        closer.join();
                        assertTrue(
                                server.isStopped(),
                                "close returned only once the server had stopped");
                        assertNull(client.readLine());
                    }
                });
    }

    @Test
    void shutdownIsIdempotentAndHarmlessAfterTheServerStopped() {
        Weft.run(
                () -> {
                    TcpServer server = TcpServer.builder().start(conn -> {});
                    server.shutdown(Duration.ofSeconds(1));
                    server.shutdown(Duration.ofSeconds(1));
                    server.join();
                    server.shutdown(Duration.ZERO);
                    server.close();
                    server.close();
                    assertThrows(
                            ConnectException.class,
                            () -> TcpConnection.open("127.0.0.1", server.port()));
                });
    }

    /** Whether a new connection is refused (the listener is closed when shutdown returns). */
    private static boolean refusesSoon(int port) {
        try {
            TcpConnection.open("127.0.0.1", port).close();
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Whether a client that was never accepted sees its connection end (EOF or reset), not an
     * answer.
     */
    private static boolean endedWithoutAnswer(TcpConnection client) {
        try {
            return client.readLine() == null;
        } catch (SocketException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
