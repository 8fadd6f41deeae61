package dev.weft.io.net.internal;

import dev.weft.DeadlineExceededException;
import dev.weft.TaskFailedException;
import dev.weft.Weft;
import dev.weft.internal.Cancellations;

import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.channels.SocketChannel;
import java.time.Duration;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * Opens a client connection: resolves the host, tries its addresses in order, and runs the TLS
 * handshake, all inside one {@link Weft#withTimeout}: the connect timeout is a Weft timed wait (one
 * clock for every Weft timeout), and its expiry interrupts the thread, which closes the channel
 * being connected or handshaken. Name resolution itself cannot be interrupted (the JDK's resolver
 * blocks in native code), so a slow resolver makes the timeout late, never lost.
 */
public final class Connector {
    private Connector() {}

    /** What {@link #connect} needs to know about TLS; {@code context} null means plain TCP. */
    public record TlsSettings(
            SSLContext context, @Nullable SSLParameters parameters, boolean insecure) {}

    /**
     * Connects to {@code host:port} within {@code timeout}.
     *
     * @throws UnknownHostException if the host has no address
     * @throws ConnectException if every address refused or could not be reached (the others
     *     attached as suppressed), naming host, port and address
     * @throws SocketTimeoutException if connecting and the handshake took longer than the timeout
     * @throws IOException a TLS handshake failure ({@code SSLHandshakeException})
     */
    public static SocketStream connect(
            String host,
            int port,
            Duration timeout,
            @Nullable TlsSettings tls,
            int maxLine,
            int maxFrame)
            throws IOException {
        String peer = host + ":" + port;
        try {
            return Weft.withTimeout(
                    timeout, () -> connectNow(host, port, peer, tls, maxLine, maxFrame));
        } catch (DeadlineExceededException e) {
            SocketTimeoutException t =
                    new SocketTimeoutException(
                            "connect to " + peer + " timed out after " + timeout);
            t.initCause(e);
            throw t;
        } catch (TaskFailedException e) {
            throw Tls.rethrowCause(e);
        }
    }

    private static SocketStream connectNow(
            String host,
            int port,
            String peer,
            @Nullable TlsSettings tls,
            int maxLine,
            int maxFrame)
            throws IOException {
        InetAddress[] addresses = InetAddress.getAllByName(host);
        IOException failure = null;
        for (InetAddress address : addresses) {
            Cancellations.checkpoint();
            SocketChannel channel = SocketChannel.open();
            boolean ok = false;
            try {
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                try {
                    channel.connect(new InetSocketAddress(address, port));
                } catch (IOException e) {
                    if (Cancellations.causedByCancellation(e)) {
                        throw Cancellations.interrupted("connecting to " + peer, e);
                    }
                    ConnectException c =
                            new ConnectException(
                                    "connect to "
                                            + peer
                                            + " ("
                                            + address.getHostAddress()
                                            + ") failed: "
                                            + e.getMessage());
                    c.initCause(e);
                    if (failure == null) {
                        failure = c;
                    } else {
                        failure.addSuppressed(c);
                    }
                    continue;
                }
                SSLSocket ssl = null;
                if (tls != null && tls.context() != null) {
                    ssl =
                            Tls.client(
                                    channel.socket(),
                                    host,
                                    port,
                                    tls.context(),
                                    tls.parameters(),
                                    tls.insecure());
                    try {
                        ssl.startHandshake();
                    } catch (IOException e) {
                        if (Cancellations.causedByCancellation(e)) {
                            throw Cancellations.interrupted("TLS handshake with " + peer, e);
                        }
                        throw e;
                    }
                }
                ok = true;
                return new SocketStream(channel, ssl, peer, maxLine, maxFrame);
            } finally {
                if (!ok) {
                    channel.close();
                }
            }
        }
        if (failure == null) {
            throw new UnknownHostException(host + ": no address");
        }
        throw failure;
    }
}
