package dev.weft.io.net;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * Fails a test that leaves a socket open: the socket descriptors of this process ({@code
 * /proc/self/fd/*} links to {@code socket:[inode]}) after the test must be a subset of those before
 * it. Closing a socket releases its descriptor before {@code close()} returns, so a test that
 * closes its clients and waits for its servers to stop passes at once. The one thing a test cannot
 * wait for is a server it shares with other tests (a {@code @BeforeAll} HTTP server) noticing that
 * a client reset its connection: that server closes its side on its own thread a moment later. So a
 * socket still open after the test is given up to 10 s to go before the test fails; a leaked socket
 * never goes.
 *
 * <p>The JDK keeps a few sockets for its whole life once they are first needed: the "pre-close"
 * socket pair that NIO dup2s over a descriptor being closed asynchronously, and the three sockets
 * {@code jdk.net.Sockets} opens to probe the supported options (HttpClient 5 asks for them when its
 * first connection manager is built). Both are made to exist before the first snapshot when this
 * class loads.
 */
public final class SocketLeakCheck implements BeforeEachCallback, AfterEachCallback {
    private static final Duration GRACE = Duration.ofSeconds(10);
    private static final ExtensionContext.Namespace NS =
            ExtensionContext.Namespace.create(SocketLeakCheck.class);

    static {
        try {
            java.nio.channels.SocketChannel.open().close();
        } catch (IOException e) {
            throw new IllegalStateException("cannot open a socket channel", e);
        }
        dev.weft.io.http.HttpSession.create().close();
    }

    /** The socket descriptors open now, as {@code "fd -> socket:[inode]"}, keyed by inode. */
    static Set<String> openSockets() {
        Set<String> sockets = new TreeSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            fds.forEach(
                    fd -> {
                        try {
                            String target = Files.readSymbolicLink(fd).toString();
                            if (target.startsWith("socket:")) {
                                sockets.add(target);
                            }
                        } catch (IOException e) {
                            // The descriptor was closed while listing (the directory's own, say).
                        }
                    });
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc/self/fd", e);
        }
        return sockets;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NS).put("before", openSockets());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        @SuppressWarnings("unchecked")
        Set<String> before = (Set<String>) context.getStore(NS).get("before", Set.class);
        Set<String> leaked = new TreeSet<>(openSockets());
        leaked.removeAll(before);
        long deadline = System.nanoTime() + GRACE.toNanos();
        while (!leaked.isEmpty() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(
                    Duration.ofMillis(10).toNanos()); // a failure guard: only a leak waits it out
            leaked.retainAll(openSockets());
        }
        if (!leaked.isEmpty()) {
            throw new AssertionError("test left " + leaked.size() + " socket(s) open: " + leaked);
        }
    }
}
