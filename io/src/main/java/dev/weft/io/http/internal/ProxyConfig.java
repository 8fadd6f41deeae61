package dev.weft.io.http.internal;

/**
 * An HTTP proxy: plain-http requests go to it in absolute form, https ones through a
 * {@code CONNECT} tunnel.
 *
 * @param host the proxy's host
 * @param port the proxy's port
 * @param user the user name for Basic proxy authentication, or null for none
 * @param password the password, or null for none
 */
public record ProxyConfig(String host, int port, String user, char[] password) {}
