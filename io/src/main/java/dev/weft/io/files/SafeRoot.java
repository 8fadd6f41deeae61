package dev.weft.io.files;

import dev.weft.CancelledException;
import dev.weft.internal.Cancellations;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;

/**
 * A base directory under which untrusted relative paths (from a request, an archive, a user) are
 * resolved safely: absolute paths, {@code ..} segments that climb out and symbolic links that point
 * outside the base (dangling ones included) are refused with a {@link PathEscapeException}.
 *
 * <pre>{@code
 * SafeRoot uploads = SafeRoot.of(Path.of("/srv/uploads"));
 * Path p = uploads.resolve(request.param("name"));   // "../etc/passwd" -> PathEscapeException
 * WeftFiles.write(p, body);
 * }</pre>
 *
 * <h2>How a path is checked</h2>
 *
 * The untrusted string is parsed, refused if absolute (or rooted, such as {@code C:x} on Windows),
 * then normalized lexically; if it climbs out of the base it is refused. The normalized path is
 * then walked from the base one name at a time as the operating system would, reading every
 * symbolic link met on the way (up to 40) and following its target, even if the target does not
 * exist; if the location reached is outside the base, the path is refused. Names that do not exist
 * yet are allowed, so the result may be used to create a file.
 *
 * <p>The check is made when {@link #resolve} is called: someone who can create symbolic links
 * inside the base between that call and the use of the path can still redirect it. Keep the base
 * writable only by the code that uses the safe root.
 *
 * <p>{@link #resolve} blocks only on the file system calls needed to read links (on the caller's
 * thread); it is a cancellation point before it starts. Instances are immutable and thread-safe;
 * every argument must be non-null ({@link NullPointerException} naming it otherwise).
 */
public final class SafeRoot {
    private static final int MAX_LINKS = 40;

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
     * @throws java.nio.file.NoSuchFileException if {@code base} does not exist
     * @throws NotDirectoryException if {@code base} is not a directory
     * @throws CancelledException if the calling thread is interrupted
     * @throws IOException if the real path cannot be read
     */
    public static SafeRoot of(Path base) throws IOException {
        Objects.requireNonNull(base, "base");
        Cancellations.checkpoint();
        Path real = base.toRealPath();
        if (!Files.isDirectory(real)) {
            throw new NotDirectoryException(base.toString());
        }
        return new SafeRoot(real);
    }

    /**
     * Returns the real path of the base directory. Does not block.
     *
     * @return the base directory, absolute and with symbolic links resolved
     */
    public Path base() {
        return base;
    }

    /**
     * Resolves an untrusted relative path under the base. The result may name a file that does not
     * exist yet. An empty string resolves to the base itself.
     *
     * @param untrusted a relative path such as {@code "img/logo.png"}
     * @return the absolute, lexically normalized path inside the base (symbolic links inside the
     *     base are kept as they are)
     * @throws NullPointerException if {@code untrusted} is null
     * @throws PathEscapeException if the path is absolute, climbs out with {@code ..}, or reaches
     *     outside the base through a symbolic link
     * @throws java.nio.file.InvalidPathException if the string is not a valid path (for example it
     *     contains a NUL character)
     * @throws FileSystemException if symbolic links nest more than 40 deep (a loop)
     * @throws CancelledException if the calling thread is interrupted
     * @throws IOException if a symbolic link on the way cannot be read
     */
    public Path resolve(String untrusted) throws IOException {
        Objects.requireNonNull(untrusted, "untrusted");
        Cancellations.checkpoint();
        Path relative = base.getFileSystem().getPath(untrusted);
        if (relative.isAbsolute() || relative.getRoot() != null) {
            throw new PathEscapeException(untrusted, "absolute paths are not allowed");
        }
        Path candidate = base.resolve(relative).normalize();
        if (!candidate.startsWith(base)) {
            throw new PathEscapeException(untrusted, "'..' leaves the base directory " + base);
        }
        Path reached = followLinks(untrusted, base.relativize(candidate));
        if (!reached.startsWith(base)) {
            throw new PathEscapeException(
                    untrusted, "a symbolic link leads outside " + base + " (to " + reached + ")");
        }
        return candidate;
    }

    /**
     * Walks {@code relative} from the base as the OS would, following links; returns where it ends.
     */
    private Path followLinks(String untrusted, Path relative) throws IOException {
        Deque<Path> names = new ArrayDeque<>();
        for (Path name : relative) {
            if (!name.toString().isEmpty()) {
                names.addLast(name);
            }
        }
        Path current = base;
        int links = 0;
        while (!names.isEmpty()) {
            Path name = names.removeFirst();
            String s = name.toString();
            if (s.equals(".")) {
                continue;
            }
            if (s.equals("..")) {
                current = current.getParent() == null ? current : current.getParent();
                continue;
            }
            Path next = current.resolve(name);
            if (!Files.isSymbolicLink(next)) {
                current = next;
                continue;
            }
            if (++links > MAX_LINKS) {
                throw new FileSystemException(untrusted, null, "too many levels of symbolic links");
            }
            Path target = Files.readSymbolicLink(next);
            Deque<Path> expanded = new ArrayDeque<>();
            for (Path part : target) {
                expanded.addLast(part);
            }
            while (!expanded.isEmpty()) {
                names.addFirst(expanded.removeLast());
            }
            if (target.getRoot() != null) {
                current = target.getRoot();
            }
        }
        return current;
    }

    @Override
    public String toString() {
        return "SafeRoot[" + base + "]";
    }
}
