package dev.weft.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A base directory under which untrusted relative paths (from a request, an archive, a user) are
 * resolved safely: absolute paths, {@code ..} segments that climb out and symbolic links that
 * point outside the base are refused.
 *
 * <p>{@link #resolve} does not block on anything but the file system calls needed to follow
 * symbolic links; it is not a cancellation point. Instances are immutable and thread-safe; every
 * argument must be non-null.
 */
public final class SafeRoot {
    private final Path base;

    private SafeRoot(Path base) {
        this.base = base;
    }

    /**
     * Creates a safe root on an existing directory, resolved to its real path.
     *
     * @param base the directory that every resolved path must stay inside
     * @return the safe root
     * @throws NullPointerException if {@code base} is null
     * @throws NoSuchFileException if {@code base} does not exist
     * @throws java.nio.file.NotDirectoryException if {@code base} is not a directory
     * @throws IOException if the real path cannot be read
     */
    public static SafeRoot of(Path base) throws IOException {
        Objects.requireNonNull(base, "base");
        Path real = base.toRealPath();
        if (!Files.isDirectory(real)) {
            throw new java.nio.file.NotDirectoryException(base.toString());
        }
        return new SafeRoot(real);
    }

    /**
     * Returns the real path of the base directory.
     *
     * @return the base directory, absolute and with symbolic links resolved
     */
    public Path base() {
        return base;
    }

    /**
     * Resolves an untrusted relative path under the base. The result may name a file that does
     * not exist yet; every part of it that exists is checked with symbolic links followed.
     *
     * @param untrusted a relative path such as {@code "img/logo.png"}
     * @return the absolute, normalized path inside the base
     * @throws NullPointerException if {@code untrusted} is null
     * @throws PathEscapeException if the path is absolute, climbs out with {@code ..}, or reaches
     *     outside the base through a symbolic link
     * @throws java.nio.file.InvalidPathException if the string is not a valid path
     * @throws IOException if a symbolic link on the way cannot be read
     */
    public Path resolve(String untrusted) throws IOException {
        Objects.requireNonNull(untrusted, "untrusted");
        Path relative = base.getFileSystem().getPath(untrusted);
        if (relative.isAbsolute() || relative.getRoot() != null) {
            throw new PathEscapeException(untrusted, "absolute paths are not allowed");
        }
        Path candidate = base.resolve(relative).normalize();
        if (!candidate.startsWith(base)) {
            throw new PathEscapeException(untrusted, "'..' leaves the base directory " + base);
        }
        // Follow symbolic links on the part of the path that exists.
        Path existing = candidate;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing != null) {
            Path real = existing.toRealPath();
            if (!real.startsWith(base)) {
                throw new PathEscapeException(untrusted, "a symbolic link leads outside " + base);
            }
        }
        return candidate;
    }

    @Override
    public String toString() {
        return "SafeRoot[" + base + "]";
    }
}
