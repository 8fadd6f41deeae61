package dev.weft.io.files;

import dev.weft.io.files.internal.Trees;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A temporary file or directory that deletes itself (recursively, for a directory) on {@link
 * #close()}: the counterpart of Python's {@code tempfile.TemporaryDirectory} used in a {@code with}
 * block. Create one with {@link WeftFiles#tempFile} or {@link WeftFiles#tempDirectory}.
 *
 * <p>Thread-safe: {@link #close()} may be called from any thread, and more than once.
 */
public final class TempPath implements AutoCloseable {
    private final Path path;
    private volatile boolean closed;

    TempPath(Path path) {
        this.path = path;
    }

    /**
     * Returns the temporary path. Does not block.
     *
     * @return the absolute path of the file or directory
     */
    public Path path() {
        return path;
    }

    /**
     * Deletes the file or the directory with everything in it; symbolic links inside are removed,
     * never followed. Idempotent; a path already gone is fine. Blocks until deleted; it is not a
     * cancellation point, so an interrupted thread still cleans up (the interrupt status is kept).
     *
     * @throws IOException if something cannot be deleted
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        Trees.deleteRecursively(path, () -> {});
    }

    @Override
    public String toString() {
        return "TempPath[" + path + "]";
    }
}
