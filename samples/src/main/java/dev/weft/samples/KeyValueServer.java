package dev.weft.samples;

import dev.weft.Weft;
import dev.weft.io.net.HandlerFailurePolicy;
import dev.weft.io.net.TcpConnection;
import dev.weft.io.net.TcpServer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A line-based key-value server, one task per client, sharing one map: {@code SET key value},
 * {@code GET key}, {@code DEL key}, {@code SIZE}, {@code QUIT}. At most 100 clients at once (the
 * server's connection limiter); a client idle for 30 s is dropped; a failing handler is logged and
 * the others carry on.
 *
 * <p>The demo runs three writers at once, each storing 100 keys over its own connection, then a
 * reader that prints:
 *
 * <pre>
 * kv server listening
 * SIZE -> 300
 * GET writer-1:42 -> value 42
 * DEL writer-2:7 -> DELETED
 * GET writer-2:7 -> NOT_FOUND
 * FLY me to the moon -> ERROR unknown command 'FLY'
 * QUIT -> BYE
 * server stopped
 * </pre>
 *
 * {@code serve PORT} runs only the server, until Ctrl-C (try {@code nc 127.0.0.1 PORT}).
 */
public final class KeyValueServer {
    private static final Logger LOG = LoggerFactory.getLogger(KeyValueServer.class);
    private static final Duration IDLE = Duration.ofSeconds(30);

    private final ConcurrentHashMap<String, String> store = new ConcurrentHashMap<>();

    private KeyValueServer() {}

    /**
     * Runs the demo, or the server alone.
     *
     * @param args nothing for the demo, or {@code serve PORT}
     */
    public static void main(String[] args) {
        KeyValueServer kv = new KeyValueServer();
        Weft.run(
                () -> {
                    int port =
                            args.length >= 2 && args[0].equals("serve")
                                    ? Integer.parseInt(args[1])
                                    : 0;
                    // region kv-start
                    TcpServer server =
                            TcpServer.builder()
                                    .port(port)
                                    .maxConnections(100) // a Limiter inside
                                    .onHandlerFailure(
                                            HandlerFailurePolicy.log()) // the default, spelled out
                                    .start(kv::serve);
                    // endregion
                    if (port != 0) {
                        System.out.println("kv server listening on " + server.localAddress());
                        server.join();
                        return;
                    }
                    System.out.println("kv server listening");
                    Weft.forEach(
                            List.of(0, 1, 2),
                            3,
                            w -> { // three writers at once
                                try (TcpConnection conn =
                                        TcpConnection.open("127.0.0.1", server.port())) {
                                    for (int i = 0; i < 100; i++) {
                                        conn.writeLine("SET writer-" + w + ":" + i + " value " + i);
                                        if (!"OK".equals(conn.readLine())) {
                                            throw new IllegalStateException("SET refused");
                                        }
                                    }
                                }
                            });
                    try (TcpConnection conn = TcpConnection.open("127.0.0.1", server.port())) {
                        for (String command :
                                List.of(
                                        "SIZE",
                                        "GET writer-1:42",
                                        "DEL writer-2:7",
                                        "GET writer-2:7",
                                        "FLY me to the moon",
                                        "QUIT")) {
                            conn.writeLine(command);
                            System.out.println(command + " -> " + conn.readLine());
                        }
                    }
                    server.shutdown(Duration.ofSeconds(5));
                    server.join();
                    System.out.println("server stopped");
                    LOG.debug("served {} connections", server.acceptedConnections());
                });
    }

    // region kv-handler
    /** One client: read a command line, answer one line, until QUIT, end of stream or 30 s idle. */
    private void serve(TcpConnection conn) throws IOException {
        while (true) {
            String line = Weft.withTimeoutOrEmpty(IDLE, conn::readLine).orElse(null);
            if (line == null) {
                return; // the client left, or idled out
            }
            String[] words = line.split(" ", 3);
            String reply =
                    switch (words[0]) {
                        case "SET" ->
                                words.length == 3
                                        ? put(words[1], words[2])
                                        : "ERROR usage: SET key value";
                        case "GET" ->
                                words.length == 2
                                        ? store.getOrDefault(words[1], "NOT_FOUND")
                                        : "ERROR usage: GET key";
                        case "DEL" ->
                                words.length == 2 && store.remove(words[1]) != null
                                        ? "DELETED"
                                        : "NOT_FOUND";
                        case "SIZE" -> String.valueOf(store.size());
                        case "QUIT" -> "BYE";
                        default -> "ERROR unknown command '" + words[0] + "'";
                    };
            conn.writeLine(reply);
            if (reply.equals("BYE")) {
                return;
            }
        }
    }

    // endregion

    private String put(String key, String value) {
        store.put(key, value);
        return "OK";
    }
}
