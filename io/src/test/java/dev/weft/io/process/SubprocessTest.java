package dev.weft.io.process;

import static dev.weft.io.process.ProcessTesting.awaitTrue;
import static dev.weft.io.process.ProcessTesting.survivors;
import static dev.weft.io.process.ProcessTesting.treeOf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.CancelledException;
import dev.weft.Channel;
import dev.weft.DeadlineExceededException;
import dev.weft.Scope;
import dev.weft.Task;
import dev.weft.Weft;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Subprocesses with real processes: sh, sleep, cat, sort, yes, process trees, a SIGTERM-ignorer.
 */
// A separate thread, so that a bug that makes close() wait forever fails the test instead of
// hanging the build.
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SubprocessTest {
    private static final Duration SHORT_GRACE = Duration.ofMillis(300);

    // ---- running to the end
    // ----------------------------------------------------------------------

    @Test
    void runReturnsTheStatusAndBothOutputsAndChecksOnlyWhenAsked() {
        ProcessResult r = Command.of("sh", "-c", "echo out; echo err >&2; exit 3").run();
        assertEquals(3, r.exitStatus());
        assertFalse(r.isSuccess());
        assertEquals("out\n", r.stdoutText());
        assertEquals("err\n", r.stderrText());
        ProcessFailedException e = assertThrows(ProcessFailedException.class, r::requireSuccess);
        assertEquals(List.of("sh", "-c", "echo out; echo err >&2; exit 3"), e.command());
        assertEquals(3, e.exitStatus());
        assertEquals("err", e.stderrTail());
        assertTrue(
                e.getMessage().contains("[sh, -c, echo out; echo err >&2; exit 3]")
                        && e.getMessage().contains("status 3")
                        && e.getMessage().endsWith("err"),
                e.getMessage());
        assertEquals(
                "hello", Command.of("echo", "hello").run().requireSuccess().stdoutText().strip());
    }

    @Test
    void runWritesTheInputAndWorksInsideATaskToo() {
        String sorted =
                Weft.run(
                        () ->
                                Command.of("sort")
                                        .withInput("pear\napple\nfig\n")
                                        .run()
                                        .stdoutText());
        assertEquals("apple\nfig\npear\n", sorted);
        byte[] big = new byte[1 << 20];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) ('a' + i % 26);
        }
        ProcessResult r = Command.of("cat").withInput(big).run();
        assertEquals(
                big.length,
                r.stdout().length,
                "a megabyte through cat, with back-pressure both ways");
    }

    @Test
    void environmentDirectoryAndMergedStderr(@TempDir Path dir) throws IOException {
        ProcessResult r =
                Command.of("sh", "-c", "echo $WEFT_TEST; pwd; echo oops >&2; echo ${HOME:-unset}")
                        .withEnv("WEFT_TEST", "bar")
                        .withoutEnv("HOME")
                        .withDirectory(dir)
                        .withStderrToStdout()
                        .run();
        assertEquals(
                List.of("bar", dir.toRealPath().toString(), "oops", "unset"),
                r.stdoutText().lines().toList());
        assertEquals("", r.stderrText());
    }

    @Test
    void aProgramThatCannotStartIsNamedInTheException() {
        ProcessStartException e =
                assertThrows(
                        ProcessStartException.class,
                        () -> Command.of("/no/such/program", "x").run());
        assertEquals(List.of("/no/such/program", "x"), e.command());
        assertTrue(
                e.getMessage().contains("/no/such/program")
                        && e.getMessage().contains("could not be started"),
                e.getMessage());
        assertInstanceOf(IOException.class, e.getCause());
    }

    @Test
    void outsideEveryScopeStartIsRefusedAndNothingRuns(@TempDir Path dir) {
        Path marker = dir.resolve("ran");
        assertThrows(
                IllegalStateException.class,
                () -> Command.of("sh", "-c", "touch '" + marker + "'").start());
        Command.of("true").run(); // let any stray process finish first
        assertFalse(Files.exists(marker), "the process ran although start was refused");
    }

    @Test
    void theScopeWaitsForAProcessStartedInIt(@TempDir Path dir) {
        Path marker = dir.resolve("done");
        Weft.scope(
                s -> {
                    Command.of("sh", "-c", "sleep 0.2; echo done > '" + marker + "'")
                            .start(); // never joined
                });
        assertTrue(Files.exists(marker), "Weft.scope returned before its process had finished");
    }

    // ---- streams --------------------------------------------------------------------------------

    @Test
    void stdoutIsAStreamAndStdinAPipe() throws Exception {
        Weft.run(
                () -> {
                    try (Subprocess cat = Command.of("cat").withStdin(Redirect.PIPE).start()) {
                        try (Writer in =
                                new OutputStreamWriter(cat.stdin(), StandardCharsets.UTF_8)) {
                            in.write("one\ntwo\n");
                        }
                        try (InputStream out = cat.stdout()) {
                            assertEquals(
                                    "one\ntwo\n",
                                    new String(out.readAllBytes(), StandardCharsets.UTF_8));
                        }
                        assertEquals(0, cat.waitFor());
                        assertFalse(cat.isAlive());
                    }
                    return null;
                });
    }

    @Test
    void aStdinPipeNobodyClosesEndsWithTheProcessAndLaterWritesFail() throws Exception {
        Subprocess done =
                Weft.run(
                        () -> {
                            Subprocess p =
                                    Command.of("true")
                                            .withStdin(Redirect.PIPE)
                                            .start(); // stdin never closed
                            assertEquals(0, p.waitFor());
                            return p; // Weft.run returns: nothing waits on the open stdin
                        });
        IOException e =
                assertThrows(
                        IOException.class,
                        () -> {
                            done.stdin().write(1);
                            done.stdin().flush();
                        });
        assertTrue(e.getMessage().contains("stdin"), e.getMessage());
    }

    @Test
    void stdoutLinesArriveInAChannel() {
        List<String> lines =
                Weft.run(
                        () -> {
                            try (Subprocess p =
                                    Command.of("sh", "-c", "for i in 1 2 3; do echo line $i; done")
                                            .start()) {
                                List<String> out = new ArrayList<>();
                                for (String line : p.stdoutLines()) {
                                    out.add(line);
                                }
                                assertThrows(IllegalStateException.class, p::stdoutLines);
                                assertEquals(0, p.waitFor());
                                return out;
                            }
                        });
        assertEquals(List.of("line 1", "line 2", "line 3"), lines);
    }

    @Test
    void stderrCanBeReadAsLinesWhenAskedFor() {
        List<String> lines =
                Weft.run(
                        () -> {
                            try (Subprocess p =
                                    Command.of("sh", "-c", "echo a >&2; echo b >&2")
                                            .withStderr(Redirect.PIPE)
                                            .start()) {
                                List<String> out = new ArrayList<>();
                                p.stderrLines().forEach(out::add);
                                p.waitFor();
                                return out;
                            }
                        });
        assertEquals(List.of("a", "b"), lines);
    }

    @Test
    void unreadStderrIsDrainedSoTheProcessNeverBlocksAndItsTailIsKept() {
        Weft.run(
                () -> {
                    String script =
                            "head -c 1000000 /dev/zero | tr '\\0' x >&2; for i in $(seq 1 30); do echo err $i >&2; done; exit 4";
                    try (Subprocess p = Command.of("sh", "-c", script).start()) {
                        ProcessFailedException e =
                                assertThrows(ProcessFailedException.class, p::waitForSuccess);
                        assertEquals(4, e.exitStatus());
                        List<String> tail = e.stderrTail().lines().toList();
                        assertEquals(10, tail.size(), e.stderrTail());
                        assertEquals("err 21", tail.get(0));
                        assertEquals("err 30", tail.get(9));
                    }
                    return null;
                });
    }

    @Test
    void accessorsSayWhatIsNotAPipe() {
        Weft.run(
                () -> {
                    try (Subprocess p = Command.of("true").withStdout(Redirect.DISCARD).start()) {
                        assertTrue(
                                assertThrows(IllegalStateException.class, p::stdin)
                                        .getMessage()
                                        .contains("withStdin"));
                        assertTrue(
                                assertThrows(IllegalStateException.class, p::stdout)
                                        .getMessage()
                                        .contains("redirected"));
                        assertTrue(
                                assertThrows(IllegalStateException.class, p::stderr)
                                        .getMessage()
                                        .contains("withStderr"));
                        assertEquals(0, p.waitFor());
                        assertEquals(List.of("true"), p.command());
                        assertTrue(p.toString().contains("exited 0"), p.toString());
                    }
                    return null;
                });
    }

    @Test
    void closingStdoutEarlyEndsAWriterWithSigpipe() {
        int status =
                Weft.run(
                        () -> {
                            try (Subprocess yes = Command.of("yes").start()) {
                                InputStream out = yes.stdout();
                                assertEquals('y', out.read());
                                out.close(); // stop reading: yes gets SIGPIPE
                                return yes.waitFor();
                            }
                        });
        assertEquals(128 + 13, status);
    }

    @Test
    void collectWithALimitEndsAFloodingProcess() {
        ProcessOutputTooLargeException e =
                assertThrows(
                        ProcessOutputTooLargeException.class,
                        () ->
                                Command.of("yes")
                                        .withOutputLimit(1 << 20)
                                        .withGracePeriod(SHORT_GRACE)
                                        .run());
        assertEquals("stdout", e.stream());
        assertEquals(1 << 20, e.limit());
        assertTrue(
                e.getMessage().contains("[yes]") && e.getMessage().contains("1048576"),
                e.getMessage());
    }

    // ---- waiting
    // ---------------------------------------------------------------------------------

    @Test
    void waitWithATimeoutLeavesTheProcessRunning() {
        Weft.run(
                () -> {
                    try (Subprocess p = Command.of("sleep", "100").start()) {
                        assertEquals(OptionalInt.empty(), p.waitFor(Duration.ZERO));
                        assertEquals(OptionalInt.empty(), p.waitFor(Duration.ofMillis(50)));
                        assertTrue(
                                p.isAlive(), "a timed wait that expires does not end the process");
                    } // close ends it
                    return null;
                });
        Weft.run(
                () -> {
                    try (Subprocess p = Command.of("sh", "-c", "exit 7").start()) {
                        assertEquals(OptionalInt.of(7), p.waitFor(Duration.ofSeconds(30)));
                        assertEquals(OptionalInt.of(7), p.waitFor(Duration.ZERO));
                    }
                    return null;
                });
    }

    // ---- ending a process
    // ---------------------------------------------------------------------------

    @Test
    void closingARunningProcessEndsItsWholeTree() {
        List<ProcessHandle> tree =
                Weft.run(
                        () -> {
                            Subprocess p =
                                    Command.of(
                                                    "sh",
                                                    "-c",
                                                    "sleep 1000 & sleep 1000 & sh -c 'sleep 1000 & wait' & wait")
                                            .withGracePeriod(SHORT_GRACE)
                                            .start();
                            List<ProcessHandle> t = treeOf(p.toHandle(), 4);
                            p.close();
                            assertFalse(p.isAlive());
                            return t;
                        });
        assertEquals(List.of(), survivors(tree));
    }

    @Test
    void aPoliteProcessGetsSigtermAndRunsItsCleanup(@TempDir Path dir) throws IOException {
        Path cleaned = dir.resolve("cleaned");
        int status =
                Weft.run(
                        () -> {
                            Subprocess p =
                                    Command.of(
                                                    "sh",
                                                    "-c",
                                                    "trap 'echo bye > \""
                                                            + cleaned
                                                            + "\"; exit 0' TERM; echo ready; sleep 1000 & wait")
                                            .start();
                            assertEquals("ready", p.stdoutLines().receive());
                            awaitTrue(
                                    "sleep has started",
                                    () -> p.toHandle().descendants().count() >= 1);
                            p.close();
                            return p.waitFor();
                        });
        assertEquals(0, status, "the trap ran and exited 0: SIGTERM came first");
        assertEquals("bye", Files.readString(cleaned).strip());
    }

    @Test
    void aProcessIgnoringSigtermIsKilledAfterTheGracePeriod() {
        long[] elapsed = new long[1];
        List<ProcessHandle> tree = new ArrayList<>();
        int status =
                Weft.run(
                        () -> {
                            Subprocess p =
                                    Command.of(
                                                    "sh",
                                                    "-c",
                                                    "trap '' TERM; echo ready; sleep 1000 & wait")
                                            .withGracePeriod(SHORT_GRACE)
                                            .start();
                            assertEquals("ready", p.stdoutLines().receive());
                            tree.addAll(treeOf(p.toHandle(), 1));
                            long t0 = System.nanoTime();
                            p.close();
                            elapsed[0] = System.nanoTime() - t0;
                            return p.waitFor();
                        });
        assertEquals(128 + 9, status, "SIGKILL ended it");
        assertTrue(
                elapsed[0] >= SHORT_GRACE.toNanos(),
                "killed before the grace period was over: " + elapsed[0]);
        assertEquals(List.of(), survivors(tree));
    }

    @Test
    void aDescendantThatEscapedTheTreeButHoldsAPipeIsEndedToo(@TempDir Path dir)
            throws IOException {
        Path pidFile = dir.resolve("escaped");
        // The subshell forks sleep and exits at once: sleep is re-parented before Weft can see it,
        // and it keeps the process's stdout open.
        String script = "(sleep 1000 & echo $! > '" + pidFile + "'); echo ready; sleep 1000";
        Weft.run(
                () -> {
                    Subprocess p =
                            Command.of("sh", "-c", script).withGracePeriod(SHORT_GRACE).start();
                    assertEquals("ready", p.stdoutLines().receive());
                    p.close(); // returns: the escaped holder was ended too
                    return null;
                });
        ProcessHandle escaped =
                ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip())).orElse(null);
        assertTrue(
                escaped == null || !dev.weft.io.process.internal.ProcessTree.isRunning(escaped),
                "the escaped sleep still runs");
    }

    @Test
    void aTimeoutEndsARunWhoseOutputIsHeldOpenByAnEscapedDescendant(@TempDir Path dir)
            throws IOException {
        Path pidFile = dir.resolve("escaped");
        String script = "(sleep 1000 & echo $! > '" + pidFile + "'); echo done; sleep 0.3";
        // sh exits, but the escaped sleep keeps stdout open: run reads until the end of the output,
        // as Python's subprocess.run does, and the timeout cancels it. (The JDK closes the pipe at
        // the exit itself when no read is in progress at that moment; then run returns "done".)
        try {
            ProcessResult r =
                    Weft.withTimeout(
                            Duration.ofMillis(1500),
                            () ->
                                    Command.of("sh", "-c", script)
                                            .withGracePeriod(SHORT_GRACE)
                                            .run());
            assertEquals("done\n", r.stdoutText());
            ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip()))
                    .ifPresent(ProcessHandle::destroyForcibly);
        } catch (DeadlineExceededException expected) {
            ProcessHandle escaped =
                    ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip()))
                            .orElse(null);
            assertTrue(
                    escaped == null || !dev.weft.io.process.internal.ProcessTree.isRunning(escaped),
                    "the escaped sleep still runs");
        }
    }

    // ---- cancellation at every blocking point
    // -----------------------------------------------------------

    @Test
    void cancellingATaskWaitingForTheProcessEndsItsTree() throws Exception {
        AtomicReference<List<ProcessHandle>> tree = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(1);
        try (Scope s = Scope.open()) {
            Task<Integer> waiter =
                    s.fork(
                            () -> {
                                Subprocess p =
                                        Command.of("sh", "-c", "sleep 1000 & sleep 1000 & wait")
                                                .withGracePeriod(SHORT_GRACE)
                                                .start();
                                tree.set(treeOf(p.toHandle(), 2));
                                started.countDown();
                                return p.waitFor(); // no try-with-resources: waitFor alone ends it
                            });
            started.await();
            waiter.cancel("user pressed stop");
            assertEquals(
                    "user pressed stop",
                    assertThrows(CancelledException.class, waiter::join).reason());
            assertEquals(
                    List.of(),
                    survivors(tree.get()),
                    "cancelled waitFor returned before the tree was gone");
            s.join();
        }
    }

    @Test
    void cancellingATimedWaitOrACollectEndsTheProcessToo() throws Exception {
        for (boolean timed : new boolean[] {true, false}) {
            AtomicReference<List<ProcessHandle>> tree = new AtomicReference<>();
            CountDownLatch started = new CountDownLatch(1);
            try (Scope s = Scope.open()) {
                Task<Object> waiter =
                        s.fork(
                                () -> {
                                    Subprocess p =
                                            Command.of("sh", "-c", "sleep 1000 & wait")
                                                    .withGracePeriod(SHORT_GRACE)
                                                    .start();
                                    tree.set(treeOf(p.toHandle(), 1));
                                    started.countDown();
                                    return timed ? p.waitFor(Duration.ofMinutes(10)) : p.collect();
                                });
                started.await();
                waiter.cancel("enough");
                assertThrows(CancelledException.class, waiter::join);
                assertEquals(
                        List.of(),
                        survivors(tree.get()),
                        (timed ? "waitFor(timeout)" : "collect()")
                                + " threw before the tree was gone");
                s.join();
            }
        }
    }

    @Test
    void aFailingScopeEndsItsProcesses() {
        List<ProcessHandle> tree = new ArrayList<>();
        IllegalStateException e =
                assertThrows(
                        IllegalStateException.class,
                        () ->
                                Weft.scope(
                                        s -> {
                                            Subprocess p =
                                                    Command.of("sh", "-c", "sleep 1000 & wait")
                                                            .withGracePeriod(SHORT_GRACE)
                                                            .start();
                                            tree.addAll(treeOf(p.toHandle(), 1));
                                            s.fork(
                                                    () -> {
                                                        throw new IllegalStateException(
                                                                "sibling failed");
                                                    });
                                        }));
        assertEquals("sibling failed", e.getMessage());
        assertEquals(List.of(), survivors(tree));
    }

    @Test
    void aTimeoutAroundRunEndsTheProcess() {
        List<ProcessHandle> tree = new ArrayList<>();
        Weft.run(
                () -> {
                    Subprocess p =
                            Command.of("sh", "-c", "sleep 1000 & wait")
                                    .withGracePeriod(SHORT_GRACE)
                                    .start();
                    tree.addAll(treeOf(p.toHandle(), 1));
                    assertThrows(
                            DeadlineExceededException.class,
                            () -> Weft.withTimeout(Duration.ofMillis(100), p::waitFor));
                    assertFalse(p.isAlive());
                    return null;
                });
        assertEquals(List.of(), survivors(tree));
        assertThrows(
                DeadlineExceededException.class,
                () ->
                        Weft.withTimeout(
                                Duration.ofMillis(200),
                                () ->
                                        Command.of("sleep", "1000")
                                                .withGracePeriod(SHORT_GRACE)
                                                .run()));
    }

    @Test
    void aCancelledReadOfStdoutThrowsAndLeavesTheStreamUsable() throws Exception {
        try (Scope s = Scope.open()) {
            Subprocess p = Command.of("cat").withStdin(Redirect.PIPE).start();
            CountDownLatch reading = new CountDownLatch(1);
            Task<Throwable> reader =
                    s.fork(
                            () -> {
                                reading.countDown();
                                try {
                                    return p.stdout().read() == -2
                                            ? null
                                            : new AssertionError("read returned");
                                } catch (CancelledException e) {
                                    return e;
                                }
                            });
            reading.await();
            reader.cancel("stop reading"); // parked in the read, or about to: it throws either way
            assertInstanceOf(CancelledException.class, reader.join());
            OutputStream in = p.stdin();
            in.write("after\n".getBytes(StandardCharsets.UTF_8));
            in.close();
            assertEquals("after\n", new String(p.stdout().readAllBytes(), StandardCharsets.UTF_8));
            assertEquals(0, p.waitFor());
            p.close();
            s.join();
        }
    }

    @Test
    void aWriteThatWaitsForAProcessThatDoesNotReadIsACancellationPoint() throws Exception {
        List<ProcessHandle> tree = new ArrayList<>();
        try (Scope s = Scope.open()) {
            Subprocess p =
                    Command.of("sleep", "1000")
                            .withStdin(Redirect.PIPE)
                            .withGracePeriod(SHORT_GRACE)
                            .start();
            tree.addAll(treeOf(p.toHandle(), 0));
            java.util.concurrent.atomic.AtomicLong written =
                    new java.util.concurrent.atomic.AtomicLong();
            Task<Long> writer =
                    s.fork(
                            () -> {
                                byte[] chunk = new byte[8192];
                                while (true) { // sleep never reads: the pipe fills, then the chunks
                                    p.stdin().write(chunk);
                                    written.addAndGet(chunk.length);
                                }
                            });
            awaitTrue("the pipe is full", () -> written.get() >= 64 * 1024);
            writer.cancel("enough");
            assertThrows(CancelledException.class, writer::join);
            p.close();
            s.join();
        }
        assertEquals(List.of(), survivors(tree));
    }

    @Test
    void aCancelledLinesConsumerThrowsAndCloseStillEndsTheProcess() throws Exception {
        List<ProcessHandle> tree = new ArrayList<>();
        try (Scope s = Scope.open()) {
            Subprocess p =
                    Command.of("sh", "-c", "echo first; sleep 1000 & wait")
                            .withGracePeriod(SHORT_GRACE)
                            .start();
            Channel<String> lines = p.stdoutLines();
            assertEquals("first", lines.receive());
            tree.addAll(treeOf(p.toHandle(), 1));
            Task<String> consumer = s.fork(lines::receive);
            awaitTrue("the consumer parks", () -> !consumer.isDone());
            consumer.cancel("no more lines");
            assertThrows(CancelledException.class, consumer::join);
            p.close();
            s.join();
        }
        assertEquals(List.of(), survivors(tree));
    }

    @Test
    void cancellingRunEndsTheProcessBeforeThrowing(@TempDir Path dir) throws Exception {
        Path pidFile = dir.resolve("pid");
        try (Scope s = Scope.open()) {
            Task<ProcessResult> runner =
                    s.fork(
                            () ->
                                    Command.of(
                                                    "sh",
                                                    "-c",
                                                    "sleep 1000 & echo $$ > '"
                                                            + pidFile
                                                            + "'; wait")
                                            .withGracePeriod(SHORT_GRACE)
                                            .run());
            awaitTrue(
                    "the shell wrote its pid",
                    () -> Files.exists(pidFile) && !readQuietly(pidFile).isBlank());
            ProcessHandle shell =
                    ProcessHandle.of(Long.parseLong(readQuietly(pidFile).strip())).orElseThrow();
            List<ProcessHandle> tree = treeOf(shell, 1);
            runner.cancel("stop");
            assertThrows(CancelledException.class, runner::join);
            assertEquals(List.of(), survivors(tree), "run threw before its tree was gone");
            s.join();
        }
    }

    private static String readQuietly(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "";
        }
    }

    @Test
    void closeIsNotACancellationPointItEndsTheProcessEvenInACancelledTask() throws Exception {
        List<ProcessHandle> tree = new ArrayList<>();
        CountDownLatch started = new CountDownLatch(1);
        try (Scope s = Scope.open()) {
            Task<Object> t =
                    s.fork(
                            () -> {
                                try (Subprocess p =
                                        Command.of("sh", "-c", "sleep 1000 & wait")
                                                .withGracePeriod(SHORT_GRACE)
                                                .start()) {
                                    tree.addAll(treeOf(p.toHandle(), 1));
                                    started.countDown();
                                    Weft.sleep(
                                            Duration.ofMinutes(
                                                    10)); // cancelled here; close runs in a
                                    // cancelled task
                                    return null;
                                }
                            });
            started.await();
            t.cancel();
            assertThrows(CancelledException.class, t::join);
            assertEquals(List.of(), survivors(tree));
            s.join();
        }
    }

    @Test
    @SuppressWarnings("try") // the scope is never referenced: its close() is what is tested
    void closingASubprocessLeavesNothingRunningForItsScopesCloseToDrop() {
        // A scope's close() throws when it has to cancel work nobody joined; a Subprocess closed
        // in it must have ended everything it forked (supervisor, pumps, line readers) by then.
        for (int round = 0; round < 10; round++) {
            try (Scope s = Scope.open()) {
                try (Subprocess p =
                        Command.of("sh", "-c", "echo ready; sleep 1000")
                                .withGracePeriod(SHORT_GRACE)
                                .start()) {
                    assertEquals("ready", p.stdoutLines().receive());
                }
            } // no join, and nothing to drop: no exception
        }
    }

    // ---- resources
    // ---------------------------------------------------------------------------------

    @Test
    void noFileDescriptorOrPumpThreadIsLeftBehind() {
        if (!ProcessTesting.canCountFds()) {
            return;
        }
        Runnable batch =
                () -> {
                    for (int i = 0; i < 5; i++) {
                        Command.of("sh", "-c", "echo out; echo err >&2").run();
                        Command.of("cat").withInput("x").run();
                        assertThrows(
                                ProcessOutputTooLargeException.class,
                                () ->
                                        Command.of("yes")
                                                .withOutputLimit(10_000)
                                                .withGracePeriod(SHORT_GRACE)
                                                .run());
                        assertThrows(
                                DeadlineExceededException.class,
                                () ->
                                        Weft.withTimeout(
                                                Duration.ofMillis(50),
                                                () ->
                                                        Command.of("sleep", "1000")
                                                                .withGracePeriod(SHORT_GRACE)
                                                                .run()));
                        Weft.run(
                                () -> {
                                    try (Subprocess p =
                                            Command.of("cat")
                                                    .withStdin(Redirect.PIPE)
                                                    .withStderr(Redirect.PIPE)
                                                    .start()) {
                                        p.stdout().read(new byte[0]);
                                    }
                                    return null;
                                });
                    }
                };
        batch.run(); // warm up: the JDK opens what it keeps open once
        long before = ProcessTesting.openFds();
        batch.run();
        long after = ProcessTesting.openFds();
        assertEquals(before, after, "file descriptors leaked by 25 processes");
    }

    // ---- bad input
    // -------------------------------------------------------------------------------

    @Test
    void badArgumentsAreRejectedByName(@TempDir Path dir) {
        assertTrue(
                assertThrows(IllegalArgumentException.class, () -> Command.of(List.of()))
                        .getMessage()
                        .contains("argv"));
        assertEquals(
                "argv[1]",
                assertThrows(
                                NullPointerException.class,
                                () -> Command.of(java.util.Arrays.asList("a", null)))
                        .getMessage());
        Command c = Command.of("true");
        assertTrue(
                assertThrows(
                                IllegalArgumentException.class,
                                () -> c.withGracePeriod(Duration.ofSeconds(-1)))
                        .getMessage()
                        .contains("gracePeriod"));
        assertTrue(
                assertThrows(IllegalArgumentException.class, () -> c.withOutputLimit(-1))
                        .getMessage()
                        .contains("maxBytes"));
        assertThrows(
                IllegalArgumentException.class,
                () -> c.withStdin(Redirect.to(dir.resolve("x").toFile())));
        assertThrows(IllegalArgumentException.class, () -> c.withStdin(Redirect.DISCARD));
        assertThrows(
                IllegalArgumentException.class,
                () -> c.withStdout(Redirect.from(dir.resolve("x").toFile())));
        assertThrows(IllegalArgumentException.class, () -> c.withEnv("A=B", "x"));
        assertThrows(IllegalArgumentException.class, () -> c.withoutEnv(""));
        Weft.run(
                () -> {
                    try (Subprocess p = c.start()) {
                        assertTrue(
                                assertThrows(
                                                IllegalArgumentException.class,
                                                () -> p.waitFor(Duration.ofMillis(-1)))
                                        .getMessage()
                                        .contains("timeout"));
                    }
                    return null;
                });
        assertEquals(Duration.ofSeconds(5), c.gracePeriod());
        assertEquals(32L << 20, c.outputLimit());
        assertEquals(StandardCharsets.UTF_8, c.charset());
        assertEquals(List.of("true"), c.argv());
    }
}
