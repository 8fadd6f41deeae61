package dev.weft.io.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.test.http.JsonPlaceholderServer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** Many calls through one session with the default limits: all succeed, nothing leaks. */
@Timeout(60)
class HttpStressTest {
    private static final int CALLERS = 200;
    private static final int CALLS_EACH = 50;

    @Test
    void tenThousandRequestsWithConcurrency200() throws Exception {
        LongAdder listened = new LongAdder();
        AtomicInteger ok = new AtomicInteger();
        try (JsonPlaceholderServer server = JsonPlaceholderServer.start()) {
            HttpSession http =
                    HttpSession.builder()
                            .baseUri(server.baseUri())
                            .listener(e -> listened.increment())
                            .build();
            try (http) {
                CountDownLatch gate = new CountDownLatch(1);
                List<Future<?>> callers = new ArrayList<>();
                try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                    for (int c = 0; c < CALLERS; c++) {
                        int id = c % 100 + 1;
                        callers.add(
                                pool.submit(
                                        () -> {
                                            gate.await();
                                            for (int i = 0; i < CALLS_EACH; i++) {
                                                if (http.get("/posts/" + id)
                                                        .text()
                                                        .contains("\"id\": " + id)) {
                                                    ok.incrementAndGet();
                                                }
                                            }
                                            return null;
                                        }));
                    }
                    gate.countDown();
                    for (Future<?> f : callers) {
                        f.get();
                    }
                }
                assertEquals(CALLERS * CALLS_EACH, ok.get());
                assertEquals(CALLERS * CALLS_EACH, listened.sum());
                assertEquals(CALLERS * CALLS_EACH, server.requestCount());
                int max = server.maxInFlight();
                assertTrue(
                        max <= HttpLimits.defaults().maxPerHost(),
                        "server saw " + max + " at once");
                assertEquals(0, server.inFlight());
                assertEquals(
                        HttpLimits.defaults().maxConcurrent(),
                        http.engine().permits().availableGlobal());
                assertEquals(
                        HttpLimits.defaults().maxPerHost(),
                        http.engine().permits().availableForHost(server.baseUri()));
            }
            assertTrue(http.isTerminated(), "the session's client and executor have stopped");
        }
    }
}
