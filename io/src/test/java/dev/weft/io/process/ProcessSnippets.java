package dev.weft.io.process;

import dev.weft.Weft;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Code quoted by docs/processes.md; {@code ProcessDocExamplesTest} runs it. */
final class ProcessSnippets {
    private ProcessSnippets() {}

    // region run
    static String sorted(String text) {
        ProcessResult r =
                Command.of("sort")
                        .withInput(text)
                        .run(); // subprocess.run(["sort"], input=..., capture_output=True)
        return r.requireSuccess().stdoutText(); // check=True
    }

    // endregion

    static String failure() {
        // region check
        try {
            Command.of("sh", "-c", "echo 'disk full' >&2; exit 3").run().requireSuccess();
            return "no failure";
        } catch (ProcessFailedException e) {
            return e.getMessage(); // command [sh, -c, ...] exited with status 3; stderr ends
            // with:\ndisk full
        }
        // endregion
    }

    // region lines
    static List<String> buildSteps() {
        return Weft.run(
                () -> {
                    List<String> steps = new ArrayList<>();
                    try (Subprocess build =
                            Command.of(
                                            "sh",
                                            "-c",
                                            "for s in compile test package; do echo $s; done")
                                    .start()) {
                        for (String line : build.stdoutLines()) { // as the process writes them
                            steps.add(line);
                        }
                        build.waitForSuccess(); // or ProcessFailedException with stderr's tail
                    }
                    return steps;
                });
    }

    // endregion

    // region stdin
    static String sortInteractively(List<String> words) throws IOException {
        return Weft.run(
                () -> {
                    try (Subprocess sort = Command.of("sort").withStdin(Redirect.PIPE).start()) {
                        try (Writer in =
                                new OutputStreamWriter(sort.stdin(), StandardCharsets.UTF_8)) {
                            for (String w : words) {
                                in.write(w + "\n"); // waits while sort does not read
                            }
                        } // sort sees the end of its input
                        return sort.collect().requireSuccess().stdoutText();
                    }
                });
    }

    // endregion

    // region timeout
    static Optional<ProcessResult> within(Duration limit, Command command) {
        // asyncio.wait_for(proc.communicate(), limit): on expiry the process and its descendants
        // get
        // SIGTERM, then SIGKILL after the grace period, and are reaped before this returns.
        return Weft.withTimeoutOrEmpty(limit, command::run);
    }

    // endregion

    // region parallel
    static List<Long> lineCounts(List<Path> files) {
        return Weft.run(
                () ->
                        Weft.map(
                                files,
                                4,
                                file -> { // four wc processes at a time
                                    String out =
                                            Command.of("wc", "-l", file.toString())
                                                    .run()
                                                    .requireSuccess()
                                                    .stdoutText();
                                    return Long.parseLong(out.strip().split("\\s+")[0]);
                                }));
    }
    // endregion
}
