package dev.weft.io.http.internal;

import org.jspecify.annotations.Nullable;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Locale;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;

/** Reads why a connection could not be opened out of an engine's exception chain. */
public final class Failures {
    private Failures() {}

    /**
     * The connect-phase kind of {@code e}, or null if it is not a connect failure.
     *
     * @param e the failure
     * @return the kind, or null
     */
    public static TransportException.@Nullable Kind connectKind(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLException) {
                return TransportException.Kind.TLS;
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
                return TransportException.Kind.UNKNOWN_HOST;
            }
            if (t instanceof NoRouteToHostException) {
                return TransportException.Kind.NO_ROUTE;
            }
            if (t instanceof ConnectException) {
                String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
                return m.contains("refused")
                        ? TransportException.Kind.CONNECT_REFUSED
                        : TransportException.Kind.CONNECT_FAILED;
            }
        }
        return null;
    }

    /**
     * Says in words why a TLS handshake failed: an untrusted certificate, a host name mismatch, an
     * expired certificate, a refused client certificate, or the JDK's own message.
     *
     * @param e the failure
     * @param host the host the client connected to
     * @return the reason
     */
    public static String tlsReason(Throwable e, String host) {
        String all = "";
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CertificateExpiredException) {
                return "the server's certificate has expired";
            }
            if (t instanceof CertificateNotYetValidException) {
                return "the server's certificate is not valid yet";
            }
            if (t instanceof CertPathBuilderException || t instanceof CertPathValidatorException) {
                return "the server's certificate is not trusted (no chain to a trusted CA; set the CA with "
                        + "HttpSession.Builder.sslContext)";
            }
            if (t instanceof SSLPeerUnverifiedException) {
                return "the server's certificate does not match host '" + host + "'";
            }
            all += " " + t.getMessage();
        }
        String m = all.toLowerCase(Locale.ROOT);
        if (m.contains("no subject alternative")
                || m.contains("no name matching")
                || m.contains("doesn't match")) {
            return "the server's certificate does not match host '" + host + "'";
        }
        if (m.contains("valid certification path")) {
            return "the server's certificate is not trusted (no chain to a trusted CA; set the CA with "
                    + "HttpSession.Builder.sslContext)";
        }
        if (m.contains("bad_certificate")
                || m.contains("certificate_required")
                || m.contains("certificate_unknown")) {
            return "the server refused the client certificate (or none was sent; set it with "
                    + "HttpSession.Builder.sslContext)";
        }
        return "TLS handshake failed: " + e.getMessage();
    }
}
