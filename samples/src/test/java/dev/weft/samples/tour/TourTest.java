package dev.weft.samples.tour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.CancelledException;
import dev.weft.samples.Captured;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

class TourTest {
    private static final List<String> TUTORIAL =
            List.of(
                    "say_hello",
                    "create_task",
                    "gather",
                    "files",
                    "http_fetch",
                    "exceptions",
                    "cancellation");

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void theTutorialSamplesComeFirstInTutorialOrder() {
        List<String> names = List.copyOf(Tour.samples().keySet());
        assertEquals(TUTORIAL, names.subList(0, TUTORIAL.size()));
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void theBuildsNameCheckKnowsExactlyTheToursSamplesInTourOrder() throws Exception {
        String pom = Files.readString(Path.of("../pom.xml"));
        Matcher m = Pattern.compile("<weft.sampleNames>([^<]*)</weft.sampleNames>").matcher(pom);
        assertTrue(m.find(), "the root pom lists the sample names for -Dsample's check");
        assertEquals(List.copyOf(Tour.samples().keySet()), List.of(m.group(1).split(",\\s*")));
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void anUnknownNameListsTheValidOnesOnStderrAndExitsWithStatusTwo() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p =
                new ProcessBuilder(
                                java.toString(),
                                "-cp",
                                System.getProperty("java.class.path"),
                                Tour.class.getName(),
                                "say_goodbye")
                        .start();
        p.getOutputStream().close();
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(50, TimeUnit.SECONDS), "the tour did not exit");

        assertEquals(2, p.exitValue(), stderr);
        assertEquals("", stdout);
        assertEquals(List.of(Tour.unknownSample("say_goodbye")), stderr.lines().toList());
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void sigtermWhileASampleRunsCancelsItsTasksAndTheTourExitsWith143() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        // The echo server in its serve mode runs until it is cancelled: no timing involved.
        Process p =
                new ProcessBuilder(
                                java.toString(),
                                "-cp",
                                System.getProperty("java.class.path"),
                                Tour.class.getName(),
                                "echo serve 0")
                        .start();
        p.getOutputStream().close();
        CompletableFuture<String> stderr =
                CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        BufferedReader stdout =
                new BufferedReader(
                        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String ready = stdout.readLine();
        assertTrue(
                ready != null && ready.startsWith("echo server listening on "),
                () -> ready + stderr.join());

        // SIGTERM, as `kill` sends it (Process.destroy would also close our ends of the pipes);
        // Weft.run in the sample turns it into cancellation.
        assertEquals(
                0,
                new ProcessBuilder("kill", "-TERM", Long.toString(p.pid()))
                        .inheritIO()
                        .start()
                        .waitFor());

        assertTrue(p.waitFor(50, TimeUnit.SECONDS), "the tour did not exit");
        assertEquals(143, p.exitValue(), stderr::join);
        assertEquals(null, stdout.readLine(), "nothing more on stdout");
        assertFalse(stderr.join().contains("Exception"), "no stack trace: " + stderr.join());
    }

    private static String read(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void theMessageForAnUnknownNameListsEveryValidName() {
        assertTrue(!Tour.samples().containsKey("all"), "all is handled by the tour itself");

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
        assertEquals(
                new Tour.Invocation("http_fetch", List.of("http://localhost:1/x")),
                Tour.Invocation.parse("http_fetch  http://localhost:1/x"));
        assertEquals(
                new Tour.Invocation("checksum", List.of("/tmp")),
                Tour.Invocation.parse("checksum", "/tmp"));
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void allRunsEverySamplesMainInOrderUnderAHeadingWithNoArguments() throws Exception {
        Map<String, Tour.SampleMain> samples = new LinkedHashMap<>();
        samples.put("first", args -> System.out.println("one"));
        samples.put("second", args -> System.out.println("two " + args.length));

        Captured run = Captured.run(args -> Tour.runAll(samples));

        assertEquals(List.of("== first ==", "one", "", "== second ==", "two 0"), run.out().texts());
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void allStopsAfterASampleThatSwallowedItsInterrupt() throws Exception {
        Map<String, Tour.SampleMain> samples = new LinkedHashMap<>();
        samples.put(
                "swallows",
                args -> {
                    System.out.println("interrupted");
                    Thread.currentThread().interrupt();
                });
        samples.put("never", args -> System.out.println("must not run"));

        try (Captured run = Captured.start()) {
            assertThrows(CancelledException.class, () -> Tour.runAll(samples));

            assertTrue(Thread.interrupted(), "the interrupt status stays set");
            assertEquals(List.of("== swallows ==", "interrupted"), run.out().texts());
        }
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void interruptingTheRunnerThreadCancelsTheSampleAsCtrlCDoes() throws Exception {
        try (Captured run = Captured.start()) {
            CompletableFuture<Throwable> ended = new CompletableFuture<>();
            Thread runner =
                    Thread.ofPlatform()
                            .name("tour-runner")
                            .start(
                                    () -> {
                                        try {
                                            Tour.samples().get("create_task").run(new String[0]);
                                            ended.complete(null);
                                        } catch (Throwable t) {
                                            ended.complete(t);
                                        }
                                    });

            assertNotNull(run.out().awaitLine(Duration.ofSeconds(10)), "task 1 never completed");
            runner.interrupt();

            Throwable thrown = ended.get(5, TimeUnit.SECONDS);
            runner.join();
            assertTrue(
                    thrown instanceof CancelledException,
                    () -> "expected a cancellation, got " + thrown);
            assertEquals(
                    List.of("Task 1 completed"),
                    run.out().texts(),
                    "task 2 must have been cancelled");
        }
    }
}
