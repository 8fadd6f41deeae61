package dev.weft.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/** Runs the code docs/generators-and-interop.md quotes from {@link InteropSnippets}. */
@Timeout(30)
class InteropExamplesTest {

    @Test
    void generatorStopsAtTheSecondMatch(@TempDir Path dir) throws IOException {
        Path a = Files.writeString(dir.resolve("a.txt"), "x\nneedle 1\ny\n");
        Path b = Files.writeString(dir.resolve("b.txt"), "needle 2\nneedle 3\n");
        assertEquals(
                List.of("needle 1", "needle 2"),
                InteropSnippets.firstTwoMatches(List.of(a, b), "needle"));
        assertEquals(List.of(1, 9, 25), InteropSnippets.oddSquares());
    }

    @Test
    void platformThreadCalls() {
        String hash =
                InteropSnippets.hashPassword(
                        "secret".toCharArray(), "salt".getBytes(StandardCharsets.UTF_8));
        assertEquals(64, hash.length());
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        InteropSnippets.LegacyDriver driver =
                id -> {
                    synchronized (InteropExamplesTest.class) {
                        most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                        inside.decrementAndGet();
                        return "row "
                                + id
                                + " on "
                                + (Thread.currentThread().isVirtual() ? "virtual" : "platform");
                    }
                };
        assertEquals("row 7 on platform", InteropSnippets.lookUp(driver, "7"));
    }

    @Test
    void taskFutureAndPublisherChannel() {
        assertEquals(42, InteropSnippets.combined());
        SubmissionPublisher<String> publisher = new SubmissionPublisher<>();
        Thread feeder =
                Thread.ofVirtual()
                        .start(
                                () -> {
                                    // waits for the subscriber by parking, not by spinning and
                                    // yielding: on a single
                                    // carrier a yielding thread can keep the subscribing task from
                                    // ever running
                                    while (publisher.getNumberOfSubscribers() == 0) {
                                        LockSupport.parkNanos(1_000_000L);
                                    }
                                    for (int i = 0; i < 50; i++) {
                                        publisher.submit("e" + i);
                                    }
                                    publisher.close();
                                });
        List<String> all = InteropSnippets.readAll(publisher);
        assertEquals(50, all.size());
        assertEquals("e0", all.get(0));
        assertEquals("e49", all.get(49));
        try {
            feeder.join();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertTrue(publisher.isClosed());
    }
}
