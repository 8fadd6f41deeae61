package dev.weft.io.net;

import dev.weft.CancelledException;
import dev.weft.Context;
import dev.weft.DeadlineExceededException;
import dev.weft.Event;
import dev.weft.Limiter;
import dev.weft.Scope;
import dev.weft.ScopeOptions;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.internal.Cancellations;
import dev.weft.internal.Waits;
import dev.weft.io.net.internal.SocketStream;
import dev.weft.io.net.internal.Tls;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * The running side of a {@link TcpServer}.
 *
 * <pre>
 *  caller's scope
 *   └─ server task (serve)                      waits for the stop event, then runs the grace period
 *       └─ scope "tcp-server-PORT" (supervised)
 *           ├─ acceptor task                    permit → accept → fork a connection task, forever
 *           ├─ connection task 1                handshake (TLS) → handler → close
 *           └─ connection task 2 ...
 * </pre>
 *
 * States: RUNNING until the stop event is set (by {@link #shutdown}, or by the first failure under
 * {@code stopServer()}); then GRACE: the acceptor is cancelled (its accept or permit wait is
 * interrupted, which closes the listening socket), the listening socket is closed, and the
 * connections' scope gets a deadline of the grace period — a core scope deadline, so the wait is a
 * Weft timed wait — whose expiry cancels every connection task still running. The server task ends
 * once that scope is closed; then no connection task and no socket remains.
 *
 * <p>Every connection holds one permit of the server's {@link Limiter}, taken before the accept;
 * the permit is returned, and the connection aborted if still open, in the task's completion
 * callback, which runs even for a task that never ran (forked into a scope being cancelled).
 * Handlers close their connection gracefully themselves, in the task body.
 */
final class ServerRun {
    private static final Logger LOG = LoggerFactory.getLogger(TcpServer.class);
    private static final Duration ACCEPT_RETRY = Duration.ofMillis(100);

    /**
     * Marks the server's own tasks — acceptor, connections, whatever handlers fork — through core's
     * task-local context, which every task forked from the server task inherits: a handler that
     * waits for its own server to stop would wait for itself.
     */
    private static final Context.Key<ServerRun> OWN_TASKS = Context.key("tcp-server");

    record Settings(
            String host,
            int port,
            int backlog,
            Limiter limiter,
            Duration handshakeTimeout,
            @Nullable SSLContext sslContext,
            @Nullable SSLParameters sslParameters,
            int maxLine,
            int maxFrame,
            HandlerFailurePolicy policy) {}

    private final Settings settings;
    private final TcpServer.Handler handler;
    private final ServerSocketChannel listener;
    private final InetSocketAddress address;
    private final String name;
    private final Set<TcpConnection> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong accepted = new AtomicLong();
    private final Event stop = new Event();

    /** The server task, once forked. */
    private volatile @Nullable Task<Void> serverTask;

    private final AtomicReference<@Nullable Throwable> stopFailure = new AtomicReference<>();

    private final ReentrantLock lock = new ReentrantLock();

    /** The grace of the latest shutdown call; guarded by lock. */
    private Duration grace = Duration.ZERO;

    /** The connections' scope once the grace period has begun, else null; guarded by lock. */
    private @Nullable Scope graceScope;

    private ServerRun(Settings settings, TcpServer.Handler handler, ServerSocketChannel listener)
            throws IOException {
        this.settings = settings;
        this.handler = handler;
        this.listener = listener;
        this.address = (InetSocketAddress) listener.getLocalAddress();
        this.name = "tcp-server-" + address.getPort();
    }

    /** Binds the listening socket on the calling thread. */
    static ServerRun bind(Settings settings, TcpServer.Handler handler) throws IOException {
        ServerSocketChannel listener = ServerSocketChannel.open();
        try {
            listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            listener.bind(
                    new InetSocketAddress(settings.host(), settings.port()), settings.backlog());
            return new ServerRun(settings, handler, listener);
        } catch (IOException | RuntimeException e) {
            listener.close();
            throw e;
        }
    }

    /** Called once the server task is forked: closes the listener when it ends, however. */
    void started(Task<Void> task) {
        this.serverTask = task;
        task.onComplete(t -> closeListener());
    }

    InetSocketAddress address() {
        return address;
    }

    int active() {
        return open.size();
    }

    long accepted() {
        return accepted.get();
    }

    // ---- the server task ----------------------------------------------------------------------

    /** The server task's body. */
    void serve() throws Exception {
        Context.set(OWN_TASKS, this);
        try (Scope connections = Scope.open(ScopeOptions.defaults().withName(name).supervised())) {
            Task<Void> acceptor = connections.fork(name + "-accept", () -> acceptLoop(connections));
            acceptor.onComplete(
                    t -> stop.set()); // an acceptor that ends for any reason ends the server
            try {
                stop.await();
            } finally {
                acceptor.cancel("server " + name + " stops accepting");
                closeListener();
            }
            lock.lock();
            try {
                graceScope = connections;
                connections.reschedule(grace);
            } finally {
                lock.unlock();
            }
            try {
                connections.join();
            } catch (DeadlineExceededException e) {
                LOG.debug("{}: grace period over, remaining connections cancelled", name);
            }
        } finally {
            closeListener();
            for (TcpConnection c : open) {
                c.abort();
            }
        }
        Throwable failure = stopFailure.get();
        if (failure instanceof Exception e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
    }

    private void acceptLoop(Scope connections) {
        while (true) {
            Limiter.Permit permit = settings.limiter().acquire();
            SocketChannel channel;
            try {
                channel = listener.accept();
            } catch (ClosedByInterruptException e) {
                permit.close();
                throw Cancellations.interrupted("accepting on " + address, e);
            } catch (ClosedChannelException e) {
                permit.close();
                return;
            } catch (IOException e) {
                permit.close();
                if (!listener.isOpen()) {
                    return;
                }
                LOG.warn(
                        "{}: accept failed ({}); retrying in {} ms",
                        name,
                        e.toString(),
                        ACCEPT_RETRY.toMillis());
                Weft.sleep(ACCEPT_RETRY);
                continue;
            }
            accepted.incrementAndGet();
            start(connections, channel, permit);
        }
    }

    /** Wraps the accepted channel and forks its task; on any failure nothing stays open. */
    private void start(Scope connections, SocketChannel channel, Limiter.Permit permit) {
        TcpConnection connection;
        try {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            InetSocketAddress remote = (InetSocketAddress) channel.getRemoteAddress();
            String peer = remote.getAddress().getHostAddress() + ":" + remote.getPort();
            SSLSocket ssl =
                    settings.sslContext() == null
                            ? null
                            : Tls.server(
                                    channel.socket(),
                                    settings.sslContext(),
                                    settings.sslParameters());
            connection =
                    new TcpConnection(
                            new SocketStream(
                                    channel, ssl, peer, settings.maxLine(), settings.maxFrame()));
        } catch (IOException | RuntimeException e) {
            LOG.debug(
                    "{}: dropping a connection that failed before its handler: {}",
                    name,
                    e.toString());
            closeQuietly(channel);
            permit.close();
            return;
        }
        open.add(connection);
        Task<Void> task;
        try {
            task =
                    connections.fork(
                            name + "-" + connection.stream().peer(), () -> handle(connection));
        } catch (RuntimeException e) {
            release(connection, permit);
            throw e;
        }
        task.onComplete(t -> release(connection, permit));
    }

    private void release(TcpConnection connection, Limiter.Permit permit) {
        connection.abort();
        open.remove(connection);
        permit.close();
    }

    /** The connection task's body. */
    private void handle(TcpConnection connection) {
        SocketStream stream = connection.stream();
        try {
            if (stream.ssl() != null) {
                try {
                    Tls.handshake(stream.ssl(), settings.handshakeTimeout(), stream.peer());
                } catch (IOException e) {
                    LOG.debug(
                            "{}: TLS handshake with {} failed: {}",
                            name,
                            stream.peer(),
                            e.toString());
                    return;
                }
            }
            handler.handle(connection);
        } catch (Throwable e) {
            connection.close();
            if (Cancellations.isCancellation(e)) {
                throw e instanceof CancelledException c
                        ? c
                        : new CancelledException("handler cancelled", e);
            }
            report(connection, e);
        } finally {
            connection.close();
        }
    }

    private void report(TcpConnection connection, Throwable failure) {
        InetSocketAddress remote = connection.remoteAddress();
        switch (settings.policy().kind()) {
            case LOG ->
                    LOG.warn(
                            "{}: handler for {} failed", name, connection.stream().peer(), failure);
            case REPORT -> {
                try {
                    Objects.requireNonNull(settings.policy().sink(), "a REPORT policy has its sink")
                            .accept(remote, failure);
                } catch (RuntimeException | Error e) {
                    e.addSuppressed(failure);
                    LOG.warn(
                            "{}: the failure sink threw while reporting a failure of {}",
                            name,
                            connection.stream().peer(),
                            e);
                }
            }
            case STOP_SERVER -> {
                if (stopFailure.compareAndSet(null, failure)) {
                    LOG.debug(
                            "{}: handler for {} failed, stopping the server",
                            name,
                            connection.stream().peer());
                    shutdown(Duration.ZERO);
                } else {
                    LOG.warn(
                            "{}: handler for {} failed while the server was stopping",
                            name,
                            connection.stream().peer(),
                            failure);
                }
            }
        }
    }

    // ---- shutdown -----------------------------------------------------------------------------

    void shutdown(Duration newGrace) {
        lock.lock();
        try {
            grace = newGrace;
            if (graceScope != null) {
                graceScope.reschedule(newGrace);
            }
        } finally {
            lock.unlock();
        }
        stop.set();
        // "Stops accepting at once": close the listener here, not when the server task gets round
        // to it, so a connect right after shutdown() is refused (a blocked accept ends quietly).
        closeListener();
    }

    /**
     * Whether the calling thread is one of this server's own tasks (a handler, or a task it
     * forked).
     */
    boolean calledFromOwnTask() {
        return Context.get(OWN_TASKS).orElse(null) == this;
    }

    /**
     * Waits until the server task has ended, cutting the grace short if the caller is interrupted.
     * A Weft wait (core's), so that a virtual clock lets the grace period run out.
     */
    void awaitStopped() {
        boolean interrupted =
                Waits.awaitEnd(
                        Objects.requireNonNull(
                                serverTask, "started() ran before the run was returned"),
                        () -> shutdown(Duration.ZERO));
        closeListener(); // the task's own callback may not have run yet
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    void closeListener() {
        closeQuietly(listener);
    }

    private static void closeQuietly(java.nio.channels.Channel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // Nothing to do: the descriptor is released by close even when it reports a failure.
        }
    }
}
