package dev.weft.bench;

import dev.weft.io.http.HttpLimits;
import dev.weft.io.http.HttpSession;

import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;

import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.io.entity.EntityUtils;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP clients of the engine comparison and of the bench's HTTP rows, each set up the way its
 * documentation recommends for many concurrent blocking calls to one host, behind one tiny
 * interface: a blocking GET of a fixed URL that returns the number of body bytes. Every client but
 * the socket floor builds its request from the URL string on each call, as an application does
 * (Weft's {@code http.get(url)} parses it too).
 *
 * <p>Every client is used from many virtual threads at once; each is thread-safe.
 */
final class GetClients {
    private GetClients() {}

    /** One client of the comparison. */
    interface GetClient extends AutoCloseable {
        /** The name shown in the tables. */
        String name();

        /**
         * Performs one GET and reads the whole body.
         *
         * @return the body length
         * @throws Exception if the GET fails or the status is not 200
         */
        long get() throws Exception;

        @Override
        void close() throws IOException;
    }

    /** Every client of the engine comparison, in table order. */
    static final List<String> ENGINE_CANDIDATES =
            List.of("jdk", "apache", "okhttp", "helidon", "socket", "weft");

    /**
     * Creates a client by its short name.
     *
     * @param kind {@code jdk}, {@code apache}, {@code okhttp}, {@code helidon}, {@code socket} or
     *     {@code weft}
     * @param uri the URL every GET fetches
     * @param concurrency the number of GETs in flight, which sizes the connection pools
     * @return the client
     */
    static GetClient create(String kind, URI uri, int concurrency) {
        return switch (kind) {
            case "jdk" -> new Jdk(uri);
            case "apache" -> new Apache(uri, concurrency);
            case "okhttp" -> new OkHttp(uri, concurrency);
            case "helidon" -> new Helidon(uri, concurrency);
            case "socket" -> new SocketFloor(uri);
            case "weft" -> new Weft(uri, concurrency);
            default -> throw new IllegalArgumentException("unknown client " + kind);
        };
    }

    private static long check(int status, long length) {
        if (status != 200) {
            throw new IllegalStateException("status " + status);
        }
        return length;
    }

    /** java.net.http.HttpClient, HTTP/1.1, on a virtual-thread executor. */
    static final class Jdk implements GetClient {
        private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        private final HttpClient client =
                HttpClient.newBuilder()
                        .executor(executor)
                        .version(HttpClient.Version.HTTP_1_1)
                        .build();
        private final String url;

        Jdk(URI uri) {
            url = uri.toString();
        }

        @Override
        public String name() {
            return "java.net.http (HTTP/1.1)";
        }

        @Override
        public long get() throws Exception {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).GET().build();
            HttpResponse<byte[]> r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return check(r.statusCode(), r.body().length);
        }

        @Override
        public void close() {
            client.close();
            executor.close();
        }
    }

    /**
     * Apache HttpClient 5 classic (blocking), a pooling connection manager sized to the
     * concurrency.
     */
    static final class Apache implements GetClient {
        private final PoolingHttpClientConnectionManager pool;
        private final CloseableHttpClient client;
        private final String url;

        Apache(URI uri, int concurrency) {
            this.url = uri.toString();
            pool =
                    PoolingHttpClientConnectionManagerBuilder.create()
                            .setMaxConnTotal(concurrency)
                            .setMaxConnPerRoute(concurrency)
                            .build();
            client =
                    HttpClients.custom()
                            .setConnectionManager(pool)
                            .disableAutomaticRetries()
                            .disableRedirectHandling()
                            .disableCookieManagement()
                            .disableContentCompression()
                            .build();
        }

        @Override
        public String name() {
            return "Apache HttpClient 5.6 classic";
        }

        @Override
        public long get() throws Exception {
            return client.execute(
                    new HttpGet(url),
                    (ClassicHttpResponse r) ->
                            check(r.getCode(), EntityUtils.toByteArray(r.getEntity()).length));
        }

        @Override
        public void close() throws IOException {
            client.close();
        }
    }

    /** OkHttp 5 blocking calls ({@code execute()}), a connection pool sized to the concurrency. */
    static final class OkHttp implements GetClient {
        private final OkHttpClient client;
        private final String url;

        OkHttp(URI uri, int concurrency) {
            Dispatcher dispatcher = new Dispatcher();
            dispatcher.setMaxRequests(concurrency);
            dispatcher.setMaxRequestsPerHost(concurrency);
            client =
                    new OkHttpClient.Builder()
                            .dispatcher(dispatcher)
                            .connectionPool(new ConnectionPool(concurrency, 5, TimeUnit.MINUTES))
                            .retryOnConnectionFailure(false)
                            .followRedirects(false)
                            .build();
            url = uri.toString();
        }

        @Override
        public String name() {
            return "OkHttp 5.5 (blocking)";
        }

        @Override
        public long get() throws Exception {
            Request request = new Request.Builder().url(url).build();
            try (Response r = client.newCall(request).execute();
                    ResponseBody body = r.body()) {
                return check(r.code(), body.bytes().length);
            }
        }

        @Override
        public void close() {
            client.dispatcher().executorService().shutdown();
            client.connectionPool().evictAll();
        }
    }

    /** Helidon WebClient 4 (blocking, written for virtual threads). */
    static final class Helidon implements GetClient {
        private final WebClient client;
        private final String url;

        Helidon(URI uri, int concurrency) {
            this.url = uri.toString();
            client = WebClient.builder().shareConnectionCache(false).build();
        }

        @Override
        public String name() {
            return "Helidon WebClient 4.5";
        }

        @Override
        public long get() {
            try (HttpClientResponse r = client.get(url).request()) {
                return check(r.status().code(), r.entity().as(byte[].class).length);
            }
        }

        @Override
        public void close() {
            client.closeResource();
        }
    }

    /**
     * Weft's HttpSession with limits at the concurrency, timeouts and retries at their defaults.
     */
    static final class Weft implements GetClient {
        private final HttpSession http;
        private final String url;

        Weft(URI uri, int concurrency) {
            url = uri.toString();
            http =
                    HttpSession.builder()
                            .limits(
                                    HttpLimits.defaults()
                                            .withMaxConcurrent(concurrency)
                                            .withMaxPerHost(concurrency))
                            .build();
        }

        @Override
        public String name() {
            return "Weft HttpSession";
        }

        @Override
        public long get() {
            return http.get(url).bytes().length;
        }

        @Override
        public void close() {
            http.close();
        }
    }

    /**
     * The floor: a minimal blocking HTTP/1.1 keep-alive loop on plain sockets, with idle
     * connections in a queue. It parses only the status line and {@code Content-Length}; it is what
     * no real client can beat, not a client.
     */
    static final class SocketFloor implements GetClient {
        private final ConcurrentLinkedQueue<Conn> idle = new ConcurrentLinkedQueue<>();
        private final String host;
        private final int port;
        private final byte[] request;

        SocketFloor(URI uri) {
            host = uri.getHost();
            port = uri.getPort();
            request =
                    ("GET "
                                    + uri.getRawPath()
                                    + " HTTP/1.1\r\nHost: "
                                    + host
                                    + ":"
                                    + port
                                    + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII);
        }

        private record Conn(Socket socket, InputStream in, OutputStream out) {}

        @Override
        public String name() {
            return "socket keep-alive loop (floor)";
        }

        @Override
        public long get() throws IOException {
            Conn c = idle.poll();
            if (c == null) {
                Socket s = new Socket(host, port);
                s.setTcpNoDelay(true);
                c =
                        new Conn(
                                s,
                                new BufferedInputStream(s.getInputStream(), 8192),
                                s.getOutputStream());
            }
            c.out().write(request);
            c.out().flush();
            int status = -1;
            long length = -1;
            StringBuilder line = new StringBuilder();
            while (true) {
                line.setLength(0);
                for (int b; (b = c.in().read()) != '\n'; ) {
                    if (b < 0) {
                        throw new UncheckedIOException(new IOException("connection closed"));
                    }
                    if (b != '\r') {
                        line.append((char) b);
                    }
                }
                if (line.isEmpty()) {
                    break;
                }
                if (status < 0) {
                    status = Integer.parseInt(line.substring(9, 12));
                } else if (line.length() > 15
                        && line.substring(0, 15).equalsIgnoreCase("content-length:")) {
                    length = Long.parseLong(line.substring(15).strip());
                }
            }
            byte[] body = c.in().readNBytes((int) length);
            idle.add(c);
            return check(status, body.length);
        }

        @Override
        public void close() throws IOException {
            for (Conn c; (c = idle.poll()) != null; ) {
                c.socket().close();
            }
        }
    }
}
