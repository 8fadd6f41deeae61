package dev.weft.samples;

import dev.weft.Weft;
import dev.weft.io.net.TcpConnection;
import dev.weft.io.net.TcpServer;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * asyncio's TCP echo server and client ({@code asyncio.start_server} and {@code
 * asyncio.open_connection}) in one program: a server task per connection, a client that sends three
 * lines and prints what comes back, then a graceful shutdown.
 *
 * <pre>{@code
 * async def handle_echo(reader, writer):
 *     while line := await reader.readline():
 *         writer.write(line)
 *         await writer.drain()
 *     writer.close()
 *
 * server = await asyncio.start_server(handle_echo, '127.0.0.1', 0)
 * reader, writer = await asyncio.open_connection('127.0.0.1', port)
 * }</pre>
 *
 * Prints:
 *
 * <pre>
 * echo server listening
 * sent 'hello', received 'hello'
 * sent 'structured', received 'structured'
 * sent 'concurrency', received 'concurrency'
 * server stopped, 0 connections open
 * </pre>
 *
 * {@code serve PORT} runs only the server, until Ctrl-C (try it with {@code nc 127.0.0.1 PORT});
 * {@code client PORT WORDS...} runs only the client against it.
 */
public final class EchoServer {
    /**
     * Runs the demo, or the server or client alone.
     *
     * @param args nothing for the demo; {@code serve PORT}; or {@code client PORT WORDS...}
     */
    public static void main(String[] args) {
        Weft.run(
                () -> {
                    if (args.length >= 2 && args[0].equals("serve")) {
                        TcpServer server =
                                TcpServer.builder()
                                        .port(Integer.parseInt(args[1]))
                                        .start(EchoServer::echo);
                        System.out.println("echo server listening on " + server.localAddress());
                        server.join(); // until Ctrl-C cancels us
                    } else if (args.length >= 2 && args[0].equals("client")) {
                        client(Integer.parseInt(args[1]), List.of(args).subList(2, args.length));
                    } else {
                        // region echo-demo
                        TcpServer server =
                                TcpServer.builder()
                                        .start(EchoServer::echo); // bound when it returns
                        System.out.println("echo server listening");
                        client(server.port(), List.of("hello", "structured", "concurrency"));
                        server.shutdown(Duration.ofSeconds(5)); // stop accepting; 5 s for handlers
                        server.join(); // asyncio's wait_closed()
                        System.out.println(
                                "server stopped, "
                                        + server.activeConnections()
                                        + " connections open");
                        // endregion
                    }
                });
    }

    // region echo-handler
    /** One task per connection: echo each line until the client closes its side. */
    static void echo(TcpConnection conn) throws IOException {
        for (String line; (line = conn.readLine()) != null; ) {
            conn.writeLine(line);
        }
    } // the server closes the connection when the handler returns

    // endregion

    // region echo-client
    static void client(int port, List<String> words) throws IOException {
        try (TcpConnection conn = TcpConnection.open("127.0.0.1", port)) {
            for (String word : words) {
                conn.writeLine(word);
                System.out.println("sent '" + word + "', received '" + conn.readLine() + "'");
            }
        }
    }
    // endregion
}
