package dev.weft.io.http.internal;

import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.io.Serial;

/** Why a transport could not deliver a response head, engine-neutral. */
public final class TransportException extends Exception {
    @Serial private static final long serialVersionUID = 1L;

    /** The kinds of failure the engine treats differently. */
    public enum Kind {
        /** Nothing listens on the port (TCP reset on connect). */
        CONNECT_REFUSED("connection refused"),
        /** The host name could not be resolved. */
        UNKNOWN_HOST("unknown host"),
        /** No route to the host. */
        NO_ROUTE("no route to host"),
        /** Another failure while opening the connection or the proxy tunnel. */
        CONNECT_FAILED("connect failed"),
        /** The TLS handshake failed (untrusted certificate, host name mismatch, protocol). */
        TLS("TLS handshake failed"),
        /** Opening the connection took longer than the connect timeout. */
        CONNECT_TIMEOUT("connect timed out"),
        /** The response headers took longer than the headers timeout. */
        HEADERS_TIMEOUT("no response headers in time"),
        /** An HTTP/2 server refused the stream before processing it; safe to retry. */
        STREAM_REFUSED("stream refused"),
        /** The connection broke after the request started. */
        BROKEN("exchange failed");

        private final String text;

        Kind(String text) {
            this.text = text;
        }

        /**
         * The kind in words, for messages.
         *
         * @return the words
         */
        public String text() {
            return text;
        }

        /**
         * Whether the request surely never reached the server.
         *
         * @return true for connect-phase failures
         */
        public boolean beforeSending() {
            return this != HEADERS_TIMEOUT && this != BROKEN;
        }
    }

    private final Kind kind;

    /**
     * Creates the failure.
     *
     * @param kind the kind
     * @param detail what exactly happened, for the message
     * @param cause the underlying exception
     */
    public TransportException(Kind kind, @Nullable String detail, IOException cause) {
        super(detail, cause);
        this.kind = kind;
    }

    /**
     * The kind of failure.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }

    /**
     * The underlying I/O failure.
     *
     * @return the cause
     */
    public @Nullable IOException io() {
        return (IOException) getCause();
    }
}
