/**
 * Subprocesses for blocking code on virtual threads: asyncio's {@code create_subprocess_exec},
 * Python's {@code subprocess.run}, Trio's {@code run_process}. Start with {@link
 * dev.weft.io.process.Command}: {@link dev.weft.io.process.Command#run()} runs a process to its end
 * and returns a {@link dev.weft.io.process.ProcessResult}; {@link
 * dev.weft.io.process.Command#start()} returns a running {@link dev.weft.io.process.Subprocess}
 * with its streams.
 *
 * <p>A process belongs to the scope it was started in: cancelling the scope, or a task waiting for
 * it, ends the process and every descendant it started (SIGTERM, a grace period, SIGKILL) and reaps
 * it, so no zombie, orphan or open pipe is left behind.
 *
 * <p>Every method of this package rejects {@code null} arguments with a {@link
 * java.lang.NullPointerException} naming the argument.
 */
@NullMarked
package dev.weft.io.process;

import org.jspecify.annotations.NullMarked;
