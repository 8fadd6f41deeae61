package dev.weft.io.http.internal;

import org.jspecify.annotations.Nullable;

/**
 * An HTTP proxy: plain-http requests go to it in absolute form, https ones through a {@code
 * CONNECT} tunnel.
 *
 * @param host the proxy's host
 * @param port the proxy's port
 * @param user the user name for Basic proxy authentication, or null for none
 * @param password the password, or null for none
 */
// ArrayRecordComponent: the password stays a char[] so that it can be cleared; a ProxyConfig is
// never compared or hashed
@SuppressWarnings("ArrayRecordComponent")
public record ProxyConfig(
        String host, int port, @Nullable String user, char @Nullable [] password) {}
