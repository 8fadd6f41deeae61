package dev.weft.io.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Runs the code docs/processes.md quotes from {@link ProcessSnippets}. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ProcessDocExamplesTest {

    @Test
    void runAndCheck() {
        assertEquals("apple\nfig\npear\n", ProcessSnippets.sorted("pear\napple\nfig\n"));
        String message = ProcessSnippets.failure();
        assertEquals(
                "command [sh, -c, echo 'disk full' >&2; exit 3] exited with status 3; stderr ends with:\ndisk full",
                message);
    }

    @Test
    void linesStdinAndParallel(@TempDir Path dir) throws IOException {
        assertEquals(List.of("compile", "test", "package"), ProcessSnippets.buildSteps());
        assertEquals(
                "apple\nfig\npear\n",
                ProcessSnippets.sortInteractively(List.of("pear", "apple", "fig")));
        Path a = Files.writeString(dir.resolve("a"), "1\n2\n3\n");
        Path b = Files.writeString(dir.resolve("b"), "1\n");
        assertEquals(List.of(3L, 1L), ProcessSnippets.lineCounts(List.of(a, b)));
    }

    @Test
    void timeout() {
        Optional<ProcessResult> slow =
                ProcessSnippets.within(
                        Duration.ofMillis(200),
                        Command.of("sleep", "1000").withGracePeriod(Duration.ofMillis(200)));
        assertTrue(slow.isEmpty());
        assertEquals(
                0,
                ProcessHandle.current()
                        .children()
                        .filter(h -> h.info().command().orElse("").endsWith("sleep"))
                        .filter(ProcessHandle::isAlive)
                        .count(),
                "the sleep was reaped");
        Optional<ProcessResult> quick =
                ProcessSnippets.within(Duration.ofSeconds(30), Command.of("echo", "hi"));
        assertEquals("hi\n", quick.orElseThrow().stdoutText());
    }
}
