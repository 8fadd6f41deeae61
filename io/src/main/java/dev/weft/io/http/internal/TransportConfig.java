package dev.weft.io.http.internal;

import org.jspecify.annotations.Nullable;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * What a transport is built from.
 *
 * @param maxConcurrent connections in all (the session's permits never ask for more)
 * @param maxPerHost connections per host and port
 * @param sslContext the TLS context, or null for the JDK default
 * @param sslParameters TLS parameters applied to every connection, or null
 * @param insecure whether certificate and host name checks are off (tests only)
 * @param proxy the proxy, or null for direct connections
 */
public record TransportConfig(
        int maxConcurrent,
        int maxPerHost,
        @Nullable SSLContext sslContext,
        @Nullable SSLParameters sslParameters,
        boolean insecure,
        @Nullable ProxyConfig proxy) {}
