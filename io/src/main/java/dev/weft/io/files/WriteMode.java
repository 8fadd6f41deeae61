package dev.weft.io.files;

/**
 * How a whole-file write reaches the disk.
 *
 * <p>Values are immutable and thread-safe.
 */
public enum WriteMode {
    /**
     * The default: the content goes to a temporary file in the target's directory, which is forced
     * to disk, atomically renamed over the target, and the directory is forced too. Readers, a
     * cancelled task and a crashed process see the old content or the new one, never a mix. A crash
     * can leave a hidden temporary file {@code .NAME.*.tmp} next to the target. A target that
     * exists and is not a regular file (a FIFO, a device) is written in place. Needs write access
     * to the target's directory; use {@link #IN_PLACE} where only the file itself is writable.
     */
    ATOMIC,
    /**
     * The file is truncated (or created) and written in place, as {@link java.nio.file.Files#write}
     * does: cheaper for huge streams, but a cancelled or crashed write leaves a partial file.
     */
    IN_PLACE
}
