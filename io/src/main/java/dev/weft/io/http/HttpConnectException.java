package dev.weft.io.http;

import dev.weft.io.http.internal.TransportException;

import org.jspecify.annotations.Nullable;

import java.io.Serial;
import java.net.URI;
import java.util.Objects;

/**
 * Thrown when the connection to the server cannot be opened, after retries: the request never
 * reached the server. {@link #reason()} says why (refused, unknown host, no route, TLS handshake,
 * other) and {@link #attempts()} how often it was tried; the message says both, for example {@code
 * GET http://127.0.0.1:1/x: cannot connect: connection refused (3 attempts)}. A connect that is too
 * slow throws {@link HttpCallTimeoutException} with phase {@link HttpPhase#CONNECT} instead. A
 * failed TLS handshake is never retried: a bad certificate stays bad.
 *
 * <p>Immutable and thread-safe.
 */
public final class HttpConnectException extends HttpException {
    @Serial private static final long serialVersionUID = 1L;

    /** Why the connection could not be opened. */
    public enum Reason {
        /** Nothing accepts connections on that port (or a firewall rejects them). */
        REFUSED,
        /** The host name does not resolve. */
        UNKNOWN_HOST,
        /** No network route to the host. */
        NO_ROUTE,
        /**
         * The TLS handshake failed: the server's certificate is not trusted or does not match the
         * host name, the client certificate was refused, or no protocol was agreed; the message
         * says which.
         */
        TLS,
        /** Another failure while connecting, such as a proxy that refused the tunnel. */
        OTHER;

        static Reason of(TransportException.Kind kind) {
            return switch (kind) {
                case CONNECT_REFUSED -> REFUSED;
                case UNKNOWN_HOST -> UNKNOWN_HOST;
                case NO_ROUTE -> NO_ROUTE;
                case TLS -> TLS;
                default -> OTHER;
            };
        }
    }

    /** Why. */
    private final Reason reason;

    /** How many connection attempts were made. */
    private final int attempts;

    HttpConnectException(
            String method,
            URI uri,
            Reason reason,
            @Nullable String detail,
            int attempts,
            @Nullable Throwable cause) {
        super(
                "cannot connect: "
                        + describe(reason, detail)
                        + " ("
                        + attempts
                        + (attempts == 1 ? " attempt)" : " attempts)"),
                method,
                uri,
                cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.attempts = attempts;
    }

    private static String describe(Reason reason, @Nullable String detail) {
        return switch (reason) {
            case REFUSED -> "connection refused";
            case UNKNOWN_HOST -> "unknown host";
            case NO_ROUTE -> "no route to host";
            case TLS -> "TLS: " + detail;
            case OTHER -> String.valueOf(detail);
        };
    }

    /**
     * Returns why the connection could not be opened.
     *
     * @return the reason
     */
    public Reason reason() {
        return reason;
    }

    /**
     * Returns how many connection attempts were made (1 when the failure is not retried, such as a
     * TLS failure).
     *
     * @return the number of attempts, at least 1
     */
    public int attempts() {
        return attempts;
    }
}
