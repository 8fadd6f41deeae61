package dev.weft.io.process;

import dev.weft.CancelledException;
import dev.weft.ScopeOptions;
import dev.weft.Weft;
import dev.weft.internal.ArgumentRules;
import dev.weft.internal.DurationRules;

import org.jspecify.annotations.Nullable;

import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A command to run as a subprocess: its arguments, working directory, environment and streams.
 * asyncio's {@code create_subprocess_exec} and Python's {@code subprocess.run}, for blocking code
 * on virtual threads. Immutable: each {@code with...} method returns a new command.
 *
 * <pre>{@code
 * // subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, check=True)
 * String head = Command.of("git", "rev-parse", "HEAD").run().requireSuccess().stdoutText().strip();
 *
 * // create_subprocess_exec(..., stdout=PIPE): read its lines as they come
 * try (Subprocess tail = Command.of("tail", "-f", "app.log").start()) {
 *     for (String line : tail.stdoutLines()) {
 *         if (line.contains("ready")) break;
 *     }
 * }                                     // ends tail -f: SIGTERM, grace period, SIGKILL
 * }</pre>
 *
 * <h2>Streams</h2>
 *
 * By default the process gets an empty stdin (it reads end-of-file at once), its stdout is a pipe
 * the caller reads, and its stderr is a pipe that Weft drains, keeping the last 8 KiB for error
 * messages ({@link Subprocess#stderrTail()}); {@link #run()} collects both outputs. Each stream can
 * be redirected with the JDK's {@link Redirect}: {@link Redirect#INHERIT}, {@link
 * Redirect#DISCARD}, a file ({@link Redirect#to}, {@link Redirect#appendTo}, {@link
 * Redirect#from}), or {@link Redirect#PIPE} — for stderr, a pipe that the caller reads itself.
 * Output is text in {@link #withCharset(Charset) the command's charset}, UTF-8 unless set.
 *
 * <h2>Ending a process</h2>
 *
 * A process is ended politely: SIGTERM to it and to every descendant it has started, up to {@link
 * #withGracePeriod(Duration) the grace period} (5 s unless set) for them to exit, then SIGKILL to
 * what still runs; then it is reaped. This happens when the process's scope is cancelled or fails,
 * when a task waiting for it is cancelled, when {@link #run()} is interrupted or exceeds its output
 * limit, and when a {@link Subprocess} is closed while the process runs. (On Windows both signals
 * are a forced termination.) Descendants that detach themselves before Weft sees them (a double
 * fork with {@code setsid}) are out of its reach, as they are for any tool that cannot put the
 * child in a process group of its own.
 *
 * <p>Thread safety: immutable, so safe to share. Arguments must not be null, and neither may the
 * elements of an argument list.
 */
public final class Command {
    /** The grace period between SIGTERM and SIGKILL unless set: 5 s, Trio's. */
    public static final Duration DEFAULT_GRACE_PERIOD = Duration.ofSeconds(5);

    /** How many bytes of each output {@link #run()} keeps unless set: 32 MiB. */
    public static final long DEFAULT_OUTPUT_LIMIT = 32L * 1024 * 1024;

    private final List<String> argv;
    private final @Nullable Path directory;

    /** Environment changes in order: a null value removes the variable. */
    private final List<Map.Entry<String, String>> env;

    private final byte @Nullable [] input;
    private final @Nullable Redirect stdin;
    private final Redirect stdout;
    private final @Nullable Redirect stderr;
    private final boolean stderrToStdout;
    private final Duration gracePeriod;
    private final long outputLimit;
    private final Charset charset;

    private Command(
            List<String> argv,
            @Nullable Path directory,
            List<Map.Entry<String, String>> env,
            byte @Nullable [] input,
            @Nullable Redirect stdin,
            Redirect stdout,
            @Nullable Redirect stderr,
            boolean stderrToStdout,
            Duration gracePeriod,
            long outputLimit,
            Charset charset) {
        this.argv = argv;
        this.directory = directory;
        this.env = env;
        this.input = input;
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
        this.stderrToStdout = stderrToStdout;
        this.gracePeriod = gracePeriod;
        this.outputLimit = outputLimit;
        this.charset = charset;
    }

    /**
     * A command that runs {@code program} with {@code args}, found on the {@code PATH} unless it
     * names a file. No shell is involved: arguments are passed as they are.
     *
     * @param program the program
     * @param args its arguments
     * @return the command
     * @throws NullPointerException if {@code program}, {@code args} or an argument is null
     */
    public static Command of(String program, String... args) {
        Objects.requireNonNull(program, "program");
        Objects.requireNonNull(args, "args");
        List<String> all = new ArrayList<>(args.length + 1);
        all.add(program);
        all.addAll(Arrays.asList(args));
        return of(all);
    }

    /**
     * A command from its argument vector: the program first, then its arguments.
     *
     * @param argv the program and its arguments
     * @return the command
     * @throws IllegalArgumentException if {@code argv} is empty
     * @throws NullPointerException if {@code argv} or an element is null
     */
    public static Command of(List<String> argv) {
        Objects.requireNonNull(argv, "argv");
        List<String> copy = new ArrayList<>(argv.size());
        for (int i = 0; i < argv.size(); i++) {
            copy.add(Objects.requireNonNull(argv.get(i), "argv[" + i + "]"));
        }
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("argv is empty: a command needs a program");
        }
        return new Command(
                List.copyOf(copy),
                null,
                List.of(),
                new byte[0],
                null,
                Redirect.PIPE,
                null,
                false,
                DEFAULT_GRACE_PERIOD,
                DEFAULT_OUTPUT_LIMIT,
                StandardCharsets.UTF_8);
    }

    private Command with(
            @Nullable Path directory,
            List<Map.Entry<String, String>> env,
            byte @Nullable [] input,
            @Nullable Redirect stdin,
            Redirect stdout,
            @Nullable Redirect stderr,
            boolean stderrToStdout,
            Duration grace,
            long limit,
            Charset charset) {
        return new Command(
                argv,
                directory,
                env,
                input,
                stdin,
                stdout,
                stderr,
                stderrToStdout,
                grace,
                limit,
                charset);
    }

    /**
     * Returns this command run in {@code directory} instead of the JVM's working directory.
     *
     * @param directory the working directory
     * @return the new command
     * @throws NullPointerException if {@code directory} is null
     */
    public Command withDirectory(Path directory) {
        Objects.requireNonNull(directory, "directory");
        return with(
                directory,
                env,
                input,
                stdin,
                stdout,
                stderr,
                stderrToStdout,
                gracePeriod,
                outputLimit,
                charset);
    }

    /**
     * Returns this command with the environment variable {@code name} set to {@code value}; the
     * rest of the JVM's environment is inherited.
     *
     * @param name the variable
     * @param value its value
     * @return the new command
     * @throws IllegalArgumentException if {@code name} is empty or contains {@code '='}
     * @throws NullPointerException if an argument is null
     */
    public Command withEnv(String name, String value) {
        Objects.requireNonNull(value, "value");
        return withEnvChange(name, value);
    }

    /**
     * Returns this command without the inherited environment variable {@code name}.
     *
     * @param name the variable
     * @return the new command
     * @throws IllegalArgumentException if {@code name} is empty or contains {@code '='}
     * @throws NullPointerException if {@code name} is null
     */
    public Command withoutEnv(String name) {
        return withEnvChange(name, null);
    }

    private Command withEnvChange(String name, @Nullable String value) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.indexOf('=') >= 0) {
            throw new IllegalArgumentException(
                    "name is not a valid environment variable name: '" + name + "'");
        }
        List<Map.Entry<String, String>> changes = new ArrayList<>(env);
        changes.add(new java.util.AbstractMap.SimpleImmutableEntry<>(name, value));
        return with(
                directory,
                List.copyOf(changes),
                input,
                stdin,
                stdout,
                stderr,
                stderrToStdout,
                gracePeriod,
                outputLimit,
                charset);
    }

    /**
     * Returns this command with {@code input} as its stdin: written to the process, then closed. A
     * process that exits before reading all of it is not an error.
     *
     * @param input the bytes (copied)
     * @return the new command
     * @throws NullPointerException if {@code input} is null
     */
    public Command withInput(byte[] input) {
        Objects.requireNonNull(input, "input");
        return with(
                directory,
                env,
                input.clone(),
                null,
                stdout,
                stderr,
                stderrToStdout,
                gracePeriod,
                outputLimit,
                charset);
    }

    /**
     * Returns this command with {@code input}, encoded in the command's charset, as its stdin.
     *
     * @param input the text
     * @return the new command
     * @throws NullPointerException if {@code input} is null
     */
    public Command withInput(String input) {
        Objects.requireNonNull(input, "input");
        return with(
                directory,
                env,
                input.getBytes(charset),
                null,
                stdout,
                stderr,
                stderrToStdout,
                gracePeriod,
                outputLimit,
                charset);
    }

    /**
     * Returns this command with its stdin redirected: {@link Redirect#PIPE} to write it through
     * {@link Subprocess#stdin()}, {@link Redirect#INHERIT}, or {@link Redirect#from} a file.
     *
     * @param redirect where stdin comes from
     * @return the new command
     * @throws IllegalArgumentException if {@code redirect} writes to a file, or is DISCARD
     * @throws NullPointerException if {@code redirect} is null
     */
    public Command withStdin(Redirect redirect) {
        Objects.requireNonNull(redirect, "redirect");
        if (redirect.type() == Redirect.Type.WRITE || redirect.type() == Redirect.Type.APPEND) {
            throw new IllegalArgumentException(
                    "redirect " + redirect + " cannot be a stdin: it writes");
        }
        return with(
                directory,
                env,
                null,
                redirect,
                stdout,
                stderr,
                stderrToStdout,
                gracePeriod,
                outputLimit,
                charset);
    }

    /**
     * Returns this command with its stdout redirected: {@link Redirect#PIPE} (the default: read it
     * through {@link Subprocess#stdout()}), {@link Redirect#INHERIT}, {@link Redirect#DISCARD}, or
     * a file.
     *
     * @param redirect where stdout goes
     * @return the new command
     * @throws IllegalArgumentException if {@code redirect} reads from a file
     * @throws NullPointerException if {@code redirect} is null
     */
    public Command withStdout(Redirect redirect) {
        return with(
                directory,
                env,
                input,
                stdin,
                output(redirect),
                stderr,
                stderrToStdout,
                gracePeriod,
                outputLimit,
                charset);
    }

    /**
     * Returns this command with its stderr redirected: {@link Redirect#PIPE} to read it through
     * {@link Subprocess#stderr()} (unread, it fills the pipe and the process waits), {@link
     * Redirect#INHERIT}, {@link Redirect#DISCARD}, or a file. Without this call stderr is drained
     * by Weft and only its tail is kept (collected whole by {@link #run()}).
     *
     * @param redirect where stderr goes
     * @return the new command
     * @throws IllegalArgumentException if {@code redirect} reads from a file
     * @throws NullPointerException if {@code redirect} is null
     */
    public Command withStderr(Redirect redirect) {
        return with(
                directory,
                env,
                input,
                stdin,
                stdout,
                output(redirect),
                false,
                gracePeriod,
                outputLimit,
                charset);
    }

    /**
     * Returns this command with stderr merged into stdout, as {@code 2>&1}: both arrive,
     * interleaved as the process wrote them, wherever stdout goes.
     *
     * @return the new command
     */
    public Command withStderrToStdout() {
        return with(
                directory,
                env,
                input,
                stdin,
                stdout,
                null,
                true,
                gracePeriod,
                outputLimit,
                charset);
    }

    private static Redirect output(Redirect redirect) {
        Objects.requireNonNull(redirect, "redirect");
        if (redirect.type() == Redirect.Type.READ) {
            throw new IllegalArgumentException(
                    "redirect " + redirect + " cannot be an output: it reads");
        }
        return redirect;
    }

    /**
     * Returns this command with another grace period: how long the process and its descendants have
     * to exit after SIGTERM before they get SIGKILL. Zero kills at once.
     *
     * @param gracePeriod the grace period
     * @return the new command
     * @throws IllegalArgumentException if {@code gracePeriod} is negative
     * @throws NullPointerException if {@code gracePeriod} is null
     */
    public Command withGracePeriod(Duration gracePeriod) {
        DurationRules.requireNonNegative(gracePeriod, "gracePeriod");
        return with(
                directory,
                env,
                input,
                stdin,
                stdout,
                stderr,
                stderrToStdout,
                gracePeriod,
                outputLimit,
                charset);
    }

    /**
     * Returns this command with another output limit: the most bytes of each output stream that
     * {@link #run()} and {@link Subprocess#collect()} keep. A process that writes more is ended and
     * {@link ProcessOutputTooLargeException} thrown.
     *
     * @param maxBytes the limit per stream
     * @return the new command
     * @throws IllegalArgumentException if {@code maxBytes} is negative
     */
    public Command withOutputLimit(long maxBytes) {
        ArgumentRules.requireNonNegative(maxBytes, "maxBytes");
        return with(
                directory,
                env,
                input,
                stdin,
                stdout,
                stderr,
                stderrToStdout,
                gracePeriod,
                maxBytes,
                charset);
    }

    /**
     * Returns this command with another charset for its text: {@link #withInput(String)}, the lines
     * and text of its output, and the stderr tail.
     *
     * @param charset the charset
     * @return the new command
     * @throws NullPointerException if {@code charset} is null
     */
    public Command withCharset(Charset charset) {
        Objects.requireNonNull(charset, "charset");
        return with(
                directory,
                env,
                input,
                stdin,
                stdout,
                stderr,
                stderrToStdout,
                gracePeriod,
                outputLimit,
                charset);
    }

    /**
     * Returns the program and its arguments.
     *
     * @return an unmodifiable list, the program first
     */
    public List<String> argv() {
        return argv;
    }

    /**
     * Returns the grace period between SIGTERM and SIGKILL.
     *
     * @return the grace period
     */
    public Duration gracePeriod() {
        return gracePeriod;
    }

    /**
     * Returns the limit per output stream of {@link #run()} and {@link Subprocess#collect()}.
     *
     * @return the limit in bytes
     */
    public long outputLimit() {
        return outputLimit;
    }

    /**
     * Returns the charset of the command's text.
     *
     * @return the charset
     */
    public Charset charset() {
        return charset;
    }

    /**
     * Starts the process as part of the calling task: a supervisor task is forked into the current
     * scope (as {@link dev.weft.Weft#fork} does), which owns the process and its pipes. The scope
     * waits until the process has exited and its output was read or dropped; cancelling the scope
     * ends the process. Close the {@link Subprocess} (try-with-resources) to end it early. Does not
     * block beyond starting the process.
     *
     * @return the running process
     * @throws ProcessStartException if the process cannot be started (no such program, no
     *     permission, no such directory)
     * @throws CancelledException if the calling task is cancelled (the process is not started), or
     *     the scope was being cancelled (the process was ended at once)
     * @throws IllegalStateException if the caller is outside every scope
     */
    public Subprocess start() {
        return Subprocess.start(this);
    }

    /**
     * Runs the process to its end and returns its exit status and output: Python's {@code
     * subprocess.run(capture_output=True)}. Collects stdout and, unless redirected, stderr — each
     * up to {@link #outputLimit()} bytes — while writing the input. Does not check the exit status:
     * call {@link ProcessResult#requireSuccess()} for that. Works inside or outside a Weft scope:
     * the tasks it needs live in a scope of their own.
     *
     * <p>Blocks until the process has exited and its output was read. If the calling task is
     * cancelled (or the thread interrupted) meanwhile, the process is ended (SIGTERM, grace period,
     * SIGKILL) and reaped before {@link CancelledException} is thrown; wrap the call in {@link
     * dev.weft.Weft#withTimeout} for a timeout.
     *
     * @return the exit status and the collected output
     * @throws ProcessStartException if the process cannot be started
     * @throws ProcessOutputTooLargeException if an output exceeds the limit (the process was ended)
     * @throws CancelledException if the caller is cancelled
     */
    public ProcessResult run() {
        Command c = stderr == null && !stderrToStdout ? withStderr(Redirect.PIPE) : this;
        return Weft.scoped(
                ScopeOptions.defaults().withName("run " + argv.get(0)),
                scope -> {
                    try (Subprocess p = c.start()) {
                        return p.collect();
                    }
                });
    }

    // ---- what Subprocess needs ---------------------------------------------------------------

    ProcessBuilder builder() {
        ProcessBuilder pb = new ProcessBuilder(argv);
        if (directory != null) {
            pb.directory(directory.toFile());
        }
        if (!env.isEmpty()) {
            Map<String, String> e = pb.environment();
            for (Map.Entry<String, String> change : env) {
                if (change.getValue() == null) {
                    e.remove(change.getKey());
                } else {
                    e.put(change.getKey(), change.getValue());
                }
            }
        }
        pb.redirectInput(stdin != null ? stdin : Redirect.PIPE);
        pb.redirectOutput(stdout);
        if (stderrToStdout) {
            pb.redirectErrorStream(true);
        } else {
            pb.redirectError(stderr != null ? stderr : Redirect.PIPE);
        }
        return pb;
    }

    /** The fixed input, or null when stdin is redirected. */
    byte @Nullable [] input() {
        return input;
    }

    boolean stdinIsPipe() {
        return stdin == Redirect.PIPE;
    }

    boolean stdoutIsPipe() {
        return stdout == Redirect.PIPE;
    }

    /** Whether the caller reads stderr itself (an explicit PIPE). */
    boolean stderrIsCallersPipe() {
        return stderr == Redirect.PIPE;
    }

    /** Whether stderr is a pipe that Weft drains into the tail. */
    boolean stderrIsDrained() {
        return stderr == null && !stderrToStdout;
    }

    @Override
    public String toString() {
        return "Command" + argv + (directory != null ? " in " + directory : "");
    }
}
