package dev.weft.io.files.internal;

import dev.weft.CancelledException;
import dev.weft.internal.Cancellations;

import org.jspecify.annotations.Nullable;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/*
 * Where a blocking file system call runs.
 *
 * On JDK 21-25 a virtual thread blocked in a file read or open keeps its carrier: 50 virtual
 * threads reading FIFOs on a 2-core machine freeze every other virtual thread. Regular files and
 * directories answer in bounded time (page cache, disk), so calls on them run directly on the
 * caller's thread (cost: one stat, measured in docs/files.md). Anything else (FIFO, character or
 * block device, socket, a file whose type cannot be read) may block forever, so the call runs on a
 * small pool of daemon platform threads while the caller parks in Future.get(), which releases
 * its carrier. Pool threads time out when idle, so nothing is left behind.
 *
 * Cancellation follows core's rule (dev.weft.internal.Cancellations): a cancelled task or an
 * interrupted thread is checked before the call, and an interrupt during it becomes
 * CancelledException; inside a Weft task the interrupt status is left cleared (the task's
 * cancellation is sticky, so cleanup code can still block), elsewhere it is set again. In the
 * direct path the JDK closes the (per-call) channel and throws
 * ClosedByInterruptException; in the offloaded path the pool task is cancelled with interruption,
 * which closes only the channel that task owns. An open(2) of a FIFO is not interruptible: the
 * pool thread stays in it until a writer arrives, which is why the pool is bounded and its
 * callers never wait on carriers.
 */
public final class Blocking {
    /** Pool size: system property {@code weft.io.offloadThreads}, default 16. */
    public static final int OFFLOAD_THREADS =
            Math.max(1, Integer.getInteger("weft.io.offloadThreads", 16));

    private static final ThreadPoolExecutor POOL = newPool();
    private static final Object ABANDONED = new Object();

    private Blocking() {}

    /** A file system call that may throw {@link IOException}. */
    @FunctionalInterface
    public interface IoCall<T extends @Nullable Object> {
        T call() throws IOException;
    }

    /** What {@link #kindOf} found at a path. */
    public enum Kind {
        REGULAR,
        DIRECTORY,
        MISSING,
        /** FIFO, device, socket, or unreadable type: may block indefinitely. */
        OTHER
    }

    private static ThreadPoolExecutor newPool() {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool =
                new ThreadPoolExecutor(
                        OFFLOAD_THREADS,
                        OFFLOAD_THREADS,
                        2,
                        TimeUnit.SECONDS,
                        new LinkedBlockingQueue<>(),
                        r -> {
                            Thread t = new Thread(r, "weft-io-offload-" + count.incrementAndGet());
                            t.setDaemon(true);
                            return t;
                        });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** Returns the kind of file at {@code path}, following symbolic links; one stat call. */
    public static Kind kindOf(Path path) {
        try {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
            if (a.isRegularFile()) {
                return Kind.REGULAR;
            }
            return a.isDirectory() ? Kind.DIRECTORY : Kind.OTHER;
        } catch (NoSuchFileException e) {
            return Kind.MISSING;
        } catch (IOException | SecurityException e) {
            return Kind.OTHER;
        }
    }

    /**
     * Runs {@code op} on the caller's thread if {@code path} is a regular file, a directory or
     * missing, otherwise on the offload pool.
     */
    public static <T extends @Nullable Object> T run(Path path, String what, IoCall<T> op)
            throws IOException {
        return kindOf(path) == Kind.OTHER ? offload(what, op) : direct(what, op);
    }

    /** Runs {@code op} on the caller's thread, turning interruption into cancellation. */
    public static <T extends @Nullable Object> T direct(String what, IoCall<T> op)
            throws IOException {
        Cancellations.checkpoint();
        try {
            return op.call();
        } catch (ClosedByInterruptException | InterruptedIOException e) {
            throw Cancellations.interrupted(what, e);
        }
    }

    /** Runs {@code op} on the offload pool while the caller parks. */
    public static <T extends @Nullable Object> T offload(String what, IoCall<T> op)
            throws IOException {
        Cancellations.checkpoint();
        Future<T> future = POOL.submit(op::call);
        try {
            return future.get();
        } catch (InterruptedException e) {
            future.cancel(true);
            throw Cancellations.interrupted(what, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                io.addSuppressed(new CallerStack(what));
                throw io;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(what + " failed", cause);
        }
    }

    /**
     * Offloads a call that opens a resource. If the caller is cancelled while the pool thread is
     * still inside the (uninterruptible) open, whichever side finishes second closes the resource,
     * so a late open never leaks a file descriptor.
     */
    public static <C extends Closeable> C offloadOpen(String what, IoCall<C> open)
            throws IOException {
        AtomicReference<@Nullable Object> slot = new AtomicReference<>();
        try {
            return offload(
                    what,
                    () -> {
                        C c = open.call();
                        if (!slot.compareAndSet(null, c)) {
                            c.close();
                        }
                        return c;
                    });
        } catch (CancelledException e) {
            if (slot.getAndSet(ABANDONED) instanceof Closeable c) {
                closeQuietly(c, e);
            }
            throw e;
        }
    }

    /** Closes {@code c}, recording a failure as suppressed on {@code primary}. */
    public static void closeQuietly(Closeable c, Throwable primary) {
        try {
            c.close();
        } catch (IOException | RuntimeException e) {
            primary.addSuppressed(e);
        }
    }

    /**
     * Throws {@link CancelledException} if a cancellation caused {@code e} (core's rule, {@link
     * Cancellations#causedByCancellation}), otherwise returns it.
     */
    public static IOException rethrowCancellation(String what, IOException e) {
        if (Cancellations.causedByCancellation(e)) {
            throw Cancellations.interrupted(what, e);
        }
        return e;
    }

    /** A file system exception saying the path is a directory where a file was expected. */
    public static FileSystemException isDirectory(Path path) {
        return new FileSystemException(path.toString(), null, "is a directory, not a file");
    }

    /** Marks where an offloaded call was made from, as a suppressed exception. */
    private static final class CallerStack extends Exception {
        private static final long serialVersionUID = 1L;

        CallerStack(String what) {
            super("offloaded call made here: " + what);
        }
    }
}
