package dev.weft.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.TimeUnit;

class KeyValueServerTest {
    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void threeConcurrentWritersThenAReader() throws Exception {
        LineRecorder rec = Captured.run(KeyValueServer::main).out();

        assertEquals(
                List.of(
                        "kv server listening",
                        "SIZE -> 300",
                        "GET writer-1:42 -> value 42",
                        "DEL writer-2:7 -> DELETED",
                        "GET writer-2:7 -> NOT_FOUND",
                        "FLY me to the moon -> ERROR unknown command 'FLY'",
                        "QUIT -> BYE",
                        "server stopped"),
                rec.texts());
    }
}
