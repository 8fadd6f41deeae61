package dev.weft.samples.tour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.CancelledException;
import dev.weft.Weft;
import dev.weft.samples.Captured;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class CancelOnShutdownTest {
    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void theHookCancelsTheRunningSampleAndReturnsOnceItHasFinished() throws Exception {
        CompletableFuture<CancelOnShutdown> installed = new CompletableFuture<>();
        CompletableFuture<Throwable> ended = new CompletableFuture<>();
        Thread runner = Thread.ofPlatform().name("sample-runner").start(() -> {
            CancelOnShutdown guard = CancelOnShutdown.install(Duration.ofSeconds(20));
            installed.complete(guard);
            try {
                Weft.run(() -> Weft.sleep(Duration.ofMinutes(1)));
                ended.complete(null);
            } catch (Throwable t) {
                ended.complete(t);
            } finally {
                guard.close();
            }
        });
        CancelOnShutdown guard = installed.get(10, TimeUnit.SECONDS);
        long start = System.nanoTime();

        List<String> log;
        try (Captured stderr = Captured.start()) {
            guard.cancelRunner();
            log = stderr.err().texts();
        }

        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0, () -> "the hook took " + took + " (grace is 20 s)");
        assertTrue(ended.isDone(), "the hook returns only after the sample has finished");
        assertTrue(ended.get() instanceof CancelledException, () -> "expected a cancellation, got " + ended.join());
        runner.join();
        assertEquals(1, log.size(), log::toString);
        assertTrue(log.get(0).contains("WARN") && log.get(0).endsWith("shutting down: cancelling the running sample"),
                log::toString);
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void afterCloseTheHookDoesNothing() throws Exception {
        CancelOnShutdown guard = CancelOnShutdown.install(Duration.ofSeconds(5));
        guard.close();

        try (Captured stderr = Captured.start()) {
            guard.cancelRunner();
            assertEquals(List.of(), stderr.err().texts(), "nothing to say");
        }

        assertFalse(Thread.interrupted(), "a finished sample's thread must not be interrupted");
    }
}
