package dev.weft.io.files;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A change seen by {@link WeftFiles#watch}: a file or directory under the watched directory was
 * created, changed or deleted.
 *
 * <p>Immutable and thread-safe; the components are never {@code null}.
 *
 * @param kind what happened
 * @param path the path of the changed entry (the watched directory resolved with its relative name)
 * @param directory whether the entry is (or, for a deletion, was) a directory
 */
public record FileEvent(Kind kind, Path path, boolean directory) {

    /**
     * Creates an event.
     *
     * @throws NullPointerException if {@code kind} or {@code path} is null
     */
    public FileEvent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(path, "path");
    }

    /** What happened to the entry. */
    public enum Kind {
        /** The entry appeared. */
        CREATED,
        /** A file's size or modification time changed. */
        MODIFIED,
        /** The entry disappeared. */
        DELETED
    }
}
