package dev.weft.io.net;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test that leaves a socket open: the socket descriptors of this process
 * ({@code /proc/self/fd/*} links to {@code socket:[inode]}) after the test must be a subset of those
 * before it. Closing a socket releases its descriptor before {@code close()} returns, so the check
 * needs no grace period: every test closes its clients and waits for its servers to stop.
 *
 * <p>The JDK keeps one socket for its whole life once sockets are used (the "pre-close" socket
 * pair that NIO dup2s over a descriptor being closed asynchronously); a socket channel opened and
 * closed when this class loads makes it exist before the first snapshot.
 */
public final class SocketLeakCheck implements BeforeEachCallback, AfterEachCallback {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(SocketLeakCheck.class);

    static {
        try {
            java.nio.channels.SocketChannel.open().close();
        } catch (IOException e) {
            throw new IllegalStateException("cannot open a socket channel", e);
        }
    }

    /** The socket descriptors open now, as {@code "fd -> socket:[inode]"}, keyed by inode. */
    static Set<String> openSockets() {
        Set<String> sockets = new TreeSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            fds.forEach(fd -> {
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
        if (!leaked.isEmpty()) {
            throw new AssertionError("test left " + leaked.size() + " socket(s) open: " + leaked);
        }
    }
}
