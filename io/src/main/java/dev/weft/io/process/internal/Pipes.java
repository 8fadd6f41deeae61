package dev.weft.io.process.internal;

import dev.weft.Channel;
import dev.weft.Limiter;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/*
 * The pumps between a process's pipes and Weft channels. Each runs on a platform thread through
 * Weft.onPlatformThread, called by a task of the process's supervisor: a pipe read or write
 * blocks in the kernel until the process acts, and a virtual thread doing that holds a carrier
 * (the JDK lends a compensating one, up to its scheduler's maxPoolSize, after which every virtual
 * thread starves). Interrupts do not end a pipe read; the pumps end when the pipe does — at the
 * process's exit, when the JDK closes the pipe — or at their next channel operation once their
 * task is cancelled or the reader has closed its side.
 */
public final class Pipes {
    private static final Logger LOG = LoggerFactory.getLogger("dev.weft.io.process");

    /**
     * Bounds the platform threads the pumps hold, three at most per running process: {@code
     * -Dweft.io.processPipeThreads}, default 1024. Separate from the default onPlatformThread
     * limiter, which is sized for CPU work.
     */
    public static final Limiter THREADS =
            new Limiter(Math.max(3, Integer.getInteger("weft.io.processPipeThreads", 1024)));

    /** Chunks buffered between a pump and its reader or writer. */
    public static final int CHUNKS = 4;

    private Pipes() {}

    /**
     * Copies a process's output pipe into {@code sink} (null: nowhere), recording the tail (null:
     * none), until the pipe ends or the sink is shut down. Closes the pipe, and closes the sink at
     * the end of the stream or fails it with a read error.
     */
    public static void drain(
            InputStream pipe, @Nullable Channel<byte[]> sink, @Nullable Tail tail, String what) {
        try (pipe) {
            byte[] buf = new byte[ChunkOutputStream.CHUNK];
            int n;
            while ((n = pipe.read(buf)) >= 0) {
                if (n == 0) {
                    continue;
                }
                if (tail != null) {
                    tail.append(buf, n);
                }
                if (sink != null && !sink.sendOrClosed(Arrays.copyOf(buf, n))) {
                    return; // the reader closed its stream: stop reading, close the pipe
                }
            }
            if (sink != null) {
                sink.close();
            }
        } catch (IOException e) {
            if (sink != null) {
                sink.fail(e);
            } else {
                LOG.warn("the process's {} could not be read to its end", what, e);
                if (tail != null) {
                    tail.note(
                            "\n[" + what + " could not be read: " + e + "]",
                            StandardCharsets.UTF_8);
                }
            }
        }
    }

    /**
     * Writes the chunks of {@code source} into a process's stdin pipe until the channel is closed,
     * then closes the pipe (the process sees the end of its input). A write that fails (the process
     * closed its stdin or exited) fails the channel with the error, so the writer learns of it.
     */
    public static void feed(Channel<byte[]> source, OutputStream pipe) {
        try (pipe) {
            byte[] chunk;
            while ((chunk = source.receiveOrNull()) != null) {
                pipe.write(chunk);
                pipe.flush();
            }
        } catch (IOException e) {
            source.fail(e);
            source.shutdownNow();
        }
    }

    /**
     * Writes {@code input} into a process's stdin pipe and closes it. A process that exits or
     * closes its stdin before reading everything is not an error (the rest is dropped, as Python's
     * communicate does); it is logged at debug level.
     */
    public static void feed(byte[] input, OutputStream pipe) {
        try (pipe) {
            for (int i = 0; i < input.length; i += ChunkOutputStream.CHUNK) {
                pipe.write(input, i, Math.min(ChunkOutputStream.CHUNK, input.length - i));
                pipe.flush();
            }
        } catch (IOException e) {
            LOG.debug("the process did not read all of its input", e);
        }
    }
}
