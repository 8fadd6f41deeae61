package dev.weft.io.http;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP proxy process-in-the-test on a loopback port, one virtual thread per connection:
 * {@code CONNECT host:port} opens a tunnel (for https), an absolute-form request is forwarded to
 * its origin and the answer relayed back (for http). With a user and password it demands Basic
 * proxy authentication ({@code 407} with {@code Proxy-Authenticate}) and keeps the connection for
 * the retry, as real proxies do. It records every request line and whether it carried valid
 * credentials.
 */
final class TestProxy implements AutoCloseable {
    private final ServerSocket server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final String expectedAuth;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    final List<String> seen = new CopyOnWriteArrayList<>();

    private TestProxy(String user, String password) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        expectedAuth =
                user == null
                        ? null
                        : "Basic "
                                + Base64.getEncoder()
                                        .encodeToString(
                                                (user + ":" + password)
                                                        .getBytes(StandardCharsets.UTF_8));
        threads.submit(this::acceptLoop);
    }

    static TestProxy open() throws IOException {
        return new TestProxy(null, null);
    }

    static TestProxy withBasicAuth(String user, String password) throws IOException {
        return new TestProxy(user, password);
    }

    int port() {
        return server.getLocalPort();
    }

    private Void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                sockets.add(s);
                threads.submit(() -> serve(s));
            } catch (IOException e) {
                return null;
            }
        }
        return null;
    }

    private Void serve(Socket client) {
        try (client) {
            InputStream in = new BufferedInputStream(client.getInputStream());
            OutputStream out = client.getOutputStream();
            while (true) {
                List<String> head = readHead(in);
                if (head == null) {
                    return null;
                }
                String requestLine = head.get(0);
                String auth = header(head, "proxy-authorization");
                boolean authorised = expectedAuth == null || expectedAuth.equals(auth);
                seen.add(
                        requestLine
                                + (auth == null ? "" : authorised ? " [auth ok]" : " [auth bad]"));
                long length =
                        Long.parseLong(
                                header(head, "content-length") == null
                                        ? "0"
                                        : header(head, "content-length"));
                byte[] body = in.readNBytes((int) length);
                if (!authorised) {
                    out.write(
                            ("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"weft\"\r\n"
                                            + "Content-Length: 0\r\n\r\n")
                                    .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    continue;
                }
                String[] parts = requestLine.split(" ");
                if (parts[0].equals("CONNECT")) {
                    tunnel(client, in, out, parts[1]);
                } else {
                    forward(out, parts, head, body);
                }
                return null;
            }
        } catch (IOException e) {
            return null;
        }
    }

    private void tunnel(Socket client, InputStream in, OutputStream out, String target)
            throws IOException {
        int colon = target.lastIndexOf(':');
        try (Socket upstream =
                new Socket(
                        target.substring(0, colon),
                        Integer.parseInt(target.substring(colon + 1)))) {
            sockets.add(upstream);
            out.write(
                    "HTTP/1.1 200 Connection established\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            threads.submit(
                    () -> {
                        try {
                            upstream.getInputStream().transferTo(out);
                        } catch (IOException e) {
                            // one side closed
                        } finally {
                            close(client);
                        }
                        return null;
                    });
            try {
                in.transferTo(upstream.getOutputStream());
            } catch (IOException e) {
                // one side closed
            }
        }
    }

    private void forward(OutputStream out, String[] parts, List<String> head, byte[] body)
            throws IOException {
        URI uri = URI.create(parts[1]);
        try (Socket upstream = new Socket(uri.getHost(), uri.getPort())) {
            sockets.add(upstream);
            StringBuilder request =
                    new StringBuilder(
                            parts[0]
                                    + " "
                                    + uri.getRawPath()
                                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                                    + " HTTP/1.1\r\n");
            for (String h : head.subList(1, head.size())) {
                String name = h.substring(0, h.indexOf(':')).toLowerCase(Locale.ROOT);
                if (!name.startsWith("proxy-") && !name.equals("connection")) {
                    request.append(h).append("\r\n");
                }
            }
            request.append("Connection: close\r\n\r\n");
            OutputStream up = upstream.getOutputStream();
            up.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            up.write(body);
            up.flush();
            InputStream upIn = new BufferedInputStream(upstream.getInputStream());
            List<String> response = readHead(upIn);
            StringBuilder relayed = new StringBuilder();
            for (String h : response) {
                if (!h.toLowerCase(Locale.ROOT).startsWith("connection:")) {
                    relayed.append(h).append("\r\n");
                }
            }
            relayed.append("Connection: close\r\n\r\n");
            out.write(relayed.toString().getBytes(StandardCharsets.ISO_8859_1));
            upIn.transferTo(out);
            out.flush();
        }
    }

    private static String header(List<String> head, String name) {
        for (String h : head.subList(1, head.size())) {
            int colon = h.indexOf(':');
            if (colon > 0 && h.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return h.substring(colon + 1).trim();
            }
        }
        return null;
    }

    /** Reads a request or response head; null at a clean end of the stream. */
    private static List<String> readHead(InputStream in) throws IOException {
        List<String> lines = new ArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                return lines.isEmpty() && line.size() == 0 ? null : lines;
            }
            if (b == '\n') {
                String s = line.toString(StandardCharsets.ISO_8859_1).replace("\r", "");
                line.reset();
                if (s.isEmpty()) {
                    return lines;
                }
                lines.add(s);
            } else {
                line.write(b);
            }
        }
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // already closed
        }
        sockets.forEach(TestProxy::close);
        threads.shutdownNow();
        try {
            threads.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
