package dev.weft.io.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A hand-driven peer for client tests: a loopback listening socket whose one connection the test
 * accepts and writes raw bytes to, so that it can misbehave exactly (cut a frame short, never read,
 * send an endless line). Closes everything on close.
 */
final class RawPeer implements AutoCloseable {
    private final ServerSocket listener;
    private Socket accepted;

    RawPeer() throws IOException {
        listener = new ServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Accepts the client (blocks until it has connected). */
    Socket accept() throws IOException {
        accepted = listener.accept();
        return accepted;
    }

    void send(byte[] bytes) throws IOException {
        accepted.getOutputStream().write(bytes);
        accepted.getOutputStream().flush();
    }

    void send(String text) throws IOException {
        send(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Ends the stream towards the client (FIN) while still able to read. */
    void shutdownOutput() throws IOException {
        accepted.shutdownOutput();
    }

    @Override
    public void close() throws IOException {
        if (accepted != null) {
            accepted.close();
        }
        listener.close();
    }
}
