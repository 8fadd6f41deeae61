package dev.weft.io.http.internal;

import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP/2 transport, on {@code java.net.http.HttpClient}: {@code https:} negotiates HTTP/2 with
 * ALPN, {@code http:} stays HTTP/1.1 (no h2c upgrade round trip). The client's internals are
 * asynchronous, so the body reaches the calling thread through a {@link BodyChannel}; its threads
 * run on a virtual-thread executor of the transport's own.
 */
public final class JdkTransport implements Transport {
    private final ExecutorService executor;
    private final HttpClient client;

    /**
     * Builds the transport.
     *
     * @param config what it is built from
     * @param connectTimeout the client's connect timeout (the JDK has no per-request one)
     */
    public JdkTransport(TransportConfig config, Duration connectTimeout) {
        executor =
                Executors.newThreadPerTaskExecutor(
                        Thread.ofVirtual().name("weft-http-", 0).factory());
        HttpClient.Builder b =
                HttpClient.newBuilder()
                        .executor(executor)
                        .connectTimeout(connectTimeout)
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .version(HttpClient.Version.HTTP_2);
        if (config.insecure()) {
            b.sslContext(TrustAllCertificates.sslContext());
        } else if (config.sslContext() != null) {
            b.sslContext(config.sslContext());
        }
        if (config.sslParameters() != null) {
            b.sslParameters(config.sslParameters());
        }
        ProxyConfig proxy = config.proxy();
        if (proxy != null) {
            b.proxy(
                    ProxySelector.of(
                            InetSocketAddress.createUnresolved(proxy.host(), proxy.port())));
            if (proxy.user() != null) {
                PasswordAuthentication credentials =
                        new PasswordAuthentication(proxy.user(), proxy.password());
                b.authenticator(
                        new java.net.Authenticator() {
                            @Override
                            protected @Nullable PasswordAuthentication getPasswordAuthentication() {
                                return getRequestorType() == RequestorType.PROXY
                                        ? credentials
                                        : null;
                            }
                        });
            }
        }
        client = b.build();
    }

    @Override
    public TransportResponse send(TransportRequest r)
            throws TransportException, InterruptedException {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(r.uri()).timeout(Duration.ofNanos(r.headersTimeoutNanos()));
        if ("http".equalsIgnoreCase(r.uri().getScheme())) {
            b.version(HttpClient.Version.HTTP_1_1);
        }
        r.headers().forEach((name, values) -> values.forEach(v -> b.header(name, v)));
        HttpRequest.BodyPublisher publisher = HttpRequest.BodyPublishers.noBody();
        if (r.body() != null) {
            RequestBody body = r.body();
            long length;
            try {
                length = body.length();
            } catch (IOException e) {
                throw new TransportException(
                        TransportException.Kind.BROKEN,
                        "the request body cannot be read: " + e.getMessage(),
                        e);
            }
            HttpRequest.BodyPublisher stream =
                    HttpRequest.BodyPublishers.ofInputStream(
                            () -> {
                                try {
                                    return body.open();
                                } catch (IOException e) {
                                    throw new java.io.UncheckedIOException(e);
                                }
                            });
            publisher =
                    length >= 0 ? HttpRequest.BodyPublishers.fromPublisher(stream, length) : stream;
        }
        b.method(r.method(), publisher);
        BodyChannel channel = new BodyChannel();
        HttpResponse<BodyChannel> response;
        try {
            response = client.send(b.build(), info -> channel);
        } catch (InterruptedException e) {
            channel.cancel();
            throw e;
        } catch (HttpConnectTimeoutException e) {
            throw new TransportException(
                    TransportException.Kind.CONNECT_TIMEOUT, e.getMessage(), e);
        } catch (HttpTimeoutException e) {
            throw new TransportException(
                    TransportException.Kind.HEADERS_TIMEOUT, e.getMessage(), e);
        } catch (IOException e) {
            TransportException.Kind kind = Failures.connectKind(e);
            if (kind == TransportException.Kind.TLS) {
                throw new TransportException(kind, Failures.tlsReason(e, r.uri().getHost()), e);
            }
            if (kind != null) {
                throw new TransportException(kind, String.valueOf(e.getMessage()), e);
            }
            if (isStreamRefused(e)) {
                throw new TransportException(
                        TransportException.Kind.STREAM_REFUSED, e.getMessage(), e);
            }
            throw new TransportException(
                    TransportException.Kind.BROKEN, String.valueOf(e.getMessage()), e);
        }
        return new TransportResponse(
                response.statusCode(), ResponseHeaders.of(response.headers()), channel);
    }

    public static boolean isStreamRefused(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null
                    && message.toLowerCase(Locale.ROOT).contains("too many concurrent streams")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int idleConnections() {
        return -1;
    }

    @Override
    public int leasedConnections() {
        return -1;
    }

    @Override
    public boolean shutdown() {
        boolean interrupted = false;
        client.shutdownNow();
        try {
            client.awaitTermination(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            interrupted = true;
        }
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            interrupted = true;
        }
        return interrupted;
    }

    @Override
    public boolean isTerminated() {
        return client.isTerminated() && executor.isTerminated();
    }
}
