package dev.weft.io.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.weft.Event;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.test.VirtualClock;
import dev.weft.test.VirtualTime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A server's shutdown grace on a virtual clock: it runs out at once when the handlers wait in Weft,
 * and never while a handler does real I/O (time stands still under real work).
 */
@Timeout(60)
@VirtualTime
@ExtendWith(SocketLeakCheck.class)
class TcpVirtualTimeTest {
    private static final Duration GRACE = Duration.ofSeconds(10);

    @Test
    void theGraceRunsOutOnTheClockWhileTheHandlerWaitsInWeft(VirtualClock clock) {
        Weft.run(
                () -> {
                    Event inside = new Event();
                    TcpServer server =
                            TcpServer.builder()
                                    .shutdownGrace(GRACE)
                                    .start(
                                            conn -> {
                                                conn.readLine(); // real I/O: time stands still
                                                // meanwhile
                                                inside.set();
                                                Weft.sleep(
                                                        Duration.ofHours(
                                                                1)); // a Weft wait: time may move
                                            });
                    try (TcpConnection client = TcpConnection.open("127.0.0.1", server.port())) {
                        client.writeLine("hello");
                        inside.await();
                        server.close(); // waits for the server, in a Weft wait
                        assertEquals(
                                GRACE,
                                clock.elapsed()); // the handler was cancelled when the grace ran
                        // out
                    }
                });
    }

    @Test
    void aHandlerInRealIoHoldsTheGraceStill(VirtualClock clock) throws Exception {
        AtomicReference<Thread> closer = new AtomicReference<>();
        AtomicReference<TcpConnection> client = new AtomicReference<>();
        // Outside the clock: closes the client once the server's close() is waiting, which ends
        // the handler's read. Virtual time has not moved meanwhile: the handler ran.
        Thread outsider =
                Thread.ofPlatform()
                        .unstarted(
                                () -> {
                                    while (closer.get() == null
                                            || closer.get().getState() != Thread.State.WAITING) {
                                        Thread.onSpinWait();
                                    }
                                    client.get().close();
                                });
        Weft.run(
                () -> {
                    Event inside = new Event();
                    TcpServer server =
                            TcpServer.builder()
                                    .shutdownGrace(GRACE)
                                    .start(
                                            conn -> {
                                                inside.set();
                                                assertNull(conn.readLine()); // real I/O until the
                                                // client closes
                                            });
                    client.set(TcpConnection.open("127.0.0.1", server.port()));
                    inside.await();
                    Task<Void> closing =
                            Weft.fork(
                                    () -> {
                                        closer.set(Thread.currentThread());
                                        server.close();
                                    });
                    outsider.start();
                    closing.join();
                    assertEquals(
                            Duration.ZERO,
                            clock.elapsed()); // the 10 s grace never ran: real work held time
                });
        outsider.join();
    }
}
