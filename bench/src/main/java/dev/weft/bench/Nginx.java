package dev.weft.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * A private nginx on loopback, the neutral server of the HTTP comparison: its own configuration,
 * logs and temp files in a temporary directory, a free port, one worker, and a 1 KiB static body.
 * Stopped by {@link #close()}.
 *
 * <p>Thread safety: not meant for concurrent use.
 */
public final class Nginx implements AutoCloseable {
    /** The body every GET returns. */
    public static final int BODY_BYTES = 1024;

    private final Process process;
    private final URI uri;

    private Nginx(Process process, URI uri) {
        this.process = process;
        this.uri = uri;
    }

    /**
     * Finds the nginx binary.
     *
     * @return its path, or null if nginx is not installed
     */
    public static Path binary() {
        for (String p :
                new String[] {"/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx"}) {
            if (Files.isExecutable(Path.of(p))) {
                return Path.of(p);
            }
        }
        return null;
    }

    /**
     * Starts nginx in {@code dir} and waits until it accepts connections.
     *
     * @param binary the nginx binary
     * @param dir an empty directory for its configuration, logs and body
     * @return the running server
     * @throws IOException if it cannot be started or does not come up within 10 s
     * @throws InterruptedException if interrupted while waiting for it
     */
    public static Nginx start(Path binary, Path dir) throws IOException, InterruptedException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path www = Files.createDirectories(dir.resolve("www"));
        byte[] body = new byte[BODY_BYTES];
        Arrays.fill(body, (byte) 'w');
        Files.write(www.resolve("1k.bin"), body);
        Files.createDirectories(dir.resolve("logs"));
        Files.createDirectories(dir.resolve("tmp"));
        boolean root = "root".equals(System.getProperty("user.name"));
        String conf =
                (root ? "user root;\n" : "")
                        + "worker_processes 1;\n"
                        + "daemon off;\n"
                        + "pid "
                        + dir.resolve("nginx.pid")
                        + ";\n"
                        + "error_log "
                        + dir.resolve("logs/error.log")
                        + " warn;\n"
                        + "events { worker_connections 1024; }\n"
                        + "http {\n"
                        + "  access_log off;\n"
                        + "  keepalive_requests 1000000;\n"
                        + "  keepalive_timeout 60s;\n"
                        + "  client_body_temp_path "
                        + dir.resolve("tmp/body")
                        + ";\n"
                        + "  proxy_temp_path "
                        + dir.resolve("tmp/proxy")
                        + ";\n"
                        + "  fastcgi_temp_path "
                        + dir.resolve("tmp/fastcgi")
                        + ";\n"
                        + "  uwsgi_temp_path "
                        + dir.resolve("tmp/uwsgi")
                        + ";\n"
                        + "  scgi_temp_path "
                        + dir.resolve("tmp/scgi")
                        + ";\n"
                        + "  server {\n"
                        + "    listen 127.0.0.1:"
                        + port
                        + ";\n"
                        + "    root "
                        + www
                        + ";\n"
                        + "  }\n"
                        + "}\n";
        Path confFile = dir.resolve("nginx.conf");
        Files.writeString(confFile, conf);
        Process p =
                new ProcessBuilder(
                                binary.toString(), "-p", dir.toString(), "-c", confFile.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("logs/stdout.log").toFile())
                        .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IOException(
                        "nginx exited with "
                                + p.exitValue()
                                + ": "
                                + Files.readString(dir.resolve("logs/stdout.log")));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return new Nginx(p, URI.create("http://127.0.0.1:" + port + "/1k.bin"));
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        p.destroyForcibly();
        throw new IOException("nginx did not accept connections on port " + port + " within 10 s");
    }

    /**
     * The URI of the 1 KiB body.
     *
     * @return the URI
     */
    public URI uri() {
        return uri;
    }

    /** Stops nginx (SIGTERM, then SIGKILL after 5 s) and waits for it. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
