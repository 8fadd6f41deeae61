package dev.weft.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.CancelledException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class TourTest {
    private static final List<String> TUTORIAL =
            List.of("say_hello", "create_task", "gather", "files", "http_fetch", "exceptions", "cancellation");

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void theTutorialSamplesComeFirstInTutorialOrder() {
        List<String> names = List.copyOf(Tour.samples().keySet());
        assertEquals(TUTORIAL, names.subList(0, TUTORIAL.size()));
        for (String name : names) {
            assertTrue(Tour.lookup(name).isPresent(), name);
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void anUnknownNameFindsNothingAndTheMessageListsEveryValidName() {
        assertTrue(Tour.lookup("say_goodbye").isEmpty());
        assertTrue(Tour.lookup("all").isEmpty(), "all is handled by the tour itself");

        String message = Tour.unknownSample("say_goodbye");
        assertTrue(message.contains("'say_goodbye'"), message);
        assertTrue(message.contains("all"), message);
        for (String name : Tour.samples().keySet()) {
            assertTrue(message.contains(name), message);
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void theCommandLineNamesTheSampleAndPassesTheRestThrough() {
        assertEquals(new Tour.Invocation("all", List.of()), Tour.Invocation.parse());
        assertEquals(new Tour.Invocation("all", List.of()), Tour.Invocation.parse(" "));
        assertEquals(new Tour.Invocation("gather", List.of()), Tour.Invocation.parse("gather"));
        // exec:exec passes -Dsample="http_fetch URL" as one argument
        assertEquals(new Tour.Invocation("http_fetch", List.of("http://localhost:1/x")),
                Tour.Invocation.parse("http_fetch  http://localhost:1/x"));
        assertEquals(new Tour.Invocation("checksum", List.of("/tmp")), Tour.Invocation.parse("checksum", "/tmp"));
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void allRunsEverySampleInOrderUnderAHeading() throws Exception {
        Map<String, Sample> samples = new LinkedHashMap<>();
        samples.put("first", (out, args) -> out.println("one"));
        samples.put("second", (out, args) -> out.println("two " + args.length));
        LineRecorder rec = new LineRecorder();

        Tour.runAll(rec.out(), samples);

        assertEquals(List.of("== first ==", "one", "", "== second ==", "two 0"), rec.texts());
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void allStopsAfterASampleThatSwallowedItsInterrupt() {
        Map<String, Sample> samples = new LinkedHashMap<>();
        samples.put("swallows", (out, args) -> {
            out.println("interrupted");
            Thread.currentThread().interrupt();
        });
        samples.put("never", (out, args) -> out.println("must not run"));
        LineRecorder rec = new LineRecorder();

        assertThrows(CancelledException.class, () -> Tour.runAll(rec.out(), samples));

        assertTrue(Thread.interrupted(), "the interrupt status stays set");
        assertEquals(List.of("== swallows ==", "interrupted"), rec.texts());
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void interruptingTheRunnerThreadCancelsTheSampleAsCtrlCDoes() throws Exception {
        LineRecorder rec = new LineRecorder();
        CompletableFuture<Throwable> ended = new CompletableFuture<>();
        Thread runner = Thread.ofPlatform().name("tour-runner").start(() -> {
            try {
                Tour.lookup("create_task").orElseThrow().run(rec.out());
                ended.complete(null);
            } catch (Throwable t) {
                ended.complete(t);
            }
        });

        assertNotNull(rec.awaitLine(Duration.ofSeconds(10)), "task 1 never completed");
        runner.interrupt();

        Throwable thrown = ended.get(5, TimeUnit.SECONDS);
        runner.join();
        assertTrue(thrown instanceof CancelledException, () -> "expected a cancellation, got " + thrown);
        assertEquals(List.of("Task 1 completed"), rec.texts(), "task 2 must have been cancelled");
    }
}
