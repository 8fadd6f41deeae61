package dev.weft.io.process;

import java.nio.charset.Charset;
import java.util.List;
import java.util.Objects;

/**
 * How a process ended and what it wrote: Python's {@code CompletedProcess}. Returned by {@link
 * Command#run()} and {@link Subprocess#collect()}.
 *
 * <p>Thread safety: immutable. The byte accessors return copies.
 */
public final class ProcessResult {
    private final List<String> command;
    private final int exitStatus;
    private final byte[] stdout;
    private final byte[] stderr;
    private final String stderrTail;
    private final Charset charset;

    ProcessResult(
            List<String> command,
            int exitStatus,
            byte[] stdout,
            byte[] stderr,
            String stderrTail,
            Charset charset) {
        this.command = List.copyOf(command);
        this.exitStatus = exitStatus;
        this.stdout = stdout;
        this.stderr = stderr;
        this.stderrTail = stderrTail;
        this.charset = charset;
    }

    /**
     * Returns the program and its arguments.
     *
     * @return an unmodifiable list, the program first
     */
    public List<String> command() {
        return command;
    }

    /**
     * Returns the exit status: 0 for success; 128 plus the signal's number for a process ended by a
     * signal, as the JDK reports it.
     *
     * @return the status
     */
    public int exitStatus() {
        return exitStatus;
    }

    /**
     * Returns whether the exit status is 0.
     *
     * @return whether the process succeeded
     */
    public boolean isSuccess() {
        return exitStatus == 0;
    }

    /**
     * Returns this result if the exit status is 0, else throws: Python's {@code check=True}.
     *
     * @return this result
     * @throws ProcessFailedException if the status is not 0; it names the command, the status and
     *     the last lines of stderr
     */
    public ProcessResult requireSuccess() {
        if (exitStatus != 0) {
            throw new ProcessFailedException(command, exitStatus, stderrTail);
        }
        return this;
    }

    /**
     * Returns what the process wrote to stdout (empty if it was redirected).
     *
     * @return a copy of the bytes
     */
    public byte[] stdout() {
        return stdout.clone();
    }

    /**
     * Returns what the process wrote to stderr (empty if it was redirected or merged into stdout).
     *
     * @return a copy of the bytes
     */
    public byte[] stderr() {
        return stderr.clone();
    }

    /**
     * Returns stdout decoded in the command's charset (malformed input replaced).
     *
     * @return the text
     */
    public String stdoutText() {
        return new String(stdout, charset);
    }

    /**
     * Returns stderr decoded in the command's charset (malformed input replaced).
     *
     * @return the text
     */
    public String stderrText() {
        return new String(stderr, charset);
    }

    @Override
    public String toString() {
        return "ProcessResult["
                + command
                + " exited "
                + exitStatus
                + ", "
                + stdout.length
                + " bytes out, "
                + stderr.length
                + " bytes err]";
    }

    static ProcessResult of(
            List<String> command, int status, byte[] out, byte[] err, String tail, Charset cs) {
        return new ProcessResult(Objects.requireNonNull(command), status, out, err, tail, cs);
    }
}
