package dev.weft.samples;

import dev.weft.Generator;
import dev.weft.Limiter;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.io.files.TempPath;
import dev.weft.io.files.WeftFiles;
import dev.weft.io.process.Command;
import dev.weft.io.process.ProcessResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Demo: a parallel {@code grep} over a directory tree, as a generator pipeline with subprocesses. A
 * generator walks the tree on its own virtual thread and yields file paths; a second generator runs
 * one {@code grep} process per file, four at a time, and yields the matching lines in file order;
 * the caller prints them as they come. asyncio would write it with an async generator and {@code
 * create_subprocess_exec}:
 *
 * <pre>{@code
 * async def hits(pattern, root):
 *     async for path in walk(root):
 *         proc = await asyncio.create_subprocess_exec("grep", "-n", pattern, path, stdout=PIPE)
 *         out, _ = await proc.communicate()
 *         for line in out.decode().splitlines():
 *             yield f"{path}:{line}"
 * }</pre>
 *
 * Then a search that takes too long is cut short: the timeout cancels it, which ends its process
 * (SIGTERM, then SIGKILL after the grace period) before the call returns. Without arguments it
 * searches a small tree it writes to a temporary directory and prints:
 *
 * <pre>
 * loom.txt:1:warp and weft
 * loom.txt:3:the shuttle carries the weft
 * sub/cloth.txt:1:weft: the crosswise yarn
 * grep: 3 matching lines in 2 of 3 files, 4 grep processes at a time
 * grep: a search cut short after 300 ms left 0 child processes running
 * </pre>
 *
 * {@code grep PATTERN DIR} searches {@code DIR} for {@code PATTERN} instead (needs {@code grep} and
 * {@code sh} on the PATH, as on Linux and macOS).
 */
public final class ParallelGrep {
    private static final int PARALLEL = 4;

    /**
     * Searches the sample tree, or {@code args[1]} for {@code args[0]}.
     *
     * @param args nothing, or a pattern and a directory
     */
    public static void main(String[] args) {
        Weft.run(
                () -> {
                    if (args.length >= 2) {
                        search(args[0], Path.of(args[1]));
                        return;
                    }
                    try (TempPath dir = WeftFiles.tempDirectory("weft-grep-")) {
                        Path root = dir.path();
                        WeftFiles.writeString(
                                root.resolve("loom.txt"),
                                "warp and weft\nthe warp is stretched\nthe shuttle carries the weft\n");
                        WeftFiles.writeString(root.resolve("notes.txt"), "nothing to see here\n");
                        Files.createDirectories(root.resolve("sub"));
                        WeftFiles.writeString(
                                root.resolve("sub/cloth.txt"), "weft: the crosswise yarn\n");
                        search("weft", root);
                        cutShort();
                    }
                });
    }

    /**
     * What a search found, counted by the pipeline's stages: each count has one writer (the
     * generator's producer), so ++ on a volatile loses nothing; volatile lets the caller read it.
     */
    static final class Tally {
        volatile int files;
        volatile int matchingFiles;
        int lines;
    }

    private static void search(String pattern, Path root) {
        Tally tally = new Tally();
        // region grep-pipeline
        try (Generator<String> hits = hits(pattern, root, tally)) {
            for (String hit : hits) {
                System.out.println(hit); // as soon as its file is searched
                tally.lines++;
            }
        }
        // endregion
        System.out.println(
                "grep: "
                        + tally.lines
                        + " matching lines in "
                        + tally.matchingFiles
                        + " of "
                        + tally.files
                        + " files, "
                        + PARALLEL
                        + " grep processes at a time");
    }

    // region grep-hits
    /** Matching lines as "file:line:text", in file order, from one grep process per file. */
    @SuppressWarnings("NonAtomicVolatileUpdate") // one writer per count (see Tally)
    static Generator<String> hits(String pattern, Path root, Tally tally) {
        return Generator.start(
                16,
                out ->
                        Weft.scope(
                                s -> {
                                    Limiter processes = new Limiter(PARALLEL);
                                    Deque<Task<List<String>>> pending = new ArrayDeque<>();
                                    try (Generator<Path> files =
                                            Generator.start(emit -> walk(root, emit))) {
                                        for (Path file : files) {
                                            tally.files++;
                                            pending.add(
                                                    s.fork(
                                                            () ->
                                                                    processes.run(
                                                                            () ->
                                                                                    grep(
                                                                                            pattern,
                                                                                            root,
                                                                                            file))));
                                            while (pending.size() > 2 * PARALLEL
                                                    || (!pending.isEmpty()
                                                            && pending.peek().isDone())) {
                                                emitAll(
                                                        out,
                                                        pending.poll().join(),
                                                        tally); // in file order
                                            }
                                        }
                                    }
                                    while (!pending.isEmpty()) {
                                        emitAll(out, pending.poll().join(), tally);
                                    }
                                }));
    }

    /** The first stage's producer: every regular file under {@code root}, in path order. */
    static void walk(Path root, Generator.Emitter<Path> emit) throws IOException {
        try (Stream<Path> tree = Files.walk(root)) {
            Iterator<Path> it = tree.filter(Files::isRegularFile).sorted().iterator();
            while (it.hasNext()) {
                emit.emit(it.next()); // waits until the consumer wants it
            }
        }
    }

    /** One grep process: status 0 found lines, 1 found none, anything else is a failure. */
    static List<String> grep(String pattern, Path root, Path file) {
        ProcessResult r = Command.of("grep", "-n", "--", pattern, file.toString()).run();
        if (r.exitStatus() == 1) {
            return List.of();
        }
        String name = root.relativize(file).toString().replace('\\', '/');
        return r.requireSuccess().stdoutText().lines().map(line -> name + ":" + line).toList();
    }

    // endregion

    @SuppressWarnings("NonAtomicVolatileUpdate") // one writer per count (see Tally)
    private static void emitAll(Generator.Emitter<String> out, List<String> lines, Tally tally) {
        if (!lines.isEmpty()) {
            tally.matchingFiles++;
        }
        for (String line : lines) {
            out.emit(line);
        }
    }

    /** A search that takes too long: the timeout cancels run(), which ends its process first. */
    private static void cutShort() {
        // region grep-timeout
        Duration limit = Duration.ofMillis(300);
        boolean finished =
                Weft.withTimeoutOrEmpty(
                                limit,
                                () -> Command.of("sh", "-c", "sleep 30; grep -r weft /").run())
                        .isPresent();
        long running = ProcessHandle.current().children().filter(ProcessHandle::isAlive).count();
        // endregion
        System.out.println(
                "grep: a search "
                        + (finished ? "finished within " : "cut short after ")
                        + limit.toMillis()
                        + " ms left "
                        + running
                        + " child processes running");
    }
}
