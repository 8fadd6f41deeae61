package dev.weft.io.process;

import dev.weft.CancelledException;
import dev.weft.Channel;
import dev.weft.ScopeOptions;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.internal.Cancellations;
import dev.weft.internal.DurationRules;
import dev.weft.internal.Forks;
import dev.weft.internal.Waits;
import dev.weft.io.process.internal.ChunkInputStream;
import dev.weft.io.process.internal.ChunkOutputStream;
import dev.weft.io.process.internal.Pipes;
import dev.weft.io.process.internal.ProcessTree;
import dev.weft.io.process.internal.Tail;

import org.jspecify.annotations.Nullable;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A running subprocess, started by {@link Command#start()}: asyncio's {@code Process}. It belongs
 * to the scope it was started in and never outlives it.
 *
 * <pre>{@code
 * try (Subprocess sort = Command.of("sort").withStdin(Redirect.PIPE).start()) {
 *     try (Writer in = new OutputStreamWriter(sort.stdin(), UTF_8)) {
 *         in.write("pear\napple\n");
 *     }                                          // the process sees the end of its input
 *     ProcessResult r = sort.collect();          // reads stdout, waits for the exit
 *     System.out.print(r.requireSuccess().stdoutText());
 * }
 * }</pre>
 *
 * <h2>Lifecycle</h2>
 *
 * {@code start} forks a supervisor task into the current scope; it owns the process and the threads
 * that move its pipes. The process ends by itself, or is ended — politely, see {@link Command} —
 * when the scope is cancelled or fails, when a task waiting in {@link #waitFor()} is cancelled, or
 * when {@link #close()} is called while it runs. Either way it is reaped and its pipes are closed:
 * no zombie, no orphan among the descendants Weft saw, no open pipe. The scope waits until the
 * process has exited and its output was read or dropped, so use try-with-resources, which closes it
 * when the block is left.
 *
 * <h2>Streams</h2>
 *
 * {@link #stdout()} and {@link #stderr()} are {@link InputStream}s and {@link #stdin()} an {@link
 * OutputStream}, each for one thread at a time; {@link #stdoutLines()} and {@link #stderrLines()}
 * deliver lines into a {@link Channel}; {@link #collect()} reads what is left, up to the command's
 * output limit. A pipe read or write blocks a platform thread of Weft's pipe pumps, never a virtual
 * thread's carrier, and the caller parks until data moves.
 *
 * <h2>Cancellation</h2>
 *
 * Every blocking method is a cancellation point: {@link CancelledException} when the calling task
 * is cancelled (or the thread interrupted), before or while waiting. A cancelled read or write
 * leaves the stream usable; a cancelled {@link #waitFor()} (and {@link #collect()}, {@link
 * #waitForSuccess()}) ends the process before it throws. {@link #close()} is not a cancellation
 * point: it always waits until the process is reaped.
 *
 * <p>Thread safety: {@link #waitFor()}, {@link #close()} and the accessors may be called from any
 * thread; each stream is for one thread at a time. Arguments must not be null.
 */
public final class Subprocess implements AutoCloseable {
    private static final byte[] EMPTY = new byte[0];

    /** Lines buffered between a line reader and the channel's consumer. */
    private static final int LINES = 64;

    private final Command command;
    private final CompletableFuture<Process> started = new CompletableFuture<>();
    private final CompletableFuture<Void> supervised = new CompletableFuture<>();
    private final CompletableFuture<Void> stderrDrained = new CompletableFuture<>();
    private final @Nullable Channel<byte[]> stdinChunks;
    private final @Nullable Channel<byte[]> stdoutChunks;
    private final @Nullable Channel<byte[]> stderrChunks;
    private final @Nullable Tail tail;
    private final @Nullable ChunkOutputStream stdin;
    private final @Nullable ChunkInputStream stdout;
    private final @Nullable ChunkInputStream stderr;
    private final List<Channel<String>> lineChannels = new ArrayList<>(2);

    /** Completed as each line reader's task ends; close() waits for them. */
    private final List<CompletableFuture<Void>> lineReaders = new ArrayList<>(2);

    // process, exited and supervisor are set by start() before the Subprocess is returned.
    @SuppressWarnings("NullAway.Init")
    private volatile Process process;

    /**
     * The process's exit, asked of the JDK once: each onExit() call is a stage the JDK completes
     * through an asynchronous hop of its own, so waiters share this one through copies (a copy is
     * completed by the same thread, and cancelling it leaves this one alone).
     */
    @SuppressWarnings("NullAway.Init")
    private volatile CompletableFuture<Process> exited;

    /** The process's pipes, to find processes that still hold them when it is ended. */
    private volatile Set<String> pipes = Set.of();

    @SuppressWarnings("NullAway.Init")
    private Task<Void> supervisor;

    private boolean stdoutLinesTaken;
    private boolean stderrLinesTaken;
    private volatile boolean closed;

    /**
     * Set by the supervisor as it starts running (a supervisor cancelled before it ran never does).
     */
    private volatile boolean supervising;

    private Subprocess(Command command) {
        this.command = command;
        this.stdinChunks = command.stdinIsPipe() ? Channel.bounded(Pipes.CHUNKS) : null;
        this.stdoutChunks = command.stdoutIsPipe() ? Channel.bounded(Pipes.CHUNKS) : null;
        this.stderrChunks = command.stderrIsCallersPipe() ? Channel.bounded(Pipes.CHUNKS) : null;
        this.tail = command.stderrIsDrained() || command.stderrIsCallersPipe() ? new Tail() : null;
        this.stdin = stdinChunks != null ? new ChunkOutputStream(stdinChunks) : null;
        this.stdout = stdoutChunks != null ? new ChunkInputStream(stdoutChunks, "stdout") : null;
        this.stderr = stderrChunks != null ? new ChunkInputStream(stderrChunks, "stderr") : null;
        if (tail == null) {
            stderrDrained.complete(null);
        }
    }

    /**
     * Starts {@code command}. The supervisor is forked first, so that a caller outside every scope,
     * or in a scope that is being cancelled, never starts the process at all. A supervisor
     * cancelled after that but before it ran (its scope was cancelled meanwhile) never runs its
     * code; its completion callback, which runs before the scope counts it finished, then ends the
     * process itself.
     */
    static Subprocess start(Command command) {
        Cancellations.checkpoint();
        Subprocess sp = new Subprocess(command);
        Task<Void> sup = Forks.fork("process " + command.argv().get(0), sp::supervise);
        sp.supervisor = sup;
        if (sup.isDone()) {
            sp.started.completeExceptionally(new CancelledException("not started"));
            sp.supervised.complete(null);
            throw new CancelledException(
                    "the scope is being cancelled: " + command.argv() + " was not started");
        }
        Process p;
        try {
            p = command.builder().start();
        } catch (IOException e) {
            sp.started.completeExceptionally(e);
            sup.onComplete(t -> sp.supervised.complete(null));
            Waits.awaitQuietly(sp.supervised);
            throw new ProcessStartException(command.argv(), e);
        } catch (RuntimeException | Error e) {
            sp.started.completeExceptionally(e);
            sup.onComplete(t -> sp.supervised.complete(null));
            Waits.awaitQuietly(sp.supervised);
            throw e;
        }
        sp.process = p;
        sp.exited = p.onExit();
        sp.pipes = ProcessTree.pipesOf(p.pid());
        sp.started.complete(p);
        sup.onComplete(
                t -> {
                    if (!sp.supervising) {
                        // Cancelled before it ran: nobody else will end the process.
                        ProcessTree.terminate(p, command.gracePeriod());
                        sp.closePipes(p);
                    }
                    sp.supervised.complete(null);
                });
        if (!sp.supervising && sup.isDone()) {
            throw new CancelledException(
                    "the scope is being cancelled: " + command.argv() + " was ended at once");
        }
        return sp;
    }

    private void closePipes(Process p) {
        closeQuietly(p.getOutputStream());
        try {
            p.getInputStream().close();
            p.getErrorStream().close();
        } catch (IOException e) {
            // closing a pipe's read end does not fail in a way anyone could act on
        }
        stderrDrained.complete(null);
        if (stdoutChunks != null) {
            stdoutChunks.close();
        }
        if (stderrChunks != null) {
            stderrChunks.close();
        }
        if (stdinChunks != null) {
            stdinChunks.close();
        }
    }

    // ---- the supervisor --------------------------------------------------------------------

    private @Nullable Void supervise() {
        supervising = true;
        Waits.awaitQuietly(started); // start() completes it right after forking this task
        if (started.isCompletedExceptionally()) {
            stderrDrained.complete(null);
            return null;
        }
        Process p = started.join();
        Weft.scope(
                ScopeOptions.defaults().withName("process " + p.pid()),
                pumps -> {
                    List<CompletableFuture<Void>> pumped = new ArrayList<>(3);
                    byte[] input = command.input();
                    if (stdinChunks != null) {
                        pumped.add(
                                pump(
                                        pumps,
                                        p,
                                        "stdin",
                                        () -> Pipes.feed(stdinChunks, p.getOutputStream())));
                    } else if (input != null && input.length > 0) {
                        pumped.add(
                                pump(
                                        pumps,
                                        p,
                                        "stdin",
                                        () -> Pipes.feed(input, p.getOutputStream())));
                    } else {
                        closeQuietly(p.getOutputStream()); // no input, or redirected: end of
                        // input at once
                    }
                    if (stdoutChunks != null) {
                        pumped.add(
                                pump(
                                        pumps,
                                        p,
                                        "stdout",
                                        () ->
                                                Pipes.drain(
                                                        p.getInputStream(),
                                                        stdoutChunks,
                                                        null,
                                                        "stdout")));
                    }
                    if (tail != null) {
                        pumped.add(
                                pump(
                                        pumps,
                                        p,
                                        "stderr",
                                        () -> {
                                            try {
                                                Pipes.drain(
                                                        p.getErrorStream(),
                                                        stderrChunks,
                                                        tail,
                                                        "stderr");
                                            } finally {
                                                stderrDrained.complete(null);
                                            }
                                        }));
                    }
                    CompletableFuture<Void> allPumped =
                            CompletableFuture.allOf(pumped.toArray(CompletableFuture[]::new));
                    try {
                        Weft.await(exited.copy());
                        if (stdinChunks != null) {
                            stdinChunks
                                    .close(); // nobody reads stdin any more: the pump ends, later
                            // writes fail
                        }
                        Weft.await(allPumped.copy()); // output may still come from descendants that
                        // live on
                    } catch (CancelledException e) {
                        ProcessTree.terminate(p, command.gracePeriod());
                        // Descendants that escaped the tree but still hold one of its pipes are
                        // part of it
                        // too; and a pump blocked in a pipe read only ends once they are gone.
                        ProcessTree.endPipeHolders(pipes, command.gracePeriod());
                        throw e;
                    }
                });
        return null;
    }

    /**
     * Forks a pump task; the pipe work runs on a platform thread of the pipe pumps' own limiter.
     * Returns a future completed when the task is done.
     */
    private static CompletableFuture<Void> pump(
            dev.weft.Scope pumps, Process p, String which, Runnable work) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Task<Void> t =
                pumps.fork(
                        "process " + p.pid() + " " + which,
                        () ->
                                Weft.onPlatformThread(
                                        Pipes.THREADS,
                                        () -> {
                                            work.run();
                                            return null;
                                        }));
        t.onComplete(x -> done.complete(null));
        return done;
    }

    private static void closeQuietly(OutputStream out) {
        try {
            out.close();
        } catch (IOException e) {
            // the process already closed its stdin: nothing to tell it
        }
    }

    /**
     * Ends the process (if it runs) through its supervisor and waits until all is reaped and
     * closed.
     */
    private void end(String reason) {
        supervisor.cancel(reason);
        Waits.awaitQuietly(supervised);
    }

    // ---- accessors -------------------------------------------------------------------------

    /**
     * Returns the process id. Does not block.
     *
     * @return the pid
     */
    public long pid() {
        return process.pid();
    }

    /**
     * Returns the program and its arguments.
     *
     * @return an unmodifiable list, the program first
     */
    public List<String> command() {
        return command.argv();
    }

    /**
     * Returns whether the process is still running. Does not block.
     *
     * @return {@code true} until it has exited
     */
    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Returns the JDK's handle of the process, to inspect it (its descendants, its command line) or
     * signal it directly. Does not block.
     *
     * @return the handle
     */
    public ProcessHandle toHandle() {
        return process.toHandle();
    }

    // ---- streams -------------------------------------------------------------------------------

    /**
     * Returns the process's stdin, when the command was given {@code withStdin(Redirect.PIPE)}.
     * Writes are buffered up to 8 KiB and wait while the process does not read (back-pressure);
     * {@code flush} sends what is buffered; {@code close} flushes and ends the process's input.
     * Writing after the process closed its stdin or exited throws {@link IOException}. Writes are
     * cancellation points ({@link CancelledException}). For one thread at a time.
     *
     * @return the stream; the same one on every call
     * @throws IllegalStateException if stdin is not a pipe
     */
    public OutputStream stdin() {
        if (stdin == null) {
            throw new IllegalStateException(
                    "stdin of " + command.argv() + " is not a pipe: use withStdin(Redirect.PIPE)");
        }
        return stdin;
    }

    /**
     * Returns the process's stdout, a pipe unless the command redirected it. A read waits for
     * output (a cancellation point: {@link CancelledException}) and returns -1 once the process has
     * closed its stdout or exited. Closing the stream stops reading: the process gets EPIPE
     * (SIGPIPE) if it writes more. For one thread at a time; {@link #stdoutLines()} and {@link
     * #collect()} read the same stream.
     *
     * @return the stream; the same one on every call
     * @throws IllegalStateException if stdout is not a pipe
     */
    public InputStream stdout() {
        if (stdout == null) {
            throw new IllegalStateException(
                    "stdout of " + command.argv() + " is not a pipe: it was redirected");
        }
        return stdout;
    }

    /**
     * Returns the process's stderr, when the command was given {@code withStderr(Redirect.PIPE)};
     * otherwise Weft drains it and keeps only its {@linkplain #stderrTail() tail}. As {@link
     * #stdout()}, but unread stderr fills its pipe and the process then waits.
     *
     * @return the stream; the same one on every call
     * @throws IllegalStateException if stderr is not the caller's pipe
     */
    public InputStream stderr() {
        if (stderr == null) {
            throw new IllegalStateException(
                    "stderr of "
                            + command.argv()
                            + " is not the caller's pipe: use withStderr(Redirect.PIPE)");
        }
        return stderr;
    }

    /**
     * Returns a channel of the lines the process writes to stdout, decoded in the command's
     * charset, without their line terminators. A line-reading task is forked into the current
     * scope; the channel is closed when stdout ends, and failed with the {@link IOException} if
     * reading fails. The channel holds up to 64 lines; while it is full the process waits. Closing
     * the channel stops reading, as closing {@link #stdout()} does.
     *
     * @return the channel of lines
     * @throws IllegalStateException if stdout is not a pipe, lines were asked for already, or the
     *     caller is outside every scope
     */
    public Channel<String> stdoutLines() {
        InputStream in = stdout();
        synchronized (this) {
            if (stdoutLinesTaken) {
                throw new IllegalStateException(
                        "stdoutLines() of " + command.argv() + " was called already");
            }
            stdoutLinesTaken = true;
        }
        return lines(in, "stdout");
    }

    /**
     * Returns a channel of the lines the process writes to stderr, when the command was given
     * {@code withStderr(Redirect.PIPE)}. As {@link #stdoutLines()}.
     *
     * @return the channel of lines
     * @throws IllegalStateException if stderr is not the caller's pipe, lines were asked for
     *     already, or the caller is outside every scope
     */
    public Channel<String> stderrLines() {
        InputStream in = stderr();
        synchronized (this) {
            if (stderrLinesTaken) {
                throw new IllegalStateException(
                        "stderrLines() of " + command.argv() + " was called already");
            }
            stderrLinesTaken = true;
        }
        return lines(in, "stderr");
    }

    private Channel<String> lines(InputStream in, String which) {
        Channel<String> lines = Channel.bounded(LINES);
        synchronized (lineChannels) {
            lineChannels.add(lines);
        }
        if (closed) {
            lines.shutdownNow();
        }
        CompletableFuture<Void> read = new CompletableFuture<>();
        synchronized (lineChannels) {
            lineReaders.add(read);
        }
        Task<Void> reader =
                Forks.fork(
                        "process " + pid() + " " + which + " lines",
                        () -> {
                            try (BufferedReader r =
                                    new BufferedReader(
                                            new InputStreamReader(in, command.charset()))) {
                                String line;
                                while ((line = r.readLine()) != null) {
                                    if (!lines.sendOrClosed(line)) {
                                        return null; // the consumer closed the channel: stop
                                        // reading
                                    }
                                }
                                lines.close();
                            } catch (IOException e) {
                                lines.fail(e);
                            }
                            return null;
                        });
        reader.onComplete(t -> read.complete(null));
        return lines;
    }

    /**
     * Returns the last lines the process wrote to stderr (at most 10 lines and 2000 characters),
     * kept whether or not anyone read stderr; empty if stderr was redirected. Does not block.
     *
     * @return the tail of stderr, possibly empty
     */
    public String stderrTail() {
        return tail == null ? "" : tail.lastLines(command.charset(), 10, 2000);
    }

    // ---- waiting -------------------------------------------------------------------------------

    /**
     * Waits for the process to exit and returns its exit status: asyncio's {@code proc.wait()}.
     *
     * <p>A cancellation point: if the calling task is cancelled (or the thread interrupted), before
     * or while waiting, the process is ended — SIGTERM to it and its descendants, the command's
     * grace period, SIGKILL — and reaped, and then {@link CancelledException} is thrown. So {@code
     * Weft.withTimeout(d, p::waitFor)} ends a process that takes too long.
     *
     * @return the exit status: 0 for success; 128 plus the signal's number for a process ended by a
     *     signal
     * @throws CancelledException if the caller is cancelled
     */
    public int waitFor() {
        try {
            Weft.await(exited.copy());
        } catch (CancelledException e) {
            end("the task waiting for process " + pid() + " was cancelled: " + e.reason());
            throw e;
        }
        return process.exitValue();
    }

    /**
     * Waits at most {@code timeout} for the process to exit. The process keeps running when the
     * timeout expires; a cancelled caller ends it, as {@link #waitFor()} does.
     *
     * @param timeout how long to wait; zero only checks
     * @return the exit status, or empty if the process still runs
     * @throws CancelledException if the caller is cancelled
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws NullPointerException if {@code timeout} is null
     */
    public OptionalInt waitFor(Duration timeout) {
        DurationRules.requireNonNegative(timeout, "timeout");
        if (!process.isAlive()) {
            return OptionalInt.of(process.exitValue());
        }
        Optional<Integer> status;
        try {
            status = Weft.withTimeoutOrEmpty(timeout, () -> Weft.await(exited.copy()).exitValue());
        } catch (CancelledException e) {
            end("the task waiting for process " + pid() + " was cancelled: " + e.reason());
            throw e;
        }
        return status.map(OptionalInt::of).orElseGet(OptionalInt::empty);
    }

    /**
     * Waits for the process to exit and checks its status: Python's {@code check=True}.
     * Cancellation as {@link #waitFor()}.
     *
     * @throws ProcessFailedException if the status is not 0; it names the command, the status and
     *     the last lines of stderr
     * @throws CancelledException if the caller is cancelled
     */
    public void waitForSuccess() {
        int status = waitFor();
        if (status != 0) {
            if (stderr == null) {
                Waits.awaitQuietly(stderrDrained); // the tail is complete once the pipe has ended
            }
            throw new ProcessFailedException(command.argv(), status, stderrTail());
        }
    }

    /**
     * Reads what is left of stdout and of the caller's stderr pipe — each up to the command's
     * {@linkplain Command#withOutputLimit(long) output limit} — waits for the process to exit, and
     * returns the result: asyncio's {@code proc.communicate()}. Streams that are not pipes give
     * empty output; with the default stderr (drained by Weft) only the result's stderr tail is
     * known. Write the process's stdin first, or from another task.
     *
     * <p>Blocks until both streams ended and the process exited. Cancellation as {@link
     * #waitFor()}: the process is ended, then {@link CancelledException} is thrown.
     *
     * @return the exit status and the collected output
     * @throws ProcessOutputTooLargeException if an output exceeds the limit (the process was ended)
     * @throws CancelledException if the caller is cancelled
     * @throws java.io.UncheckedIOException if reading an output fails
     */
    public ProcessResult collect() {
        byte[][] out = {EMPTY, EMPTY};
        int[] status = new int[1];
        Weft.scope(
                ScopeOptions.defaults().withName("collect " + pid()),
                s -> {
                    if (stdout != null) {
                        s.fork(() -> out[0] = readCapped(stdout, "stdout"));
                    }
                    if (stderr != null) {
                        s.fork(() -> out[1] = readCapped(stderr, "stderr"));
                    }
                    status[0] = waitFor();
                });
        if (stderr == null) {
            Waits.awaitQuietly(stderrDrained); // the tail is complete once the pipe has ended
        }
        return ProcessResult.of(
                command.argv(), status[0], out[0], out[1], stderrTail(), command.charset());
    }

    private byte[] readCapped(InputStream in, String which) {
        long limit = command.outputLimit();
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        try {
            int n;
            while ((n = in.read(chunk)) >= 0) {
                if (buf.size() + (long) n > limit) {
                    in.close();
                    throw new ProcessOutputTooLargeException(command.argv(), which, limit);
                }
                buf.write(chunk, 0, n);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(
                    "reading the " + which + " of " + command.argv() + " failed", e);
        }
        return buf.toByteArray();
    }

    // ---- closing -------------------------------------------------------------------------------

    /**
     * Ends the process if it still runs (SIGTERM to it and its descendants, the grace period,
     * SIGKILL), stops reading and writing its pipes (output not read yet is dropped, line channels
     * are shut down), and waits until the process is reaped, every pipe is closed and every task
     * the subprocess forked (its supervisor, its line readers) has ended. Call {@link #waitFor()}
     * first to let it finish. Idempotent.
     *
     * <p>Not a cancellation point: it always waits, and an interrupt that arrives meanwhile is
     * re-asserted afterwards (a Weft task stays cancelled).
     */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            if (process.isAlive()) {
                supervisor.cancel("process " + pid() + " was closed while it ran");
            }
            if (stdinChunks != null) {
                stdinChunks.close();
            }
            if (stdoutChunks != null) {
                stdoutChunks.shutdownNow();
            }
            if (stderrChunks != null) {
                stderrChunks.shutdownNow();
            }
            synchronized (lineChannels) {
                for (Channel<String> lines : lineChannels) {
                    lines.shutdownNow();
                }
            }
        }
        Waits.awaitQuietly(supervised);
        List<CompletableFuture<Void>> readers;
        synchronized (lineChannels) {
            readers = List.copyOf(lineReaders);
        }
        for (CompletableFuture<Void> r : readers) {
            Waits.awaitQuietly(r); // their stream ended with the pumps; each ends at once
        }
    }

    @Override
    public String toString() {
        String state = process.isAlive() ? "running" : "exited " + process.exitValue();
        return "Subprocess[pid " + process.pid() + ", " + command.argv() + ", " + state + "]";
    }
}
