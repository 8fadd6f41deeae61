package dev.weft.io.net;

import org.jspecify.annotations.Nullable;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * What a {@link TcpServer} does when a connection's handler throws. Cancellation is never a
 * failure: a handler cancelled by a shutdown or by its scope is not reported.
 *
 * <ul>
 *   <li>{@link #log()} (the default): one WARN line on logger {@code dev.weft.io.net.TcpServer}
 *       with the peer's address and the stack trace; the server goes on.
 *   <li>{@link #report(BiConsumer)}: your sink gets the peer's address and the exception (for
 *       metrics or an error tracker); the server goes on. An exception thrown by the sink is logged
 *       at WARN.
 *   <li>{@link #stopServer()}: the first failure stops the server at once — accepting ends, the
 *       other handlers are cancelled, every socket is closed — and is rethrown by {@link
 *       TcpServer#join()} and {@link TcpServer#close()}; the server's task fails with it, so the
 *       scope that started the server sees it too. Failures of other handlers after the first are
 *       logged.
 * </ul>
 *
 * Whatever the policy, the failed connection is closed.
 *
 * <p>Immutable and thread-safe. Arguments must not be null.
 */
public final class HandlerFailurePolicy {
    enum Kind {
        LOG,
        REPORT,
        STOP_SERVER
    }

    private static final HandlerFailurePolicy LOG = new HandlerFailurePolicy(Kind.LOG, null);
    private static final HandlerFailurePolicy STOP =
            new HandlerFailurePolicy(Kind.STOP_SERVER, null);

    private final Kind kind;
    private final @Nullable BiConsumer<? super InetSocketAddress, ? super Throwable> sink;

    private HandlerFailurePolicy(
            Kind kind, @Nullable BiConsumer<? super InetSocketAddress, ? super Throwable> sink) {
        this.kind = kind;
        this.sink = sink;
    }

    /**
     * Logs each failure at WARN with the peer's address; the server goes on. The default.
     *
     * @return the policy
     */
    public static HandlerFailurePolicy log() {
        return LOG;
    }

    /**
     * Hands each failure to {@code sink}, on the failed handler's thread, after its connection was
     * closed; the server goes on. Keep the sink short: it runs before the connection's task ends.
     *
     * @param sink receives the peer's address (null if it could not be known) and the failure
     * @return the policy
     * @throws NullPointerException if {@code sink} is null
     */
    public static HandlerFailurePolicy report(
            BiConsumer<? super InetSocketAddress, ? super Throwable> sink) {
        return new HandlerFailurePolicy(Kind.REPORT, Objects.requireNonNull(sink, "sink"));
    }

    /**
     * Stops the whole server on the first failure and rethrows it from {@link TcpServer#join()} and
     * {@link TcpServer#close()}: fail-fast, like a Weft scope.
     *
     * @return the policy
     */
    public static HandlerFailurePolicy stopServer() {
        return STOP;
    }

    Kind kind() {
        return kind;
    }

    @Nullable BiConsumer<? super InetSocketAddress, ? super Throwable> sink() {
        return sink;
    }

    @Override
    public String toString() {
        return "HandlerFailurePolicy."
                + switch (kind) {
                    case LOG -> "log()";
                    case REPORT -> "report(" + sink + ")";
                    case STOP_SERVER -> "stopServer()";
                };
    }
}
