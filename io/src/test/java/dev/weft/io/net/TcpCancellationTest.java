package dev.weft.io.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.CancelledException;
import dev.weft.DeadlineExceededException;
import dev.weft.Scope;
import dev.weft.Task;
import dev.weft.Weft;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Every blocking call of a connection is a cancellation point that wakes promptly, closes the
 * socket and leaves nothing open, on virtual threads (Weft tasks) and platform threads alike.
 * "Promptly" is checked by the @Timeout guard, never by measuring: a call that did not wake would
 * hang the test.
 */
@Timeout(60)
@ExtendWith(SocketLeakCheck.class)
class TcpCancellationTest {

    /**
     * Waits until {@code thread} is parked (blocked in the socket read), so that the cancel lands
     * inside it.
     */
    static void awaitBlocked(Thread thread) throws InterruptedException {
        while (thread.getState() != Thread.State.WAITING
                && thread.getState() != Thread.State.TIMED_WAITING
                && thread.getState() != Thread.State.BLOCKED
                && thread.isAlive()) {
            Thread.onSpinWait();
            Thread.sleep(1); // a guard against spinning a core, not an ordering device
        }
    }

    @Test
    void cancellingATaskBlockedInReadLineClosesTheConnection() throws Exception {
        try (RawPeer peer = new RawPeer();
                TcpConnection conn = TcpConnection.open("127.0.0.1", peer.port())) {
            peer.accept();
            AtomicReference<Thread> readerThread = new AtomicReference<>();
            CountDownLatch reading = new CountDownLatch(1);
            Weft.run(
                    () -> {
                        Task<String> reader =
                                Weft.fork(
                                        () -> {
                                            readerThread.set(Thread.currentThread());
                                            reading.countDown();
                                            return conn.readLine();
                                        });
                        reading.await();
                        awaitBlocked(readerThread.get());
                        reader.cancel("test cancels the reader");
                        assertThrows(CancelledException.class, reader::join);
                        assertEquals(Task.State.CANCELLED, reader.state());
                        return null;
                    });
            assertFalse(conn.isOpen(), "a cancelled blocked read closes the connection");
            assertThrows(SocketException.class, conn::readLine);
        }
    }

    @Test
    void aTimedOutReadOnAPlatformThreadWakesToo() throws Exception {
        // Weft.withTimeout on the JUnit (platform) thread: the expiry interrupts a platform thread,
        // which a plain java.net.Socket would ignore; the connection's socket channel does not.
        try (RawPeer peer = new RawPeer();
                TcpConnection conn = TcpConnection.open("127.0.0.1", peer.port())) {
            peer.accept();
            assertFalse(Thread.currentThread().isVirtual());
            DeadlineExceededException e =
                    assertThrows(
                            DeadlineExceededException.class,
                            () -> Weft.withTimeout(Duration.ofMillis(200), conn::readLine));
            assertInstanceOf(CancelledException.class, e.getCause());
            assertFalse(conn.isOpen());
            assertFalse(
                    Thread.currentThread().isInterrupted(),
                    "the timeout's interrupt does not leak out");
        }
    }

    @Test
    void cancellingATaskBlockedInAWriteToAPeerThatDoesNotReadWakesIt() throws Exception {
        try (RawPeer peer = new RawPeer();
                TcpConnection conn = TcpConnection.open("127.0.0.1", peer.port())) {
            peer.accept(); // and never read
            AtomicReference<Thread> writerThread = new AtomicReference<>();
            CountDownLatch writing = new CountDownLatch(1);
            Weft.run(
                    () -> {
                        Task<Void> writer =
                                Weft.fork(
                                        () -> {
                                            writerThread.set(Thread.currentThread());
                                            writing.countDown();
                                            byte[] chunk = new byte[1 << 20];
                                            while (true) {
                                                conn.write(
                                                        chunk); // blocks once the buffers are full
                                            }
                                        });
                        writing.await();
                        awaitBlocked(writerThread.get());
                        writer.cancel();
                        assertThrows(CancelledException.class, writer::join);
                        return null;
                    });
            assertFalse(conn.isOpen());
        }
    }

    @Test
    void aCancelledTaskFailsAtOnceWithoutTouchingTheSocket() throws Exception {
        try (RawPeer peer = new RawPeer();
                TcpConnection conn = TcpConnection.open("127.0.0.1", peer.port())) {
            Socket s = peer.accept();
            peer.send("ready\n");
            Weft.run(
                    () -> {
                        Task<String> t =
                                Weft.fork(
                                        () -> {
                                            Thread.currentThread()
                                                    .interrupt(); // cancelled before the call:
                                            // sticky
                                            try {
                                                return conn.readLine();
                                            } finally {
                                                assertFalse(
                                                        Thread.interrupted(),
                                                        "core's rule: the status is cleared in a task");
                                            }
                                        });
                        assertThrows(CancelledException.class, t::join);
                        return null;
                    });
            assertTrue(
                    conn.isOpen(),
                    "a checkpoint that throws before blocking leaves the connection usable");
            assertEquals("ready", conn.readLine());
            s.close();
        }
    }

    @Test
    void closingFromAnotherThreadWakesABlockedReaderWithASocketException() throws Exception {
        try (RawPeer peer = new RawPeer()) {
            TcpConnection conn = TcpConnection.open("127.0.0.1", peer.port());
            peer.accept();
            AtomicReference<Thread> readerThread = new AtomicReference<>();
            CountDownLatch reading = new CountDownLatch(1);
            Weft.run(
                    () -> {
                        Task<Throwable> reader =
                                Weft.fork(
                                        () -> {
                                            readerThread.set(Thread.currentThread());
                                            reading.countDown();
                                            try {
                                                return new AssertionError(
                                                        "read " + conn.readLine());
                                            } catch (java.io.IOException e) {
                                                return e;
                                            }
                                        });
                        reading.await();
                        awaitBlocked(readerThread.get());
                        conn.close();
                        Throwable cause = reader.join();
                        assertInstanceOf(SocketException.class, cause);
                        assertTrue(
                                cause.getMessage().contains("was closed while reading"),
                                cause.getMessage());
                        return null;
                    });
        }
    }

    @Test
    void cancellingAConnectInProgressLeavesNoSocket() throws Exception {
        // A connect to a full backlog hangs; cancel the scope while it does.
        try (java.net.ServerSocket full = new java.net.ServerSocket()) {
            full.bind(
                    new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0),
                    1);
            java.util.List<Socket> fillers = new java.util.ArrayList<>();
            try {
                boolean hangs = false;
                for (int i = 0; i < 20 && !hangs; i++) {
                    Socket f = new Socket();
                    fillers.add(f);
                    try {
                        f.connect(full.getLocalSocketAddress(), 200);
                    } catch (java.net.SocketTimeoutException t) {
                        hangs = true;
                    }
                }
                assertTrue(hangs, "the backlog filled up");
                AtomicReference<Thread> connecting = new AtomicReference<>();
                CountDownLatch started = new CountDownLatch(1);
                try (Scope scope = Scope.open()) {
                    Task<TcpConnection> t =
                            scope.fork(
                                    () -> {
                                        connecting.set(Thread.currentThread());
                                        started.countDown();
                                        return TcpConnection.builder(
                                                        "127.0.0.1", full.getLocalPort())
                                                .connectTimeout(Duration.ofMinutes(5))
                                                .open();
                                    });
                    started.await();
                    awaitBlocked(connecting.get());
                    scope.cancel("test");
                    scope.join();
                    assertEquals(Task.State.CANCELLED, t.state());
                }
            } finally {
                for (Socket f : fillers) {
                    f.close();
                }
            }
        }
    }
}
