package dev.weft.io.files.internal;

import dev.weft.io.files.WriteMode;

import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/*
 * Whole-file writes. ATOMIC: create ".NAME.RANDOM.tmp" beside the target (same file system, so
 * the rename is atomic), write, force(true), rename over the target with ATOMIC_MOVE, then force
 * the directory so the rename itself survives a power loss. Any failure or cancellation before the
 * rename deletes the temporary file; the target keeps its old content. A cancellation that arrives
 * after the rename still throws CancelledException, but the new content is already in place.
 *
 * Symbolic links are followed: the real file is replaced and the link is kept. The existing
 * file's POSIX permissions are copied to the replacement.
 */
public final class AtomicWrite {
    private AtomicWrite() {}

    /** Writes the content produced by {@code body}; {@code body} must not close the stream. */
    @FunctionalInterface
    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code target}. {@code offload} runs the write on the offload pool even for a regular
     * target, for a body that reads from a FIFO or device.
     */
    public static void write(Path target, WriteMode mode, boolean offload, Body body)
            throws IOException {
        String what = "writing " + target;
        Blocking.Kind kind = Blocking.kindOf(target);
        if (kind == Blocking.Kind.DIRECTORY) {
            throw Blocking.isDirectory(target);
        }
        Blocking.IoCall<@Nullable Void> op;
        if (kind == Blocking.Kind.OTHER || mode == WriteMode.IN_PLACE) {
            op = () -> inPlace(target, body, false);
        } else {
            Path real =
                    kind == Blocking.Kind.REGULAR
                            ? target.toRealPath()
                            : danglingLinkTarget(target);
            op = () -> atomic(real, body);
        }
        if (offload || kind == Blocking.Kind.OTHER) {
            Blocking.offload(what, op);
        } else {
            Blocking.direct(what, op);
        }
    }

    public static void append(Path target, Body body) throws IOException {
        String what = "appending to " + target;
        switch (Blocking.kindOf(target)) {
            case DIRECTORY -> throw Blocking.isDirectory(target);
            case OTHER -> Blocking.offload(what, () -> inPlace(target, body, true));
            case REGULAR, MISSING -> Blocking.direct(what, () -> inPlace(target, body, true));
        }
    }

    private static @Nullable Void inPlace(Path target, Body body, boolean append)
            throws IOException {
        OpenOption last = append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING;
        try (FileChannel ch =
                FileChannel.open(
                        target, StandardOpenOption.WRITE, StandardOpenOption.CREATE, last)) {
            OutputStream out = Channels.newOutputStream(ch);
            body.writeTo(out);
            out.flush();
        }
        return null;
    }

    private static @Nullable Void atomic(Path target, Body body) throws IOException {
        Path dir =
                Objects.requireNonNull(
                        target.toAbsolutePath().getParent(), "a file's absolute path has a parent");
        Path tmp = createTemp(target, dir, target.getFileName().toString());
        boolean moved = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                OutputStream out = Channels.newOutputStream(ch);
                body.writeTo(out);
                out.flush();
                ch.force(true);
            }
            copyPermissions(target, tmp);
            try {
                Files.move(
                        tmp,
                        target,
                        StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                // Same directory, so only exotic file systems get here; a plain replace is the best
                // left.
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
            forceDirectory(dir);
        } finally {
            if (!moved) {
                Files.deleteIfExists(tmp);
            }
        }
        return null;
    }

    /** A missing target reached through a dangling link is created where the link points. */
    private static Path danglingLinkTarget(Path target) throws IOException {
        Path p = target;
        for (int i = 0; i < 40 && Files.isSymbolicLink(p); i++) {
            p = p.resolveSibling(Files.readSymbolicLink(p));
        }
        return p;
    }

    private static Path createTemp(Path target, Path dir, String name) throws IOException {
        try {
            return createTemp(dir, name);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(
                    target.toString(), e.getFile(), "parent directory does not exist");
        } catch (AccessDeniedException e) {
            throw new AccessDeniedException(
                    target.toString(),
                    e.getFile(),
                    "cannot create a temporary file beside it (atomic writes need write access to the directory)");
        }
    }

    private static Path createTemp(Path dir, String name) throws IOException {
        while (true) {
            String suffix = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
            Path tmp = dir.resolve("." + name + "." + suffix + ".tmp");
            try {
                // CREATE_NEW without attributes: the umask applies, as for a plain write.
                Files.newByteChannel(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)
                        .close();
                return tmp;
            } catch (FileAlreadyExistsException e) {
                // Another writer drew the same name: draw again.
            }
        }
    }

    private static void copyPermissions(Path from, Path to) throws IOException {
        if (Files.exists(from, LinkOption.NOFOLLOW_LINKS)
                && from.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(to, Files.getPosixFilePermissions(from));
        }
    }

    /** Forces a directory's entries to disk; file systems that cannot (Windows) are skipped. */
    private static void forceDirectory(Path dir) throws IOException {
        FileChannel ch;
        try {
            ch = FileChannel.open(dir, StandardOpenOption.READ);
        } catch (IOException | UnsupportedOperationException e) {
            return;
        }
        try (ch) {
            ch.force(true);
        } catch (IOException e) {
            Blocking.rethrowCancellation("forcing " + dir, e);
            // Some file systems refuse fsync on a directory; the rename is done either way.
        }
    }
}
