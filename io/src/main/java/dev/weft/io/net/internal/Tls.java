package dev.weft.io.net.internal;

import dev.weft.CancelledException;
import dev.weft.DeadlineExceededException;
import dev.weft.TaskFailedException;
import dev.weft.Weft;
import dev.weft.internal.Cancellations;

import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * TLS over a connected socket channel: layering, host name verification, a handshake bounded by a
 * Weft timeout, and a bounded close_notify.
 *
 * <p>The SSLSocket is layered on the channel's adaptor ({@code autoClose} true), so every read,
 * write and handshake blocks in the interruptible channel: cancelling the thread closes it.
 */
public final class Tls {
    /**
     * How long {@link #closeNotify} may wait to send the close_notify alert before the channel is
     * closed without it: Go's {@code tls.Conn.Close} uses the same five seconds.
     */
    public static final Duration CLOSE_NOTIFY_TIMEOUT = Duration.ofSeconds(5);

    private Tls() {}

    /**
     * A client-mode TLS socket over {@code plain}. Host names are verified ({@code HTTPS} endpoint
     * identification) unless {@code insecure}; SNI is the host name given.
     */
    public static SSLSocket client(
            Socket plain,
            String host,
            int port,
            SSLContext context,
            @Nullable SSLParameters parameters,
            boolean insecure)
            throws IOException {
        SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, true);
        s.setUseClientMode(true);
        if (parameters != null) {
            s.setSSLParameters(parameters);
        }
        SSLParameters p = s.getSSLParameters();
        String id = p.getEndpointIdentificationAlgorithm();
        if (!insecure && (id == null || id.isEmpty())) {
            p.setEndpointIdentificationAlgorithm("HTTPS");
            s.setSSLParameters(p);
        }
        return s;
    }

    /** A server-mode TLS socket over an accepted {@code plain} socket. */
    public static SSLSocket server(
            Socket plain, SSLContext context, @Nullable SSLParameters parameters)
            throws IOException {
        SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket(plain, null, true);
        s.setUseClientMode(false);
        if (parameters != null) {
            s.setSSLParameters(parameters);
        }
        return s;
    }

    /**
     * Runs the handshake on the calling thread within {@code timeout} (a Weft timeout: on expiry
     * the thread is interrupted, which closes the channel).
     *
     * @throws SocketTimeoutException if it took longer
     * @throws IOException the handshake's failure ({@code SSLHandshakeException} and friends)
     * @throws CancelledException if the caller was cancelled
     */
    public static void handshake(SSLSocket s, Duration timeout, String peer) throws IOException {
        try {
            Weft.withTimeout(
                    timeout,
                    () -> {
                        try {
                            s.startHandshake();
                        } catch (IOException e) {
                            if (Cancellations.causedByCancellation(e)) {
                                throw Cancellations.interrupted("TLS handshake with " + peer, e);
                            }
                            throw e;
                        }
                        return null;
                    });
        } catch (DeadlineExceededException e) {
            SocketTimeoutException t =
                    new SocketTimeoutException(
                            "TLS handshake with " + peer + " timed out after " + timeout);
            t.initCause(e);
            throw t;
        } catch (TaskFailedException e) {
            throw rethrowCause(e);
        }
    }

    /**
     * Sends close_notify and closes {@code s} (and so its channel), giving up after {@link
     * #CLOSE_NOTIFY_TIMEOUT} — a peer that stopped reading with our send buffer full would
     * otherwise hold the caller forever. Never throws; a cancelled caller skips it.
     */
    static void closeNotify(SSLSocket s) {
        try {
            Weft.withTimeoutOrEmpty(
                    CLOSE_NOTIFY_TIMEOUT,
                    () -> {
                        s.close();
                        return Boolean.TRUE;
                    });
        } catch (CancelledException e) {
            // The caller is cancelled: no close_notify; the channel is closed by the caller.
        } catch (RuntimeException e) {
            // A failed close_notify (peer gone, channel closed): nothing to report on close.
        }
    }

    /** The checked exception inside {@code e}, for work run by {@link Weft#withTimeout}. */
    static IOException rethrowCause(TaskFailedException e) {
        Throwable c = e.getCause();
        if (c instanceof IOException io) {
            return io;
        }
        if (c instanceof RuntimeException r) {
            throw r;
        }
        if (c instanceof Error err) {
            throw err;
        }
        throw e;
    }
}
