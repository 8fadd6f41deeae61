package dev.weft.io.files;

import java.io.Serial;
import java.nio.file.FileSystemException;
import java.util.Objects;

/**
 * Thrown by {@link SafeRoot#resolve} when an untrusted path would reach outside the base directory.
 * It is a {@link FileSystemException}, so the offending path is in {@link #getFile()} and in the
 * message.
 *
 * <p>Instances are immutable once thrown and safe to share between threads. Both constructor
 * arguments must be non-null.
 */
public final class PathEscapeException extends FileSystemException {
    @Serial private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param path the untrusted path as given
     * @param reason why it was refused
     * @throws NullPointerException if an argument is null
     */
    public PathEscapeException(String path, String reason) {
        super(Objects.requireNonNull(path, "path"), null, Objects.requireNonNull(reason, "reason"));
    }
}
