package dev.weft.io.net;

import dev.weft.CancelledException;
import dev.weft.Limiter;
import dev.weft.Task;
import dev.weft.TaskFailedException;
import dev.weft.Weft;
import dev.weft.internal.ArgumentRules;
import dev.weft.internal.DurationRules;

import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * A TCP server that runs one Weft task per connection: asyncio's {@code start_server}, Trio's
 * {@code serve_tcp} started with {@code nursery.start}.
 *
 * <pre>{@code
 * Weft.run(() -> {
 *     TcpServer server = TcpServer.builder().port(7000).start(conn -> {
 *         for (String line; (line = conn.readLine()) != null; ) {
 *             conn.writeLine(line);                  // echo
 *         }
 *     });
 *     System.out.println("listening on " + server.port());
 *     server.join();                                 // serve until cancelled (Ctrl-C)
 * });
 * }</pre>
 *
 * <h2>Structure</h2>
 *
 * {@link Builder#start(Handler)} binds the port on the calling thread and returns once the server
 * is listening, so the caller knows the port — even port 0's — before it goes on (Trio's {@code
 * nursery.start} hand-off); a bind failure is thrown right there. The server itself is a task
 * forked into the caller's current scope (as {@link Weft#fork} does), and every connection's
 * handler is a task in a scope the server owns: the caller's scope never ends before the server,
 * and the server never ends before its last connection. Cancelling the caller's scope therefore
 * stops the server at once, cancels every handler and closes every socket.
 *
 * <h2>Connections</h2>
 *
 * Each accepted connection is handed to the {@link Handler} on its own virtual thread (over TLS,
 * after a handshake bounded by {@link Builder#tlsHandshakeTimeout(Duration)}; a failed handshake is
 * logged at DEBUG and the connection dropped). The connection is closed when the handler returns or
 * throws. At most {@link Builder#maxConnections(int)} connections are open at once, a {@link
 * Limiter} of the server: when all are taken the server stops accepting, and new clients wait in
 * the listen backlog until a connection ends.
 *
 * <h2>Shutdown</h2>
 *
 * {@link #shutdown(Duration)} (asyncio's {@code Server.close()}) stops accepting at once — the
 * listening socket is closed, so new clients are refused — and gives the running handlers the grace
 * period to finish; those still running then are cancelled, which closes their sockets. {@link
 * #join()} (asyncio's {@code wait_closed()}) waits until every connection has ended. {@link
 * #close()} does both with the builder's {@link Builder#shutdownGrace(Duration) grace}. After the
 * server has stopped, no socket of it is open.
 *
 * <h2>Failures</h2>
 *
 * A handler's exception is dealt with by the {@link HandlerFailurePolicy}: logged (the default),
 * handed to a sink, or stopping the server. A cancelled handler is never a failure. Failing to
 * accept (too many open files, say) is logged at WARN and retried after 100 ms, like Trio.
 *
 * <p>Thread safety: every method may be called from any thread. No argument may be null.
 */
public final class TcpServer implements AutoCloseable {
    /** The default grace period of {@link #close()}. */
    static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);

    /** The default bound of a server-side TLS handshake. */
    static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    /** The default connection limit. */
    static final int DEFAULT_MAX_CONNECTIONS = 1024;

    /** The default listen backlog. */
    static final int DEFAULT_BACKLOG = 128;

    /**
     * Serves one connection: asyncio's {@code client_connected_cb}. Runs on the connection's own
     * virtual thread; blocking there blocks nobody else. A task it forks with {@link Weft#fork}
     * joins the server's connection scope and may outlive the handler and its connection; open a
     * scope in the handler ({@link Weft#scope}) to tie such work to the connection.
     */
    @FunctionalInterface
    public interface Handler {
        /**
         * Serves {@code connection} until done. The server closes the connection when this returns
         * or throws; the handler may also close it earlier.
         *
         * @param connection the client's connection, open (and, over TLS, handshaken)
         * @throws Exception any failure, dealt with by the server's {@link HandlerFailurePolicy}
         */
        void handle(TcpConnection connection) throws Exception;
    }

    private final ServerRun run;
    private final Task<Void> task;
    private final Duration grace;

    private TcpServer(ServerRun run, Task<Void> task, Duration grace) {
        this.run = run;
        this.task = task;
        this.grace = grace;
    }

    /**
     * Returns a builder for a server on a free port of the loopback interface, with the defaults:
     * at most 1024 connections, 10 s shutdown grace, failures logged.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the port the server listens on: the one asked for, or the one the system chose for
     * port 0. Does not block.
     *
     * @return the bound port
     */
    public int port() {
        return run.address().getPort();
    }

    /**
     * Returns the address the server listens on. Does not block.
     *
     * @return the bound address and port
     */
    public InetSocketAddress localAddress() {
        return run.address();
    }

    /**
     * Returns how many connections are open now (accepted and not yet closed). A snapshot, for
     * monitoring. Does not block.
     *
     * @return the open connections
     */
    public int activeConnections() {
        return run.active();
    }

    /**
     * Returns how many connections the server has accepted since it started. Does not block.
     *
     * @return the accepted connections
     */
    public long acceptedConnections() {
        return run.accepted();
    }

    /**
     * Stops accepting at once and lets the handlers run for at most {@code grace} more; those still
     * running then are cancelled. asyncio's {@code Server.close()}. Does not wait: call {@link
     * #join()} for that. May be called again: each call sets the deadline to {@code grace} from
     * now, so {@code shutdown(Duration.ZERO)} after a graceful shutdown cancels the remaining
     * handlers at once. Does nothing once the server has stopped.
     *
     * @param grace how long handlers may go on; zero cancels them at once
     * @throws IllegalArgumentException if {@code grace} is negative
     * @throws NullPointerException if {@code grace} is null
     */
    public void shutdown(Duration grace) {
        run.shutdown(DurationRules.requireNonNegative(grace, "grace"));
    }

    /**
     * Waits until the server has stopped — after {@link #shutdown(Duration)}, after a failure under
     * {@link HandlerFailurePolicy#stopServer()}, or because its scope was cancelled — and every
     * connection is closed. asyncio's {@code serve_forever()} and {@code wait_closed()}.
     *
     * <p>If the caller is cancelled while waiting, it stops waiting and throws {@link
     * CancelledException}; the server goes on (it stops with its own scope). A handler of this
     * server (or a task it forked) may not call it: the server waits for its handlers, so the
     * handler would wait for itself.
     *
     * @throws CancelledException if the server was cancelled (its scope was), or the caller was
     *     cancelled while waiting
     * @throws TaskFailedException if the server stopped on a handler's checked exception ({@link
     *     HandlerFailurePolicy#stopServer()}), which is its cause
     * @throws RuntimeException a handler's unchecked exception that stopped the server, as thrown
     * @throws IllegalStateException if called from one of this server's own tasks
     */
    public void join() {
        if (run.calledFromOwnTask()) {
            throw new IllegalStateException(
                    "TcpServer.join() called from a task of the server on port "
                            + port()
                            + " would wait for itself (the server waits for its handlers); call shutdown(grace) or close()"
                            + " there and return from the handler");
        }
        task.join();
    }

    /**
     * Returns whether the server has stopped: no longer accepting, every connection closed. Does
     * not block.
     *
     * @return {@code true} once stopped
     */
    public boolean isStopped() {
        return task.isDone();
    }

    /**
     * Shuts the server down with the builder's grace period and waits until it has stopped:
     * asyncio's {@code close()} then {@code wait_closed()}. Idempotent. Always waits: if the caller
     * is cancelled or interrupted meanwhile, the remaining handlers are cancelled at once, the wait
     * goes on (briefly), and the interrupt is restored afterwards.
     *
     * <p>Called from one of the server's own handlers (a {@code SHUTDOWN} command), or a task one
     * forked, it shuts down as {@link #shutdown(Duration)} does and returns at once without waiting
     * or throwing: the server waits for that handler, which would otherwise wait for itself. The
     * server stops once the handler returns and the others end or their grace runs out.
     *
     * @throws TaskFailedException if the server stopped on a handler's checked exception under
     *     {@link HandlerFailurePolicy#stopServer()}
     * @throws RuntimeException a handler's unchecked exception that stopped the server
     */
    @Override
    public void close() {
        run.shutdown(grace);
        if (run.calledFromOwnTask()) {
            return;
        }
        run.awaitStopped();
        if (task.state() == Task.State.FAILED) {
            Throwable f = task.exceptionNow();
            if (f instanceof RuntimeException r) {
                throw r;
            }
            if (f instanceof Error e) {
                throw e;
            }
            throw new TaskFailedException(
                    "TcpServer on port " + port() + " stopped on a handler failure", (Exception) f);
        }
    }

    @Override
    public String toString() {
        return "TcpServer["
                + run.address()
                + ", "
                + activeConnections()
                + " open"
                + (isStopped() ? ", stopped" : "")
                + "]";
    }

    /**
     * Settings of a server: address, TLS, limits, shutdown and failure policy. Each setter returns
     * the builder; {@link #start(Handler)} binds and starts. Not thread-safe. No argument may be
     * null.
     */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private int backlog = DEFAULT_BACKLOG;
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;
        private Duration grace = DEFAULT_GRACE;
        private Duration handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT;
        private @Nullable SSLContext sslContext;
        private @Nullable SSLParameters sslParameters;
        private int maxLine = TcpConnection.DEFAULT_MAX_LINE;
        private int maxFrame = TcpConnection.DEFAULT_MAX_FRAME;
        private HandlerFailurePolicy policy = HandlerFailurePolicy.log();

        private Builder() {}

        /**
         * Sets the address to listen on (default {@code 127.0.0.1}, reachable from this machine
         * only). {@code "0.0.0.0"} listens on every IPv4 interface, {@code "::"} on every
         * interface.
         *
         * @param host a local host name or address literal
         * @return this builder
         * @throws IllegalArgumentException if {@code host} is blank
         */
        public Builder host(String host) {
            Objects.requireNonNull(host, "host");
            if (host.isBlank()) {
                throw new IllegalArgumentException("host is blank");
            }
            this.host = host;
            return this;
        }

        /**
         * Sets the port (default 0: a free port the system chooses; read it with {@link
         * TcpServer#port()}).
         *
         * @param port 0 to 65535
         * @return this builder
         * @throws IllegalArgumentException if {@code port} is out of range
         */
        public Builder port(int port) {
            this.port = ArgumentRules.requireInRange(port, 0, 65535, "port");
            return this;
        }

        /**
         * Sets the listen backlog: how many connections the system holds for the server before they
         * are accepted (default 128; the system may cap it).
         *
         * @param backlog at least 1
         * @return this builder
         * @throws IllegalArgumentException if {@code backlog} is less than 1
         */
        public Builder backlog(int backlog) {
            this.backlog = ArgumentRules.requirePositive(backlog, "backlog");
            return this;
        }

        /**
         * Sets the most connections open at once (default 1024, the usual soft limit of open files
         * per process). At the limit the server stops accepting until a connection ends.
         *
         * @param max at least 1
         * @return this builder
         * @throws IllegalArgumentException if {@code max} is less than 1
         */
        public Builder maxConnections(int max) {
            this.maxConnections = ArgumentRules.requirePositive(max, "max");
            return this;
        }

        /**
         * Sets the grace period {@link TcpServer#close()} gives running handlers (default 10 s).
         *
         * @param grace the grace period; zero cancels handlers at once
         * @return this builder
         * @throws IllegalArgumentException if {@code grace} is negative
         */
        public Builder shutdownGrace(Duration grace) {
            this.grace = DurationRules.requireNonNegative(grace, "grace");
            return this;
        }

        /**
         * Serves TLS with {@code context}, whose key managers hold the server's certificate and
         * key. The handshake runs on the connection's own task before the handler is called.
         *
         * @param context the TLS context
         * @return this builder
         */
        public Builder sslContext(SSLContext context) {
            this.sslContext = Objects.requireNonNull(context, "context");
            return this;
        }

        /**
         * Applies {@code parameters} (protocols, cipher suites, client authentication with {@code
         * setNeedClientAuth}) to every TLS connection. Needs {@link #sslContext}.
         *
         * @param parameters the parameters
         * @return this builder
         */
        public Builder sslParameters(SSLParameters parameters) {
            this.sslParameters = Objects.requireNonNull(parameters, "parameters");
            return this;
        }

        /**
         * Sets how long a client may take to complete the TLS handshake (default 10 s), so that
         * clients that connect and say nothing cannot hold connection slots. A limit every
         * connection gets, so it must be positive: zero would fail every handshake.
         *
         * @param timeout the timeout, positive
         * @return this builder
         * @throws IllegalArgumentException if {@code timeout} is zero or negative
         * @throws NullPointerException if {@code timeout} is null
         */
        public Builder tlsHandshakeTimeout(Duration timeout) {
            this.handshakeTimeout = DurationRules.requirePositive(timeout, "timeout");
            return this;
        }

        /**
         * Sets the longest line {@link TcpConnection#readLine()} accepts on each connection
         * (default 64 KiB).
         *
         * @param bytes at least 1
         * @return this builder
         * @throws IllegalArgumentException if {@code bytes} is less than 1
         */
        public Builder maxLineLength(int bytes) {
            this.maxLine = TcpConnection.checkLimit(bytes, "bytes");
            return this;
        }

        /**
         * Sets the largest frame read or written on each connection (default 16 MiB).
         *
         * @param bytes at least 1
         * @return this builder
         * @throws IllegalArgumentException if {@code bytes} is less than 1
         */
        public Builder maxFrameLength(int bytes) {
            this.maxFrame = TcpConnection.checkLimit(bytes, "bytes");
            return this;
        }

        /**
         * Sets what a handler's failure does (default {@link HandlerFailurePolicy#log()}).
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder onHandlerFailure(HandlerFailurePolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Binds the port and starts serving with {@code handler}; returns once the server is
         * listening. The server runs as a task of the caller's current scope (see {@link
         * Weft#fork}); its connections run in a scope named {@code tcp-server-PORT}.
         *
         * <p>Blocks only to bind. Does not check for cancellation: a cancelled caller's scope
         * cancels the new server at once.
         *
         * @param handler serves each connection
         * @return the running server
         * @throws java.net.BindException if the address is in use or cannot be bound
         * @throws IOException another failure to listen
         * @throws IllegalStateException if called outside every Weft scope (no socket is left open)
         * @throws IllegalArgumentException if {@link #sslParameters} was set without {@link
         *     #sslContext}
         */
        public TcpServer start(Handler handler) throws IOException {
            Objects.requireNonNull(handler, "handler");
            if (sslParameters != null && sslContext == null) {
                throw new IllegalArgumentException("sslParameters were set without an sslContext");
            }
            ServerRun.Settings settings =
                    new ServerRun.Settings(
                            host,
                            port,
                            backlog,
                            new Limiter(maxConnections),
                            handshakeTimeout,
                            sslContext,
                            sslParameters,
                            maxLine,
                            maxFrame,
                            policy);
            ServerRun run = ServerRun.bind(settings, handler);
            Task<Void> task;
            try {
                task = Weft.fork(run::serve);
            } catch (IllegalStateException e) {
                run.closeListener();
                throw new IllegalStateException(
                        "TcpServer.start must be called inside Weft.run, Weft.scope or an "
                                + "open Scope: the server is a task of the caller's scope",
                        e);
            } catch (RuntimeException e) {
                run.closeListener();
                throw e;
            }
            run.started(task);
            return new TcpServer(run, task, grace);
        }
    }
}
