package dev.weft.io.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Weft;
import dev.weft.test.http.JsonPlaceholderServer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Load with injected faults (resets, stalls, truncation, 503 storms, redirect loops, oversized
 * bodies): every request ends in a value or a clear {@link HttpException}, and afterwards no
 * permit, leased connection, server exchange or session thread is left. 5,000 requests at
 * concurrency 200 in the normal build; {@code -Dweft.stress.scale=10} (the {@code stress} profile)
 * makes it 50,000.
 */
@org.junit.jupiter.api.extension.ExtendWith(dev.weft.io.net.SocketLeakCheck.class)
class HttpFaultInjectionTest {
    private static final int SCALE = Integer.getInteger("weft.stress.scale", 1);
    private static final int REQUESTS = 5_000 * SCALE;
    private static final int CONCURRENCY = 200;
    private static final String[] FAULTS = {
        "/faults/reset",
        "/faults/truncated?bytes=64",
        "/faults/status/503",
        "/faults/loop",
        "/faults/huge?bytes=200000",
        "/posts/1?stallAfterBytes=10",
        "/posts/2?delayMs=5",
    };

    @Test
    @Timeout(600)
    void everyRequestEndsInAValueOrAClearExceptionAndNothingLeaks() {
        Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
        AtomicInteger unclear = new AtomicInteger();
        List<String> unclearSamples = new ArrayList<>();
        int faultsInjected;
        try (JsonPlaceholderServer server = JsonPlaceholderServer.start()) {
            HttpSession http =
                    HttpSession.builder()
                            .baseUri(server.baseUri())
                            .timeouts(
                                    HttpTimeouts.defaults()
                                            .withBodyIdle(Duration.ofMillis(300))
                                            .withHeaders(Duration.ofSeconds(10)))
                            .limits(
                                    HttpLimits.defaults()
                                            .withMaxConcurrent(CONCURRENCY)
                                            .withMaxPerHost(CONCURRENCY)
                                            .withMaxResponseBytes(100_000)
                                            .withMaxRedirects(5))
                            .retry(
                                    HttpRetry.defaults()
                                            .withBackoff(
                                                    Duration.ofMillis(1), Duration.ofMillis(20)))
                            .build();
            Random random = new Random(42);
            List<String> paths = new ArrayList<>(REQUESTS);
            int faults = 0;
            for (int i = 0; i < REQUESTS; i++) {
                if (random.nextInt(10) == 0) {
                    paths.add(FAULTS[random.nextInt(FAULTS.length)]);
                    faults++;
                } else {
                    paths.add("/posts/" + (1 + random.nextInt(100)));
                }
            }
            faultsInjected = faults;
            try (http) {
                Weft.forEach(
                        paths,
                        CONCURRENCY,
                        path -> {
                            String outcome;
                            try {
                                String body = http.get(path).text();
                                outcome = body.contains("\"id\"") ? "value" : "value-without-id";
                            } catch (HttpException e) {
                                outcome = e.getClass().getSimpleName();
                            } catch (RuntimeException e) {
                                outcome = "UNCLEAR " + e;
                                unclear.incrementAndGet();
                                synchronized (unclearSamples) {
                                    if (unclearSamples.size() < 5) {
                                        unclearSamples.add(path + " -> " + e);
                                    }
                                }
                            }
                            outcomes.computeIfAbsent(outcome, k -> new LongAdder()).increment();
                        });
                assertEquals(
                        CONCURRENCY,
                        http.engine().permits().availableGlobal(),
                        "global permits leaked");
                assertEquals(
                        CONCURRENCY,
                        http.engine().permits().availableForHost(server.baseUri()),
                        "per-host permits leaked");
                assertEquals(
                        0, http.engine().transport().leasedConnections(), "connections leaked");
            }
            assertTrue(http.isTerminated(), "the session's client and executor stopped");
        }
        long total = outcomes.values().stream().mapToLong(LongAdder::sum).sum();
        assertEquals(REQUESTS, total, "every request ended: " + outcomes);
        assertEquals(0, unclear.get(), "unclear outcomes: " + unclearSamples);
        long failures = total - outcomes.getOrDefault("value", new LongAdder()).sum();
        // Faults surface as exceptions; on a loaded machine a healthy request may also time out,
        // which is a clear exception too, so only the lower bound is exact.
        assertTrue(failures > 0, "the injected faults surfaced: " + outcomes);
        System.out.println(
                "fault injection: "
                        + REQUESTS
                        + " requests, "
                        + faultsInjected
                        + " faults injected, outcomes "
                        + outcomes);
    }
}
