package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Without an SLF4J provider, a failure nobody retrieved still reaches the user: on stderr, once,
 * with a note on how to route it to a logger. Checked in a child JVM whose class path has no
 * provider (this module's tests run with Logback).
 */
class NoLoggingProviderTest {

    /** The child: loses one failure to an outer cancellation and has one callback throw. */
    public static void main(String[] args) throws Exception {
        CountDownLatch blocked = new CountDownLatch(1);
        try (Scope outer = Scope.open()) {
            Task<Void> parent =
                    outer.fork(
                            () ->
                                    Weft.scope(
                                            s ->
                                                    s.fork(
                                                            "worker",
                                                            () -> {
                                                                try {
                                                                    blocked.countDown();
                                                                    new CountDownLatch(1).await();
                                                                } catch (InterruptedException e) {
                                                                    throw new IllegalStateException(
                                                                            "lost without logging?");
                                                                }
                                                                return null;
                                                            })));
            blocked.await();
            parent.cancel("parent cancelled");
            outer.join();
        }
        Weft.scope(
                s ->
                        s.fork("noisy", () -> "done")
                                .onComplete(
                                        t -> {
                                            throw new IllegalArgumentException("callback failed");
                                        }));
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aFailureNobodyRetrievedIsPrintedOnStderrOnceWithHowToRouteIt() throws Exception {
        String classPath =
                Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                        .filter(entry -> !entry.contains("logback"))
                        .collect(Collectors.joining(File.pathSeparator));
        Process p =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-cp",
                                classPath,
                                NoLoggingProviderTest.class.getName())
                        .start();
        p.getOutputStream().close();
        CompletableFuture<String> stdout =
                CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        String stderr = read(p.getErrorStream());
        assertTrue(p.waitFor(50, TimeUnit.SECONDS), "the child did not exit");

        assertEquals(0, p.exitValue(), stderr);
        assertEquals("", stdout.join());
        List<String> lines = stderr.lines().toList();
        List<String> warnings =
                lines.stream().filter(l -> l.startsWith("WARN dev.weft - ")).toList();
        assertEquals(
                List.of(
                        "WARN dev.weft - Task exception was never retrieved: task 'worker' in scope 'scope' failed",
                        "WARN dev.weft - completion callback of task 'noisy' threw"),
                warnings,
                stderr);
        int first = lines.indexOf(warnings.get(0));
        assertEquals(
                "java.lang.IllegalStateException: lost without logging?",
                lines.get(first + 1),
                stderr);
        assertTrue(lines.get(first + 2).contains("at dev.weft.NoLoggingProviderTest"), stderr);
        assertEquals(
                1,
                lines.stream()
                        .filter(
                                l ->
                                        l.startsWith(
                                                "java.lang.IllegalArgumentException: callback failed"))
                        .count(),
                stderr);
        List<String> notes =
                lines.stream().filter(l -> l.contains("SLF4J has no provider")).toList();
        assertEquals(1, notes.size(), "the note comes once: " + stderr);
        assertTrue(
                notes.get(0).contains("logback-classic") && notes.get(0).contains("\"dev.weft\""),
                notes.get(0));
        assertTrue(
                lines.indexOf(notes.get(0)) > first,
                "the note follows the first warning: " + stderr);
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
