package dev.weft.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.TimeUnit;

class EchoServerTest {
    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void echoesThreeLinesAndStopsWithNoConnectionOpen() throws Exception {
        LineRecorder rec = Captured.run(EchoServer::main).out();

        assertEquals(
                List.of(
                        "echo server listening",
                        "sent 'hello', received 'hello'",
                        "sent 'structured', received 'structured'",
                        "sent 'concurrency', received 'concurrency'",
                        "server stopped, 0 connections open"),
                rec.texts());
    }
}
