package dev.weft.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.CancelledException;
import dev.weft.Task;
import dev.weft.TaskTree;
import dev.weft.Weft;
import dev.weft.test.VirtualClock;
import dev.weft.test.VirtualTime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

class PipelineTest {
    @Test
    @VirtualTime
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aCleanRunCollectsEveryResultAndTheCorruptItemStopsEveryStage(VirtualClock clock)
            throws Exception {
        LineRecorder rec = Captured.run(Pipeline::main).out();
        assertEquals(
                List.of(
                        "0.120 s pipeline: 24 items through 4 workers, collected 24 results, sum of squares 4900",
                        "0.200 s pipeline: item 13 is corrupt; the stages still running were cancelled and waited for"),
                rec.timeline());
        assertEquals(
                Duration.ofMillis(200), clock.elapsed()); // item 13 is in the fourth round of 20 ms
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void ctrlCInterruptingTheCallerCancelsEveryStageMidStream() throws Exception {
        CompletableFuture<Throwable> ended = new CompletableFuture<>();
        Thread runner =
                Thread.ofPlatform()
                        .name("pipeline-runner")
                        .start(
                                () -> {
                                    try {
                                        Weft.run(() -> Pipeline.pipeline(1_000_000, 0));
                                        ended.complete(null);
                                    } catch (Throwable t) {
                                        ended.complete(t);
                                    }
                                });
        awaitRunningTask("worker-4");

        runner.interrupt();

        Throwable thrown = ended.get(10, TimeUnit.SECONDS);
        runner.join();
        assertTrue(
                thrown instanceof CancelledException,
                () -> "expected a cancellation, got " + thrown);
        // The leak-check extension then verifies that no stage outlived the pipeline.
    }

    /** Waits until the live task tree shows a running task of that name. */
    private static void awaitRunningTask(String name) {
        while (!TaskTree.render().contains("task '" + name + "' " + Task.State.RUNNING)) {
            LockSupport.parkNanos(1_000_000);
        }
    }
}
